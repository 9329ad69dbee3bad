"""The embedded engine: one SQLite file, SQLCipher-encrypted when given a key.

The workstation starts the backend with a 32-byte key, so health data is encrypted at
rest (SQLCipher 4, the key used raw: no KDF at open). Without a key the file is plain
SQLite (a test, or a server whose disk is encrypted otherwise).

Every database call runs on one dedicated worker thread with one connection: SQLite
allows one writer at a time anyway, and one thread makes the order of writes the
order of their transactions. A write reads the current versions it depends on inside
``BEGIN IMMEDIATE`` (the database's write lock, which other processes on the same file
also respect, waiting up to ``busy_timeout``), so two writes based on the same version
can never both succeed.

Group commit: writes that arrive while the thread is busy are committed together, each
inside its own SAVEPOINT, so one write's conflict rolls back that write alone while the
others share a single WAL sync. Each caller still gets its own all-or-nothing outcome,
and only once the COMMIT holding its write has returned.

WAL with ``synchronous = FULL``: a write that returned survives a power loss, not only a
crash of the process.
"""

import asyncio
import contextlib
import json
import os
import threading
from collections import deque
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, NamedTuple

import sqlcipher3

from backend.search.search_indexer import SearchIndexer
from backend.search.search_query import SearchQuery
from backend.storage.current_version import CurrentVersion
from backend.storage.schema import Schema
from backend.storage.search_sql import SearchSql
from backend.storage.sql_dialect import SqlDialect
from backend.storage.storage_errors import StorageUnavailableError
from backend.storage.stored_resource import StoredResource
from backend.storage.write_op import WriteOp
from backend.storage.write_plan import (
    HISTORY_SQL,
    INDEX_DELETE_SQL,
    INDEX_INSERT_SQL,
    UPSERT_SQL,
    WritePlan,
)

Connection = Any  # sqlcipher3 has no type stubs
Outcome = list[StoredResource] | BaseException

_DIALECT = SqlDialect.SQLITE
_KEY_BYTES = 32
# Enough to amortise the WAL sync over a burst of single creates, small enough that
# the first caller of a group does not wait long for the last one; big transactions
# (bundles of a thousand entries) are not piled into one commit.
_MAX_GROUP = 64
_GROUP_OPS = 2000
_CURRENT_SQL = "SELECT version, deleted, last_updated FROM resource WHERE type = ? AND id = ?"
_READ_SQL = "SELECT type, id, version, last_updated, json FROM resource WHERE type = ? AND id = ?"
_VREAD_SQL = (
    "SELECT type, id, version, last_updated, json FROM resource_history"
    " WHERE type = ? AND id = ? AND version = ?"
)


class _PendingWrite(NamedTuple):
    ops: list[WriteOp]
    future: "asyncio.Future[list[StoredResource]]"
    loop: asyncio.AbstractEventLoop


class SqliteStorage:
    """:class:`ResourceStorage` on one SQLite (SQLCipher) file."""

    def __init__(self, path: Path, key: bytes | None = None, *, busy_timeout_ms: int = 10_000):
        if key is not None and len(key) != _KEY_BYTES:
            raise ValueError(f"the database key must be {_KEY_BYTES} bytes")
        self.path = path
        self._key = key
        self._busy_timeout_ms = busy_timeout_ms
        self._executor: ThreadPoolExecutor | None = None
        self._conn: Connection = None
        self._indexer = SearchIndexer()
        self._sql = SearchSql(_DIALECT)
        self._pending: deque[_PendingWrite] = deque()
        self._pending_lock = threading.Lock()
        # Only the worker thread reads or moves it: instants never go back in this process.
        self._last_instant = datetime.min.replace(tzinfo=UTC)

    # -- lifecycle ---------------------------------------------------------------------

    async def open(self) -> None:
        if self._executor is not None:
            return
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="sqlite-storage")
        try:
            await self._call(self._open_connection)
        except BaseException:
            self._executor.shutdown(wait=False)
            self._executor = None
            raise

    async def close(self) -> None:
        executor = self._executor
        if executor is None:
            return
        try:
            await self._call(self._close_connection)
        finally:
            self._executor = None
            executor.shutdown(wait=False)

    def _open_connection(self) -> None:
        self.path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        with contextlib.suppress(FileExistsError):
            # Owner-only from the first byte; SQLite gives its -wal and -shm files the
            # database file's permissions.
            os.close(os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
        try:
            conn = sqlcipher3.connect(str(self.path), isolation_level=None)
        except sqlcipher3.Error as exc:
            raise StorageUnavailableError(f"cannot open {self.path}: {exc}") from None
        try:
            self._configure(conn)
            self._migrate(conn)
        except BaseException:
            conn.close()
            raise
        self._conn = conn

    def _configure(self, conn: Connection) -> None:
        if self._key is not None:
            # A raw key: SQLCipher skips its KDF, so opening costs no PBKDF2 rounds.
            conn.execute(f"PRAGMA key = \"x'{self._key.hex()}'\"")
        try:
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
            mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
        except sqlcipher3.DatabaseError:
            raise StorageUnavailableError(
                f"cannot read {self.path}: wrong key, or not a database"
            ) from None
        if str(mode).lower() != "wal":
            raise StorageUnavailableError(f"{self.path}: WAL mode refused ({mode})")
        # FULL: a commit that returned survives power loss, not only a crash.
        conn.execute("PRAGMA synchronous = FULL")
        conn.execute(f"PRAGMA busy_timeout = {int(self._busy_timeout_ms):d}")
        # 64 MiB of (decrypted) pages: big transactions and searches stay in memory.
        conn.execute("PRAGMA cache_size = -65536")
        conn.execute("PRAGMA temp_store = MEMORY")

    def _migrate(self, conn: Connection) -> None:
        try:
            conn.execute(Schema.version_table(_DIALECT))
            while True:
                conn.execute("BEGIN IMMEDIATE")
                try:
                    # Read again under the write lock: another process may have migrated.
                    current = int(conn.execute(Schema.CURRENT_VERSION_SQL).fetchone()[0])
                    Schema.check_supported(current, str(self.path))
                    steps = Schema.steps(_DIALECT, current)
                    if not steps:
                        conn.execute("COMMIT")
                        return
                    version, statements = steps[0]
                    for statement in statements:
                        conn.execute(statement)
                    conn.execute(Schema.RECORD_SQL, (version, _DIALECT.instant(_utcnow())))
                    conn.execute("COMMIT")
                except BaseException:
                    conn.execute("ROLLBACK")
                    raise
        except sqlcipher3.Error as exc:
            raise StorageUnavailableError(f"{self.path}: cannot set up the schema: {exc}") from None

    def _close_connection(self) -> None:
        conn, self._conn = self._conn, None
        if conn is None:
            return
        try:
            # Lets the next open start without replaying a long WAL.
            conn.execute("PRAGMA optimize")
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        except sqlcipher3.Error:
            pass
        finally:
            conn.close()

    async def _call[T](self, fn: Callable[..., T], *args: Any) -> T:
        executor = self._executor
        if executor is None:
            raise StorageUnavailableError("the storage is not open")
        return await asyncio.get_running_loop().run_in_executor(executor, fn, *args)

    def _connection(self) -> Connection:
        if self._conn is None:
            raise StorageUnavailableError("the storage is not open")
        return self._conn

    # -- reads -------------------------------------------------------------------------

    async def read(self, rtype: str, rid: str) -> StoredResource | None:
        key = (SearchIndexer.storable(rtype), SearchIndexer.storable(rid))
        rows = await self._call(self._query, _READ_SQL, key)
        return _stored(rows[0]) if rows else None

    async def vread(self, rtype: str, rid: str, version: int) -> StoredResource | None:
        key = (SearchIndexer.storable(rtype), SearchIndexer.storable(rid), version)
        rows = await self._call(self._query, _VREAD_SQL, key)
        return _stored(rows[0]) if rows else None

    async def history(
        self,
        rtype: str | None,
        rid: str | None,
        since: datetime | None,
        count: int,
        offset: int,
    ) -> tuple[list[StoredResource], int]:
        page, total = self._sql.history(
            None if rtype is None else SearchIndexer.storable(rtype),
            None if rid is None else SearchIndexer.storable(rid),
            since,
            count,
            offset,
        )
        rows, n = await self._call(self._page_and_count, page, total)
        return [_stored(r) for r in rows], int(n or 0)

    async def search(self, query: SearchQuery) -> tuple[list[StoredResource], int | None]:
        page, total = self._sql.search(query)
        rows, n = await self._call(self._page_and_count, page, total)
        return [_stored(r) for r in rows], n

    def _query(self, sql: str, params: Sequence[Any]) -> list[tuple[Any, ...]]:
        conn = self._connection()
        try:
            return list(conn.execute(sql, params).fetchall())
        except sqlcipher3.Error as exc:
            raise StorageUnavailableError(str(exc)) from None

    def _page_and_count(
        self, page: tuple[str, list[Any]], total: tuple[str, list[Any]] | None
    ) -> tuple[list[tuple[Any, ...]], int | None]:
        conn = self._connection()
        try:
            if total is None:
                return list(conn.execute(*page).fetchall()), None
            # One read transaction: the total and the page see the same snapshot, even
            # with another process writing the file meanwhile.
            conn.execute("BEGIN")
            try:
                rows = list(conn.execute(*page).fetchall())
                n = int(conn.execute(*total).fetchone()[0])
            finally:
                conn.execute("COMMIT")
        except sqlcipher3.Error as exc:
            raise StorageUnavailableError(str(exc)) from None
        return rows, n

    # -- writes ------------------------------------------------------------------------

    async def write(self, ops: Sequence[WriteOp]) -> list[StoredResource]:
        if not ops:
            return []
        executor = self._executor
        if executor is None:
            raise StorageUnavailableError("the storage is not open")
        loop = asyncio.get_running_loop()
        future: asyncio.Future[list[StoredResource]] = loop.create_future()
        with self._pending_lock:
            self._pending.append(_PendingWrite(list(ops), future, loop))
        # One drain per write: a drain takes everything pending, so the later ones
        # usually find nothing left and return at once.
        try:
            executor.submit(self._drain)
        except RuntimeError:
            raise StorageUnavailableError("the storage is closing") from None
        return await future

    def _drain(self) -> None:
        group: list[_PendingWrite] = []
        ops = 0
        with self._pending_lock:
            while self._pending and len(group) < _MAX_GROUP and (not group or ops < _GROUP_OPS):
                group.append(self._pending.popleft())
                ops += len(group[-1].ops)
        # A caller cancelled before its turn: its write is simply not made.
        group = [w for w in group if not w.future.cancelled()]
        if not group:
            return
        try:
            outcomes = self._write_group(group)
        except BaseException as exc:  # noqa: BLE001 (each caller gets it, none waits forever)
            outcomes = [exc] * len(group)
        for pending, outcome in zip(group, outcomes, strict=True):
            # RuntimeError: that caller's loop is closed, nobody is waiting any more.
            with contextlib.suppress(RuntimeError):
                pending.loop.call_soon_threadsafe(_settle, pending.future, outcome)

    def _write_group(self, group: Sequence[_PendingWrite]) -> list[Outcome]:
        try:
            conn = self._connection()
            conn.execute("BEGIN IMMEDIATE")
        except StorageUnavailableError as exc:
            return [exc] * len(group)
        except sqlcipher3.Error as exc:
            return [StorageUnavailableError(str(exc))] * len(group)
        outcomes: list[Outcome] = []
        alone = len(group) == 1
        try:
            for pending in group:
                if alone:
                    outcomes.append(self._apply(conn, pending.ops))
                    continue
                conn.execute("SAVEPOINT write_op")
                try:
                    outcomes.append(self._apply(conn, pending.ops))
                except sqlcipher3.Error:
                    raise
                except Exception as exc:  # noqa: BLE001 (it goes to its caller, not lost)
                    # This write's own failure (a conflict): the others go on.
                    conn.execute("ROLLBACK TO write_op")
                    outcomes.append(exc)
                conn.execute("RELEASE write_op")
            conn.execute("COMMIT")
        except sqlcipher3.Error as exc:
            _rollback(conn)
            return [StorageUnavailableError(str(exc))] * len(group)
        except Exception as exc:  # noqa: BLE001 (it goes to its caller, not lost)
            # Only a lone write gets here (a group catches each write's own errors).
            _rollback(conn)
            return [exc]
        return outcomes

    def _apply(self, conn: Connection, ops: Sequence[WriteOp]) -> list[StoredResource]:
        current: dict[tuple[str, str], CurrentVersion] = {}
        for op in ops:
            key = (op.type, op.id)
            if key in current:
                continue
            row = conn.execute(_CURRENT_SQL, key).fetchone()
            if row is not None:
                current[key] = CurrentVersion(
                    int(row[0]), bool(row[1]), datetime.fromisoformat(row[2])
                )
        now = max(_utcnow(), self._last_instant)
        plan = WritePlan.build(ops, current, now, _DIALECT, self._indexer)
        _execute_many(conn, INDEX_DELETE_SQL, plan.index_deletes)
        _execute_many(conn, UPSERT_SQL, plan.resource_rows)
        _execute_many(conn, HISTORY_SQL, plan.history_rows)
        _execute_many(conn, INDEX_INSERT_SQL, plan.index_rows)
        if plan.latest is not None and plan.latest > self._last_instant:
            self._last_instant = plan.latest
        return plan.results


def _utcnow() -> datetime:
    return datetime.now(UTC)


def _execute_many(conn: Connection, sql: str, rows: Iterable[tuple[Any, ...]]) -> None:
    if rows:
        conn.executemany(sql, rows)


def _rollback(conn: Connection) -> None:
    # An error: SQLite may have rolled back already (an I/O error does that).
    with contextlib.suppress(sqlcipher3.Error):
        conn.execute("ROLLBACK")


def _settle(future: "asyncio.Future[list[StoredResource]]", outcome: Outcome) -> None:
    if future.done():
        return
    if isinstance(outcome, BaseException):
        future.set_exception(outcome)
    else:
        future.set_result(outcome)


def _stored(row: Sequence[Any]) -> StoredResource:
    text = row[4]
    return StoredResource(
        str(row[0]),
        str(row[1]),
        int(row[2]),
        datetime.fromisoformat(row[3]),
        None if text is None else json.loads(text),
    )
