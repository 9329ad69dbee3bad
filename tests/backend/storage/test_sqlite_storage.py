"""What only the SQLite engine does: SQLCipher at rest, file permissions, group commit."""

import asyncio
import os
import sqlite3
import stat
from pathlib import Path

import pytest
import sqlcipher3

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


async def test_instants_are_fixed_width_utc_text(tmp_path: Path) -> None:
    path = tmp_path / "plain.db"
    await _write_secret(path, None)
    conn = sqlite3.connect(path)
    try:
        (text,) = conn.execute("SELECT last_updated FROM resource").fetchone()
    finally:
        conn.close()
    assert len(text) == len("2026-11-23T10:15:30.123456+00:00")
    assert text.endswith("+00:00")


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
