"""Schema migrations, tested from the very first version on the real SQLCipher.

Every test walks ``range(Migrations.LATEST)`` or compares with what a new store gets,
so adding migration v2 only extends what they check: a database at any released
version must reach the latest schema, and that schema must be the one a new store has.
"""

import secrets
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import sqlcipher3

from app.store.lock_reason import LockReason
from app.store.migrations import Migrations
from app.store.store_database import StoreDatabase
from app.store.store_locked_error import StoreLockedError
from tests.helpers.file_snapshot import FileSnapshot

Connection = Any

# What the design says the store holds (DESIGN.md, Data): every one must exist at LATEST.
TABLES = {
    "meta",
    "resource",
    "patient_index",
    "patient_fts",
    "outbox",
    "sync_cursor",
    "conflict",
    "audit",
}


class _InMemoryKey:
    """A key provider holding one key in memory (these tests are not about the keyring)."""

    def __init__(self) -> None:
        self._key: bytes | None = None

    def load(self) -> bytes | None:
        return self._key

    def create(self) -> bytes:
        self._key = secrets.token_bytes(32)
        return self._key


@pytest.fixture
def keys() -> _InMemoryKey:
    return _InMemoryKey()


@pytest.fixture
def raw(tmp_path: Path) -> Iterator[Connection]:
    """An empty SQLCipher database (version 0) with a random raw key."""
    conn = sqlcipher3.connect(str(tmp_path / "raw.db"), isolation_level=None)
    StoreDatabase.apply_key(conn, secrets.token_bytes(32))
    conn.execute("PRAGMA journal_mode = WAL")
    try:
        yield conn
    finally:
        conn.close()


def _schema(conn: Connection) -> list[tuple[str, str, str]]:
    return sorted(
        (str(t), str(n), str(sql))
        for t, n, sql in conn.execute("SELECT type, name, sql FROM sqlite_master")
    )


def _tables(conn: Connection) -> set[str]:
    return {str(r[0]) for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}


def _new_store_schema(tmp_path: Path, keys: _InMemoryKey) -> list[tuple[str, str, str]]:
    path = tmp_path / "reference" / "store.db"
    db = StoreDatabase.open(path, keys)
    db.close()
    key = keys.load()
    assert key is not None
    conn = sqlcipher3.connect(str(path), isolation_level=None)
    try:
        StoreDatabase.apply_key(conn, key)
        return _schema(conn)
    finally:
        conn.close()


def test_a_new_database_starts_at_version_zero(raw: Connection) -> None:
    assert Migrations.current(raw) == 0
    assert _tables(raw) == set()


def test_each_step_raises_the_version_by_exactly_one(raw: Connection) -> None:
    for version in range(Migrations.LATEST):
        assert Migrations.apply(raw, target=version + 1) == version + 1
        assert Migrations.current(raw) == version + 1


@pytest.mark.parametrize("start", range(Migrations.LATEST))
def test_every_released_version_reaches_the_latest_schema(
    raw: Connection, tmp_path: Path, keys: _InMemoryKey, start: int
) -> None:
    assert Migrations.apply(raw, target=start) == start
    assert Migrations.apply(raw) == Migrations.LATEST
    assert Migrations.current(raw) == Migrations.LATEST
    assert _tables(raw) >= TABLES
    # Whatever the way there, the result is the schema a brand-new store gets.
    assert _schema(raw) == _new_store_schema(tmp_path, keys)
    assert raw.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_the_latest_schema_works_as_the_store_uses_it(raw: Connection) -> None:
    Migrations.apply(raw)
    # FTS5 with contentless_delete: a patient's row can be deleted and replaced.
    raw.execute("INSERT INTO patient_fts (rowid, names) VALUES (1, 'Élodie Durand')")
    raw.execute("DELETE FROM patient_fts WHERE rowid = 1")
    raw.execute("INSERT INTO patient_fts (rowid, names) VALUES (1, 'Hélène Lefèvre')")
    rows = raw.execute("SELECT rowid FROM patient_fts WHERE patient_fts MATCH 'hel*'").fetchall()
    assert rows == [(1,)]
    gone = raw.execute("SELECT rowid FROM patient_fts WHERE patient_fts MATCH 'elodie'").fetchall()
    assert gone == []
    with pytest.raises(sqlcipher3.IntegrityError):
        raw.execute(
            "INSERT INTO outbox (type, id, op, created_at) VALUES ('Patient', 'p', 'x', '')"
        )


def test_applying_again_changes_nothing(raw: Connection) -> None:
    assert Migrations.apply(raw) == Migrations.LATEST
    schema, changes = _schema(raw), raw.total_changes
    assert Migrations.apply(raw) == Migrations.LATEST
    assert Migrations.apply(raw, target=Migrations.LATEST) == Migrations.LATEST
    assert _schema(raw) == schema
    assert raw.total_changes == changes


def _failing_step(conn: Connection) -> None:
    conn.execute("CREATE TABLE half_done (x INTEGER)")
    raise RuntimeError("migration step failed")


class _WithFailingStep(Migrations):
    """The released steps, then one that fails halfway (a subclass, not a patch)."""

    STEPS = (*Migrations.STEPS, _failing_step)
    LATEST = len(STEPS)


def test_a_failing_step_leaves_the_last_released_version(raw: Connection) -> None:
    with pytest.raises(RuntimeError):
        _WithFailingStep.apply(raw)
    assert Migrations.current(raw) == Migrations.LATEST
    assert "half_done" not in _tables(raw)
    assert _tables(raw) >= TABLES


@pytest.mark.parametrize("full_check", [True, False])
def test_a_newer_schema_stays_locked_and_untouched(
    tmp_path: Path, keys: _InMemoryKey, full_check: bool
) -> None:
    path = tmp_path / "profile" / "store.db"
    StoreDatabase.open(path, keys).close()
    key = keys.load()
    assert key is not None
    conn = sqlcipher3.connect(str(path), isolation_level=None)
    try:
        StoreDatabase.apply_key(conn, key)
        conn.execute(f"PRAGMA user_version = {Migrations.LATEST + 1:d}")
    finally:
        conn.close()
    before = FileSnapshot.of(path.parent)
    with pytest.raises(StoreLockedError) as locked:
        StoreDatabase.open(path, keys, full_check=full_check)
    assert locked.value.reason is LockReason.NEWER_SCHEMA
    assert FileSnapshot.of(path.parent).changes_beyond_sqlite_side_files(before) == []


@pytest.mark.parametrize("version", range(1, Migrations.LATEST + 1))
def test_opening_a_store_of_any_released_version_brings_it_to_the_latest(
    tmp_path: Path, keys: _InMemoryKey, version: int
) -> None:
    path = tmp_path / "profile" / "store.db"
    path.parent.mkdir()
    key = keys.create()
    conn = sqlcipher3.connect(str(path), isolation_level=None)
    try:
        StoreDatabase.apply_key(conn, key)
        conn.execute("PRAGMA journal_mode = WAL")
        Migrations.apply(conn, target=version)
    finally:
        conn.close()
    db = StoreDatabase.open(path, keys)
    db.close()
    conn = sqlcipher3.connect(str(path), isolation_level=None)
    try:
        StoreDatabase.apply_key(conn, key)
        assert Migrations.current(conn) == Migrations.LATEST
        assert _tables(conn) >= TABLES
    finally:
        conn.close()
