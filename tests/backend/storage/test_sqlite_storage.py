"""What only the SQLite engine does: SQLCipher at rest, file permissions, group commit,
and writes planned before the write lock checked under it."""

import asyncio
import os
import sqlite3
import stat
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import sqlcipher3

from backend.storage import sqlite_storage
from backend.storage.schema import Schema
from backend.storage.sqlite_storage import SqliteStorage
from backend.storage.storage_errors import StorageUnavailableError, VersionConflictError
from tests.backend.storage.samples import Samples

S = Samples  # nearly every line of these tests builds a sample

pytestmark = pytest.mark.asyncio

SECRET = "Zéphyrine-Secrète"


async def _write_secret(path: Path, key: bytes | None) -> None:
    store = SqliteStorage(path, key)
    await store.open()
    try:
        await store.write([S.create("Patient", "p1", S.patient(SECRET))])
        # Leave some of it in the WAL too: both files must be encrypted.
        await store.write([S.update("Patient", "p1", S.patient(SECRET + "2"))])
    finally:
        await store.close()


def _all_bytes(path: Path) -> bytes:
    data = b""
    for suffix in ("", "-wal", "-shm"):
        candidate = Path(str(path) + suffix)
        if candidate.exists():
            data += candidate.read_bytes()
    return data


async def test_with_a_key_nothing_is_readable_at_rest(tmp_path: Path) -> None:
    path = tmp_path / "enc.db"
    key = os.urandom(32)
    await _write_secret(path, key)
    raw = _all_bytes(path)
    assert not raw.startswith(b"SQLite format 3")
    for needle in (SECRET.encode(), "Zéphyrine".encode("utf-16-le"), b"Patient", b"resource"):
        assert needle not in raw
    # Python's own sqlite3 (no SQLCipher) cannot read it.
    plain = sqlite3.connect(path)
    try:
        with pytest.raises(sqlite3.DatabaseError):
            plain.execute("SELECT count(*) FROM sqlite_master").fetchone()
    finally:
        plain.close()
    # The same key reads it back.
    store = SqliteStorage(path, key)
    await store.open()
    try:
        read = await store.read("Patient", "p1")
        assert read is not None
        assert read.json is not None
        assert read.json["name"][0]["family"] == SECRET + "2"
    finally:
        await store.close()


async def test_a_wrong_or_missing_key_is_refused_without_damage(tmp_path: Path) -> None:
    path = tmp_path / "enc.db"
    key = os.urandom(32)
    await _write_secret(path, key)
    before = path.read_bytes()
    for wrong in (os.urandom(32), None):
        store = SqliteStorage(path, wrong)
        with pytest.raises(StorageUnavailableError, match="wrong key"):
            await store.open()
        await store.close()
    assert path.read_bytes() == before
    with pytest.raises(ValueError, match="32 bytes"):
        SqliteStorage(path, b"short")


async def test_without_a_key_the_file_is_plain_sqlite(tmp_path: Path) -> None:
    path = tmp_path / "plain.db"
    await _write_secret(path, None)
    conn = sqlite3.connect(path)
    try:
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        assert {"resource", "resource_history", "search_index", "schema_migration"} <= tables
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert conn.execute("SELECT count(*) FROM resource_history").fetchone()[0] == 2
    finally:
        conn.close()


async def test_the_database_is_private_to_its_owner(tmp_path: Path) -> None:
    path = tmp_path / "new" / "dir" / "backend.db"
    await _write_secret(path, os.urandom(32))
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700


async def test_instants_are_integer_microseconds_utc(tmp_path: Path) -> None:
    path = tmp_path / "plain.db"
    await _write_secret(path, None)
    store = SqliteStorage(path)
    await store.open()
    try:
        stored = await store.read("Patient", "p1")
    finally:
        await store.close()
    conn = sqlite3.connect(path)
    try:
        (micros,) = conn.execute("SELECT last_updated FROM resource").fetchone()
    finally:
        conn.close()
    assert stored is not None
    assert isinstance(micros, int)
    assert datetime(1970, 1, 1, tzinfo=UTC) + timedelta(microseconds=micros) == (
        stored.last_updated
    )


async def test_a_closed_storage_says_so(tmp_path: Path) -> None:
    store = SqliteStorage(tmp_path / "x.db")
    with pytest.raises(StorageUnavailableError):
        await store.read("Patient", "p1")
    await store.open()
    await store.close()
    with pytest.raises(StorageUnavailableError):
        await store.write([S.create("Patient", "p1", S.patient())])


async def test_an_unopenable_path_is_unavailable(tmp_path: Path) -> None:
    (tmp_path / "dir.db").mkdir()
    store = SqliteStorage(tmp_path / "dir.db")
    with pytest.raises((StorageUnavailableError, OSError)):
        await store.open()


async def test_group_commit_keeps_each_writes_own_outcome(tmp_path: Path) -> None:
    """Writes that share a commit: one's conflict rolls back that write alone."""
    store = SqliteStorage(tmp_path / "x.db", os.urandom(32))
    await store.open()
    try:
        await store.write([S.create("Patient", "taken", S.patient())])
        batches = [
            [S.create("Patient", f"p{i}", S.patient()), S.create("Patient", "taken", S.patient())]
            if i % 3 == 0
            else [S.create("Patient", f"p{i}", S.patient())]
            for i in range(60)
        ]
        outcomes = await asyncio.gather(*(store.write(b) for b in batches), return_exceptions=True)
        for i, outcome in enumerate(outcomes):
            if i % 3 == 0:
                assert isinstance(outcome, VersionConflictError)
                assert await store.read("Patient", f"p{i}") is None
            else:
                assert isinstance(outcome, list)
                assert await store.read("Patient", f"p{i}") is not None
        _, total = await store.history(None, None, None, 0, 0)
        assert total == 1 + 40
    finally:
        await store.close()


async def test_a_cancelled_write_waiting_for_its_turn_is_not_made(tmp_path: Path) -> None:
    store = SqliteStorage(tmp_path / "x.db")
    await store.open()
    try:
        big = asyncio.ensure_future(
            store.write([S.create("Observation", f"o{i}", S.observation()) for i in range(2000)])
        )
        await asyncio.sleep(0)
        small = asyncio.ensure_future(store.write([S.create("Patient", "late", S.patient())]))
        await asyncio.sleep(0)
        small.cancel()
        await big
        with pytest.raises(asyncio.CancelledError):
            await small
        # Let a drain run that would have picked it up.
        await store.write([S.create("Patient", "after", S.patient())])
        # Cancelled while queued: either never made, or made before the cancel landed.
        late = await store.read("Patient", "late")
        assert late is None or late.version == 1
    finally:
        await store.close()


async def test_sqlcipher_settings_are_the_default_sqlcipher_4(tmp_path: Path) -> None:
    """Any SQLCipher 4 tool opens the file with the raw key and default settings."""
    path = tmp_path / "enc.db"
    key = os.urandom(32)
    await _write_secret(path, key)
    conn = sqlcipher3.connect(str(path))
    try:
        conn.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
        assert conn.execute("SELECT count(*) FROM resource").fetchone()[0] == 1
        assert conn.execute("PRAGMA cipher_integrity_check").fetchall() == []
    finally:
        conn.close()


async def test_another_process_creating_resources_meanwhile_takes_other_keys(
    tmp_path: Path,
) -> None:
    """Each storage plans new resources after the last key it knows; a write planned
    from a key another process has taken since is checked, refused and planned again."""
    path, key = tmp_path / "x.db", os.urandom(32)
    first, second = SqliteStorage(path, key), SqliteStorage(path, key)
    await first.open()
    await second.open()
    try:
        for i in range(3):
            await first.write([S.create("Patient", f"a{i}", S.patient(f"First{i}"))])
            await second.write([S.create("Patient", f"b{i}", S.patient(f"Second{i}"))])
        for rid, family in [(f"a{i}", f"First{i}") for i in range(3)] + [
            (f"b{i}", f"Second{i}") for i in range(3)
        ]:
            stored = await second.read("Patient", rid)
            assert stored is not None
            assert stored.json is not None
            assert stored.json["name"][0]["family"] == family
            found = await S.ids(first, S.query("Patient", ("family", [S.text(family)])))
            assert found == [rid]
    finally:
        await first.close()
        await second.close()


async def test_a_version_changed_by_another_process_after_the_read_is_not_lost(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The read a group is planned from is taken without the write lock: if another
    process writes one of its resources before the group's statement runs, the
    statement refuses to write and the group is planned again under the lock."""
    path, key = tmp_path / "x.db", os.urandom(32)
    store = SqliteStorage(path, key)
    await store.open()
    real_read = sqlite_storage._read_current
    raced: list[bool] = []

    def read_then_race(conn: Any, keys: Any) -> Any:
        found = real_read(conn, keys)
        if not raced:
            raced.append(True)
            # Another process updates p1 to version 2 between the read and the write.
            other = sqlcipher3.connect(str(path), isolation_level=None)
            try:
                other.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
                other.execute("PRAGMA busy_timeout = 10000")
                (rkey, _, at) = other.execute(
                    "SELECT rkey, version, last_updated FROM resource WHERE id = 'p1'"
                ).fetchone()
                other.execute("BEGIN IMMEDIATE")
                other.execute(
                    "UPDATE resource SET version = 2, last_updated = ? WHERE rkey = ?",
                    (at + 1, rkey),
                )
                other.execute(
                    "INSERT INTO resource_history (hkey, type, id, version, last_updated,"
                    " json) VALUES (?, 'Patient', 'p1', 2, ?, '{}')",
                    (rkey * Schema.KEY_SPAN + 2, at + 1),
                )
                other.execute("COMMIT")
            finally:
                other.close()
        return found

    try:
        await store.write([S.create("Patient", "p1", S.patient("Before"))])
        monkeypatch.setattr(sqlite_storage, "_read_current", read_then_race)
        with pytest.raises(VersionConflictError) as conflict:
            await store.write([S.update("Patient", "p1", S.patient("Late"), if_match=1)])
        assert conflict.value.current == 2
        assert raced == [True]
        versions, total = await store.history("Patient", "p1", None, 10, 0)
        assert ([v.version for v in versions], total) == ([2, 1], 2)
        # Without If-Match, the same write lands on top of the other process's version.
        (stored,) = await store.write([S.update("Patient", "p1", S.patient("Late"))])
        assert stored.version == 3
    finally:
        await store.close()
