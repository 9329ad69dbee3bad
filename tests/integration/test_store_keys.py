"""The store key: kept in the OS keyring only, and any doubt about it keeps the store locked.

Every refusal must leave the profile folder exactly as it was (bytes and inodes) and
must never create a database: the workstation never builds a fresh store over an
existing one, and never falls back to a key file for a real profile.
"""

import base64
import os
import secrets
import stat
import time
from pathlib import Path

import keyring
import keyring.backends.fail
import pytest

from app.audit.audit_entry import AuditAction, AuditRecord
from app.config import DEMO_PROFILE, Config
from app.store.demo_key_file import DemoKeyFile
from app.store.lock_reason import LockReason
from app.store.profile_keys import ProfileKeys
from app.store.resource_write import ResourceWrite
from app.store.store_database import StoreDatabase
from app.store.store_key import KEY_BYTES, SERVICE, StoreKey
from app.store.store_locked_error import StoreLockedError
from tests.helpers.file_snapshot import FileSnapshot
from tests.helpers.forgetful_keyring import ForgetfulKeyring

PROFILE = "keys"
USERNAME = f"store-key/{PROFILE}"


def _unavailable() -> keyring.backends.fail.Keyring:
    """keyring's own backend for "no keyring here": every call raises NoKeyringError."""
    return keyring.backends.fail.Keyring()


def _config(root: Path, profile: str = PROFILE) -> Config:
    return Config(profile=profile, demo=profile == DEMO_PROFILE, data_root=root)


@pytest.fixture
def store_path(tmp_path: Path, keyring_path: Path) -> Path:
    """A closed store of the profile, with a few writes."""
    path = _config(tmp_path / "data").db_path
    db = StoreDatabase.open(path, StoreKey(PROFILE, path))
    try:
        db.commit(
            [ResourceWrite("Patient", "p1", {"resourceType": "Patient", "id": "p1"})],
            [AuditRecord("Practitioner/k", AuditAction.CREATE, "Patient/p1", "ws")],
        )
    finally:
        db.close()
    return path


def _assert_locked(path: Path, reason: LockReason, profile: str = PROFILE) -> None:
    folder = path.parent
    before = FileSnapshot.of(folder)
    with pytest.raises(StoreLockedError) as locked:
        StoreDatabase.open(path, StoreKey(profile, path))
    assert locked.value.reason is reason, locked.value.detail
    assert locked.value.path == path
    assert FileSnapshot.of(folder) == before


def test_a_different_key_in_the_keyring_is_a_wrong_key(store_path: Path) -> None:
    keyring.set_password(SERVICE, USERNAME, secrets.token_hex(KEY_BYTES))
    _assert_locked(store_path, LockReason.WRONG_KEY)


def test_a_different_key_without_key_check_is_unreadable(store_path: Path) -> None:
    StoreDatabase.keycheck_path(store_path).unlink()
    keyring.set_password(SERVICE, USERNAME, secrets.token_hex(KEY_BYTES))
    _assert_locked(store_path, LockReason.UNREADABLE)


@pytest.mark.parametrize(
    "stored",
    ["not hex at all", "ab" * (KEY_BYTES - 1), "ab" * (KEY_BYTES + 1), "zz" * KEY_BYTES],
    ids=["not-hex", "31-bytes", "33-bytes", "64-non-hex-chars"],
)
def test_a_malformed_key_is_a_wrong_key(store_path: Path, stored: str) -> None:
    keyring.set_password(SERVICE, USERNAME, stored)
    _assert_locked(store_path, LockReason.WRONG_KEY)


def test_no_key_for_an_existing_database_is_key_missing(store_path: Path) -> None:
    keyring.delete_password(SERVICE, USERNAME)
    _assert_locked(store_path, LockReason.KEY_MISSING)
    # Above all, no new key was made up for it.
    assert keyring.get_password(SERVICE, USERNAME) is None


def test_an_unavailable_keyring_locks_an_existing_store(store_path: Path) -> None:
    keyring.set_keyring(_unavailable())
    _assert_locked(store_path, LockReason.KEYRING_UNAVAILABLE)


def test_an_unavailable_keyring_creates_nothing_for_a_new_profile(
    tmp_path: Path, keyring_path: Path
) -> None:
    keyring.set_keyring(_unavailable())
    config = _config(tmp_path / "data", "newcomer")
    with pytest.raises(StoreLockedError) as locked:
        StoreDatabase.open(config.db_path, StoreKey(config.profile, config.db_path))
    assert locked.value.reason is LockReason.KEYRING_UNAVAILABLE
    assert FileSnapshot.of(tmp_path / "data").files == {}
    assert not config.demo_key_path.exists()


def test_a_keyring_that_loses_the_key_is_unavailable_at_creation(
    tmp_path: Path, keyring_path: Path
) -> None:
    forgetful = ForgetfulKeyring()
    keyring.set_keyring(forgetful)
    config = _config(tmp_path / "data", "newcomer")
    with pytest.raises(StoreLockedError) as locked:
        StoreDatabase.open(config.db_path, StoreKey(config.profile, config.db_path))
    assert locked.value.reason is LockReason.KEYRING_UNAVAILABLE
    assert forgetful.accepted == 1
    assert FileSnapshot.of(tmp_path / "data").files == {}


def _plaintext_forms(key: bytes) -> list[bytes]:
    hex_key = key.hex()
    return [
        key,
        hex_key.encode(),
        hex_key.upper().encode(),
        hex_key.encode("utf-16-le"),
        base64.b64encode(key),
        base64.b64encode(key).rstrip(b"="),
    ]


def _files_holding(folder: Path, needles: list[bytes]) -> list[str]:
    return [
        str(p.relative_to(folder))
        for p in sorted(folder.rglob("*"))
        if p.is_file() and any(n in p.read_bytes() for n in needles)
    ]


def test_a_new_profile_creates_a_random_key_in_the_keyring_and_nowhere_else(
    tmp_path: Path, keyring_path: Path
) -> None:
    config = _config(tmp_path / "data", "fresh")
    db = StoreDatabase.open(config.db_path, StoreKey(config.profile, config.db_path))
    try:
        stored = keyring.get_password(SERVICE, f"store-key/{config.profile}")
        # Never let a failing assertion print the key: compare into booleans first.
        well_formed = stored is not None and len(bytes.fromhex(stored)) == KEY_BYTES
        assert well_formed
        assert stored is not None
        key = bytes.fromhex(stored)
        not_zero = key != bytes(KEY_BYTES)
        assert not_zero
        db.commit(
            [ResourceWrite("Patient", "p1", {"resourceType": "Patient", "id": "p1"})],
            [AuditRecord("Practitioner/k", AuditAction.CREATE, "Patient/p1", "ws")],
        )
        # With the WAL live, then after the checkpoint at close.
        assert Path(f"{config.db_path}-wal").exists()
        leaks = _files_holding(config.profile_dir, _plaintext_forms(key))
        assert leaks == []
    finally:
        db.close()
    leaks = _files_holding(config.profile_dir, _plaintext_forms(key))
    assert leaks == []
    assert not config.demo_key_path.exists()
    assert stat.S_IMODE(config.db_path.stat().st_mode) == 0o600
    # Another profile gets its own key.
    other = _config(tmp_path / "data", "other")
    StoreDatabase.open(other.db_path, StoreKey(other.profile, other.db_path)).close()
    other_key = keyring.get_password(SERVICE, "store-key/other")
    distinct = other_key is not None and other_key != stored
    assert distinct


def test_only_the_demo_profile_keeps_its_key_in_a_file(tmp_path: Path, keyring_path: Path) -> None:
    demo = _config(tmp_path / "data", DEMO_PROFILE)
    real = _config(tmp_path / "data", PROFILE)
    assert isinstance(ProfileKeys.for_config(demo), DemoKeyFile)
    assert isinstance(ProfileKeys.for_config(real), StoreKey)
    # With no keyring at all the demo still opens (its key file says so) ...
    keyring.set_keyring(_unavailable())
    StoreDatabase.open(demo.db_path, ProfileKeys.for_config(demo)).close()
    assert stat.S_IMODE(demo.demo_key_path.stat().st_mode) == 0o600
    demo_key_ok = len(bytes.fromhex(demo.demo_key_path.read_text())) == KEY_BYTES
    assert demo_key_ok
    # ... while a real profile stays locked and gets no key file.
    with pytest.raises(StoreLockedError) as locked:
        StoreDatabase.open(real.db_path, ProfileKeys.for_config(real))
    assert locked.value.reason is LockReason.KEYRING_UNAVAILABLE
    assert not real.profile_dir.exists()


@pytest.mark.parametrize(
    "content",
    [b"", b"SQLite format 3\x00" + bytes(4080), b"not a database, but someone's file\n" * 300],
    ids=["empty", "plain-sqlite-header", "text"],
)
@pytest.mark.parametrize("key_in_keyring", [True, False])
def test_an_existing_file_that_is_no_store_is_never_replaced(
    tmp_path: Path, keyring_path: Path, content: bytes, key_in_keyring: bool
) -> None:
    config = _config(tmp_path / "data", "squatted")
    config.profile_dir.mkdir(parents=True)
    config.db_path.write_bytes(content)
    if key_in_keyring:
        StoreKey(config.profile, config.db_path).create()
    reason = LockReason.UNREADABLE if key_in_keyring else LockReason.KEY_MISSING
    _assert_locked(config.db_path, reason, config.profile)
    assert config.db_path.read_bytes() == content


def test_an_emptied_store_is_corrupt_not_a_new_store(store_path: Path) -> None:
    # The key check still matches the keyring: this was our store, and it lost its bytes.
    with store_path.open("r+b") as f:
        f.truncate(0)
    _assert_locked(store_path, LockReason.CORRUPT)
    assert store_path.stat().st_size == 0


def test_half_built_databases_of_a_killed_creation_are_cleaned_up(
    tmp_path: Path, keyring_path: Path
) -> None:
    config = _config(tmp_path)
    config.profile_dir.mkdir(parents=True)
    old = config.profile_dir / ".store.db.0123456789ab.new"
    recent = config.profile_dir / ".store.db.ba9876543210.new"
    other = config.profile_dir / "notes.new"
    for leftover in (old, recent, other):
        leftover.write_bytes(b"x" * 100)
    stale = time.time() - 2 * 3600
    os.utime(old, (stale, stale))
    os.utime(other, (stale, stale))
    StoreDatabase.open(config.db_path, ProfileKeys.for_config(config)).close()
    assert not old.exists()
    assert recent.exists()  # maybe another process creating right now
    assert other.exists()  # not ours
