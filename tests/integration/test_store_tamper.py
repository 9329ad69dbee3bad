"""Damaged or tampered database files: the store stays locked and repairs nothing.

Bytes are flipped (seeded) in chosen and random pages of a closed store, page 1 and
the last page included. SQLCipher authenticates every page with an HMAC, so the full
check at open must refuse the file; the file must come out byte for byte as it went
in, on the same inode, with nothing new beside it but SQLite's empty ``-wal`` and its
``-shm`` index (a read-only connection cannot delete them).

A live WAL is a different matter, and the last tests here pin down what SQLite does:
a WAL frame whose checksum fails is taken for the torn tail of an interrupted write,
so that commit and every later one are dropped without a word. The store then holds
an earlier committed state, consistent and with an intact audit chain; the loss
itself cannot be detected locally.
"""

import random
import shutil
import struct
from pathlib import Path
from typing import Any

import pytest

from app.audit.audit_entry import AuditAction, AuditRecord
from app.store.lock_reason import LockReason
from app.store.resource_write import ResourceWrite
from app.store.store_database import CIPHER_PAGE_SIZE, StoreDatabase
from app.store.store_key import StoreKey
from app.store.store_locked_error import StoreLockedError
from tests.helpers.file_snapshot import FileSnapshot

PROFILE = "tamper"
PAGE = CIPHER_PAGE_SIZE
WAL_HEADER = 32
WAL_FRAME_HEADER = 24
SEED = 4_815_162_342
RANDOM_PAGES = 6


def _edit(n: int) -> tuple[list[ResourceWrite], list[AuditRecord]]:
    obs: dict[str, Any] = {
        "resourceType": "Observation",
        "id": f"obs-{n:04d}",
        "status": "final",
        "subject": {"reference": "Patient/p1"},
        "effectiveDateTime": f"2024-02-01T10:{n // 60 % 60:02d}:{n % 60:02d}Z",
        "valueInteger": n,
        "note": [{"text": "t" * 300}],
    }
    return (
        [ResourceWrite("Observation", obs["id"], obs)],
        [AuditRecord("Practitioner/t", AuditAction.CREATE, f"Observation/{obs['id']}", "ws")],
    )


def _values(db: StoreDatabase) -> list[int]:
    return sorted(int(o["valueInteger"]) for o in db.by_patient("Observation", "Patient/p1"))


@pytest.fixture
def closed_store(tmp_path: Path, keyring_path: Path) -> Path:
    """A closed store of a few dozen pages; ``close()`` checkpointed its WAL."""
    path = tmp_path / "original" / "store.db"
    db = StoreDatabase.open(path, StoreKey(PROFILE, path))
    for n in range(1, 121):
        db.commit(*_edit(n))
    db.close()
    assert not Path(f"{path}-wal").exists()
    return path


def _copy(original: Path, dest_dir: Path) -> Path:
    dest_dir.mkdir(parents=True)
    for name in (original.name, StoreDatabase.keycheck_path(original).name):
        shutil.copy2(original.parent / name, dest_dir / name)
    return dest_dir / original.name


def _flip(path: Path, offset: int, rng: random.Random) -> None:
    data = bytearray(path.read_bytes())
    data[offset] ^= 1 << rng.randrange(8)
    path.write_bytes(bytes(data))


def _assert_untouched(folder: Path, before: FileSnapshot) -> None:
    assert FileSnapshot.of(folder).changes_beyond_sqlite_side_files(before) == []


def _tamper_cases(pages: int, rng: random.Random) -> list[tuple[int, int]]:
    """(page number from 1, offset in the page): page 1's salt, body and HMAC, the last
    page, and random pages at random offsets."""
    cases = [(1, rng.randrange(16)), (1, rng.randrange(16, PAGE - 80)), (1, PAGE - 1)]
    cases += [(2, rng.randrange(PAGE)), (pages, rng.randrange(PAGE)), (pages, PAGE - 40)]
    middle = rng.sample(range(3, pages), RANDOM_PAGES)
    cases += [(p, rng.randrange(PAGE)) for p in middle]
    return cases


def test_flipped_bytes_in_any_page_lock_the_store_as_corrupt(
    closed_store: Path, tmp_path: Path
) -> None:
    rng = random.Random(SEED)
    pages = closed_store.stat().st_size // PAGE
    assert pages >= 20
    for i, (page, offset) in enumerate(_tamper_cases(pages, rng)):
        path = _copy(closed_store, tmp_path / f"trial-{i}")
        _flip(path, (page - 1) * PAGE + offset, rng)
        before = FileSnapshot.of(path.parent)
        with pytest.raises(StoreLockedError) as locked:
            StoreDatabase.open(path, StoreKey(PROFILE, path), full_check=True)
        # The key check matches, so a page that fails its HMAC is damage, page 1 too.
        assert locked.value.reason is LockReason.CORRUPT, (page, offset, locked.value.detail)
        _assert_untouched(path.parent, before)


def test_without_the_full_check_damage_is_still_never_accepted_silently(
    closed_store: Path, tmp_path: Path
) -> None:
    rng = random.Random(SEED + 1)
    pages = closed_store.stat().st_size // PAGE
    for i, (page, offset) in enumerate(_tamper_cases(pages, rng)):
        path = _copy(closed_store, tmp_path / f"trial-{i}")
        _flip(path, (page - 1) * PAGE + offset, rng)
        before = FileSnapshot.of(path.parent)
        locked: StoreLockedError | None = None
        try:
            db = StoreDatabase.open(path, StoreKey(PROFILE, path), full_check=False)
        except StoreLockedError as exc:
            locked = exc
        if locked is not None:
            assert locked.reason is LockReason.CORRUPT, (page, offset)
        else:
            # Opened (the page was not needed to open): the check still names the damage.
            try:
                assert db.integrity_problems() != [], (page, offset)
            finally:
                db.close()
        _assert_untouched(path.parent, before)


def test_page_one_damage_without_a_key_check_is_unreadable(
    closed_store: Path, tmp_path: Path
) -> None:
    rng = random.Random(SEED + 2)
    path = _copy(closed_store, tmp_path / "no-keycheck")
    StoreDatabase.keycheck_path(path).unlink()
    _flip(path, rng.randrange(16, PAGE - 80), rng)
    before = FileSnapshot.of(path.parent)
    with pytest.raises(StoreLockedError) as locked:
        StoreDatabase.open(path, StoreKey(PROFILE, path))
    # Without the key check a bad page 1 cannot be told from a wrong key.
    assert locked.value.reason is LockReason.UNREADABLE
    _assert_untouched(path.parent, before)
    assert not StoreDatabase.keycheck_path(path).exists()


def test_an_altered_key_check_reads_as_a_wrong_key(closed_store: Path, tmp_path: Path) -> None:
    path = _copy(closed_store, tmp_path / "bad-keycheck")
    check = StoreDatabase.keycheck_path(path)
    text = check.read_text()
    check.write_text(("1" if text[0] != "1" else "2") + text[1:])
    before = FileSnapshot.of(path.parent)
    with pytest.raises(StoreLockedError) as locked:
        StoreDatabase.open(path, StoreKey(PROFILE, path))
    assert locked.value.reason is LockReason.WRONG_KEY
    assert FileSnapshot.of(path.parent) == before


def test_a_tampered_page_left_alone_opens_again_once_restored(
    closed_store: Path, tmp_path: Path
) -> None:
    # Nothing was repaired or rewritten: putting the byte back gives the same store.
    rng = random.Random(SEED + 3)
    path = _copy(closed_store, tmp_path / "restore")
    original = path.read_bytes()
    offset = (rng.randrange(3, closed_store.stat().st_size // PAGE) - 1) * PAGE + 100
    _flip(path, offset, rng)
    with pytest.raises(StoreLockedError):
        StoreDatabase.open(path, StoreKey(PROFILE, path))
    path.write_bytes(original)
    db = StoreDatabase.open(path, StoreKey(PROFILE, path))
    try:
        assert _values(db) == list(range(1, 121))
        assert db.verify_audit().ok
    finally:
        db.close()


# -- a live WAL -------------------------------------------------------------------------


def _wal_commit_frames(wal: bytes) -> list[int]:
    """Indexes of the frames that end a transaction (their "database size" is set)."""
    count = (len(wal) - WAL_HEADER) // (WAL_FRAME_HEADER + PAGE)
    ends = []
    for i in range(count):
        start = WAL_HEADER + i * (WAL_FRAME_HEADER + PAGE)
        (db_size,) = struct.unpack(">I", wal[start + 4 : start + 8])
        if db_size:
            ends.append(i)
    return ends


@pytest.fixture
def crashed_with_live_wal(closed_store: Path, tmp_path: Path) -> Path:
    """The files a crash leaves: 120 edits in the database file, 10 more in its WAL."""
    db = StoreDatabase.open(closed_store, StoreKey(PROFILE, closed_store))
    try:
        for n in range(121, 131):
            db.commit(*_edit(n))
        snapshot = tmp_path / "crashed"
        snapshot.mkdir()
        for name in ("store.db", "store.db-wal", "store.db.keycheck"):
            shutil.copy2(closed_store.parent / name, snapshot / name)
    finally:
        db.close()
    assert len(_wal_commit_frames((snapshot / "store.db-wal").read_bytes())) == 10
    return snapshot / "store.db"


def test_a_crash_with_a_live_wal_recovers_every_commit(crashed_with_live_wal: Path) -> None:
    path = crashed_with_live_wal
    db = StoreDatabase.open(path, StoreKey(PROFILE, path), full_check=True)
    try:
        assert _values(db) == list(range(1, 131))
        assert db.verify_audit().ok
        assert db.verify_audit().entries == 130
    finally:
        db.close()


@pytest.mark.parametrize("commit", [5, 10])
def test_damaged_wal_frame_silently_drops_that_commit_and_later_ones(
    crashed_with_live_wal: Path, commit: int
) -> None:
    """Known limitation (SQLite's WAL design), pinned so that a change is noticed."""
    path = crashed_with_live_wal
    wal_path = Path(f"{path}-wal")
    wal = wal_path.read_bytes()
    ends = _wal_commit_frames(wal)
    first_frame = ends[commit - 2] + 1  # the frame right after the previous commit ended
    offset = WAL_HEADER + first_frame * (WAL_FRAME_HEADER + PAGE) + WAL_FRAME_HEADER + 200
    _flip(wal_path, offset, random.Random(SEED + commit))
    db = StoreDatabase.open(path, StoreKey(PROFILE, path), full_check=True)
    try:
        kept = 120 + commit - 1
        assert _values(db) == list(range(1, kept + 1))
        assert db.integrity_problems() == []
        verdict = db.verify_audit()
        assert verdict.ok
        assert verdict.entries == kept
    finally:
        db.close()


def test_damage_in_the_database_file_under_a_live_wal_still_locks(
    crashed_with_live_wal: Path,
) -> None:
    path = crashed_with_live_wal
    rng = random.Random(SEED + 4)
    pages = path.stat().st_size // PAGE
    for page in (1, pages, rng.randrange(2, pages)):
        data = path.read_bytes()
        _flip(path, (page - 1) * PAGE + rng.randrange(16, PAGE), rng)
        before = FileSnapshot.of(path.parent)
        with pytest.raises(StoreLockedError) as locked:
            StoreDatabase.open(path, StoreKey(PROFILE, path), full_check=True)
        assert locked.value.reason is LockReason.CORRUPT, page
        after = FileSnapshot.of(path.parent)
        assert after.changed_since(before) == set()
        path.write_bytes(data)
