"""The embedded engine: one SQLite file, SQLCipher-encrypted when given a key.

The workstation starts the backend with a 32-byte key, so health data is encrypted at
rest (SQLCipher 4, the key used raw: no KDF at open). Without a key the file is plain
SQLite (a test, or a server whose disk is encrypted otherwise).

Every database call runs on one dedicated worker thread with one connection: SQLite
allows one writer at a time anyway, and one thread makes the order of writes the
order of their transactions.

Group commit: writes that arrive while the thread is busy are committed together. They
are planned one after the other in one :class:`WritePlan` (each sees the versions the
previous ones made; one write's conflict leaves that write out and the others in), and
the whole group's rows go to SQLite in a single statement, as JSON arrays that a
trigger takes apart with ``json_each``. In autocommit mode that statement is its own
transaction: a group costs one statement, one commit and one WAL sync whatever its
size (plus one read when it updates or deletes). Few statements matter beyond SQLite's
own work: the worker gives up the GIL for each and must then take it back from the
event loop thread, which holds it while it serves requests. Each caller still gets its
own all-or-nothing outcome, and only once the commit holding its write has returned.

No lost update: the plan is made from the current versions read before the write
lock is taken (none at all for CREATE ops without If-Match, whose ids are taken to be
new), and the write statement's trigger checks, under the lock, that the version of
every resource the group touches and the last ``rkey`` are still those the plan was
made from. Only another process on the same file can have changed them; then nothing
is written and the group is planned again from a read inside ``BEGIN IMMEDIATE``
(the database's write lock, which other processes also respect, waiting up to
``busy_timeout``) and committed before the lock is let go. Either way, two writes
based on the same version can never both succeed.

What does not depend on the current versions (each resource's JSON, its search-index
rows) is computed by :meth:`write` on the caller's thread before the write is queued,
so the worker's serial section is the planning, the statement and its commit.

WAL with ``synchronous = FULL``: a write that returned survives a power loss, not only a
crash of the process.
"""

import asyncio
import contextlib
import itertools
import json
import os
import threading
import time
from collections import deque
from collections.abc import Callable, Sequence
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
from backend.storage.write_op import WriteKind, WriteOp
from backend.storage.write_plan import PreparedOp, WritePlan

Connection = Any  # sqlcipher3 has no type stubs
Outcome = list[StoredResource] | BaseException
Key = tuple[str, str]
_Future = asyncio.Future[list[StoredResource]]

_DIALECT = SqlDialect.SQLITE
_KEY_BYTES = 32
# Enough to amortise the WAL sync over a burst of single creates, small enough that
# the first caller of a group does not wait long for the last one; big transactions
# (bundles of a thousand entries) are not piled into one commit.
_MAX_GROUP = 64
_GROUP_OPS = 2000
# Between attempts to switch a new file to WAL while another connection holds it.
_BUSY_RETRY_S = 0.005
_SPAN = Schema.KEY_SPAN
_STALE = "stale write plan"
# The last rkey given, and the current rows of some resources as one JSON array: one
# row, whatever the number of resources.
_CURRENT_SQL = (
    "SELECT (SELECT coalesce(max(rkey), 0) FROM resource),"
    " (SELECT json_group_array(json_array(r.type, r.id, r.rkey, r.version, r.deleted,"
    " r.last_updated)) FROM json_each(?) AS k CROSS JOIN resource AS r"
    " ON r.type = k.value ->> 0 AND r.id = k.value ->> 1)"
)
_LAST_KEY_SQL = "SELECT coalesce(max(rkey), 0) FROM resource"
# A whole group in one statement: inserting one row into this view runs its trigger,
# which first checks, under the write lock the statement holds, that what the plan was
# made from still holds (the last rkey, the version of every resource the group touches,
# or its absence), and aborts otherwise; then writes every row, each JSON array taken
# apart with json_each. New resources are inserted, never upserted: a key taken twice
# fails rather than overwrites. TEMP: this connection's own, made at each open, never
# stored in the database.
_WRITE_VIEW = (
    "CREATE TEMP VIEW write_rows (expected, last_key, index_deletes, new_resources,"
    " changed_resources, history, index_rows) AS SELECT NULL, NULL, NULL, NULL, NULL, NULL,"
    " NULL"
)
_WRITE_TRIGGER = f"""
CREATE TEMP TRIGGER write_rows_insert INSTEAD OF INSERT ON write_rows BEGIN
    SELECT RAISE(ABORT, '{_STALE}')
    WHERE (SELECT coalesce(max(rkey), 0) FROM resource) <> NEW.last_key
        OR EXISTS (
            SELECT 1 FROM json_each(NEW.expected) AS e
            LEFT JOIN resource AS r ON r.type = e.value ->> 0 AND r.id = e.value ->> 1
            WHERE r.version IS NOT e.value ->> 2
        );
    DELETE FROM search_index WHERE skey IN (
        SELECT s.skey FROM json_each(NEW.index_deletes) AS d CROSS JOIN search_index AS s
        ON s.skey BETWEEN d.value * {_SPAN} AND d.value * {_SPAN} + {_SPAN - 1}
    );
    INSERT INTO resource (rkey, type, id, version, last_updated, deleted)
        SELECT value ->> 0, value ->> 1, value ->> 2, value ->> 3, value ->> 4, value ->> 5
        FROM json_each(NEW.new_resources);
    UPDATE resource SET version = c.version, last_updated = c.last_updated,
            deleted = c.deleted
        FROM (
            SELECT value ->> 0 AS rkey, value ->> 3 AS version, value ->> 4 AS last_updated,
                value ->> 5 AS deleted
            FROM json_each(NEW.changed_resources)
        ) AS c
        WHERE resource.rkey = c.rkey;
    INSERT INTO resource_history (hkey, type, id, version, last_updated, json)
        SELECT value ->> 0, value ->> 1, value ->> 2, value ->> 3, value ->> 4, value ->> 5
        FROM json_each(NEW.history);
    INSERT INTO search_index (skey, type, param, value_string, token_system, token_code,
            ref_type, ref_id, date_low, date_high)
        SELECT value ->> 0, value ->> 1, value ->> 2, value ->> 3, value ->> 4, value ->> 5,
            value ->> 6, value ->> 7, value ->> 8, value ->> 9
        FROM json_each(NEW.index_rows);
END
"""
_WRITE_SQL = "INSERT INTO write_rows VALUES (?, ?, ?, ?, ?, ?, ?)"
# ensure_ascii=False: the values are storable text already (no lone surrogates), and
# SQLite reads the UTF-8 as it is, with no \u escapes to undo. One encoder for every
# call: json.dumps with separators builds a new one each time. Rows are tuples of
# scalars made here, never a cycle: no check for one.
_ENCODE_ROWS = json.JSONEncoder(
    ensure_ascii=False, separators=(",", ":"), check_circular=False
).encode


class _PendingWrite(NamedTuple):
    ops: list[PreparedOp]
    future: _Future
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
        # The last rkey this connection gave (or read): new resources take the next ones.
        self._last_key = 0
        self._indexer = SearchIndexer()
        self._sql = SearchSql(_DIALECT)
        self._pending: deque[_PendingWrite] = deque()
        self._pending_lock = threading.Lock()
        self._drain_queued = False
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
            conn.execute(_WRITE_VIEW)
            conn.execute(_WRITE_TRIGGER)
            self._last_key = int(conn.execute(_LAST_KEY_SQL).fetchone()[0])
        except BaseException:
            conn.close()
            raise
        self._conn = conn

    def _configure(self, conn: Connection) -> None:
        if self._key is not None:
            # A raw key: SQLCipher skips its KDF, so opening costs no PBKDF2 rounds.
            conn.execute(f"PRAGMA key = \"x'{self._key.hex()}'\"")
        # Before the first read: another process may be creating or migrating the file,
        # and its lock must be waited for, not taken for a wrong key.
        conn.execute(f"PRAGMA busy_timeout = {int(self._busy_timeout_ms):d}")
        try:
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
            mode = self._wal_mode(conn)
        except sqlcipher3.OperationalError as exc:
            # Locked past busy_timeout, or I/O: not a question of key.
            raise StorageUnavailableError(f"cannot read {self.path}: {exc}") from None
        except sqlcipher3.DatabaseError:
            raise StorageUnavailableError(
                f"cannot read {self.path}: wrong key, or not a database"
            ) from None
        if str(mode).lower() != "wal":
            raise StorageUnavailableError(f"{self.path}: WAL mode refused ({mode})")
        # FULL: a commit that returned survives power loss, not only a crash.
        conn.execute("PRAGMA synchronous = FULL")
        # 64 MiB of (decrypted) pages: big transactions and searches stay in memory.
        conn.execute("PRAGMA cache_size = -65536")
        conn.execute("PRAGMA temp_store = MEMORY")

    def _wal_mode(self, conn: Connection) -> str:
        """Switches a new file to WAL (a no-op once it is), waiting for other openers.

        SQLite answers SQLITE_BUSY at once, without its busy handler, when another
        connection holds the file while the mode changes (several servers opening one
        new file together): that is retried here, up to ``busy_timeout``.
        """
        deadline = time.monotonic() + self._busy_timeout_ms / 1000
        while True:
            try:
                return str(conn.execute("PRAGMA journal_mode = WAL").fetchone()[0])
            except sqlcipher3.OperationalError as exc:
                busy = getattr(exc, "sqlite_errorcode", None) == sqlcipher3.SQLITE_BUSY
                if not busy or time.monotonic() > deadline:
                    raise
                time.sleep(_BUSY_RETRY_S)

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
                    conn.execute(Schema.RECORD_SQL, (version, SqlDialect.instant_text(_utcnow())))
                    conn.execute("COMMIT")
                except BaseException:
                    conn.execute("ROLLBACK")
                    raise
        except sqlcipher3.Error as exc:
            raise StorageUnavailableError(f"{self.path}: cannot set up the schema: {exc}") from None

    def _close_connection(self) -> None:
        # Writes accepted before the close are made (each has had its drain queued).
        while self._pending:
            self._write_and_settle(self._take_group())
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
        rows = await self._call(self._query, self._sql.read_sql, key)
        return _stored(rows[0]) if rows else None

    async def vread(self, rtype: str, rid: str, version: int) -> StoredResource | None:
        statement = self._sql.vread(
            SearchIndexer.storable(rtype), SearchIndexer.storable(rid), version
        )
        if statement is None:
            return None
        rows = await self._call(self._query, *statement)
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
        prepared = WritePlan.prepare(ops, _DIALECT, self._indexer)
        loop = asyncio.get_running_loop()
        future: _Future = loop.create_future()
        pending = _PendingWrite(prepared, future, loop)
        with self._pending_lock:
            self._pending.append(pending)
            # One drain queued at a time: it takes every write pending when it runs.
            schedule = not self._drain_queued
            self._drain_queued = True
        if schedule:
            try:
                executor.submit(self._drain)
            except RuntimeError:
                with self._pending_lock:
                    self._pending.remove(pending)
                    self._drain_queued = False
                raise StorageUnavailableError("the storage is closing") from None
        return await future

    def _drain(self) -> None:
        """One group; another drain queued behind whatever else waits (reads) if the
        group could not take every pending write."""
        group = self._take_group()
        with self._pending_lock:
            self._drain_queued = bool(self._pending)
        executor = self._executor
        queued = False
        if self._drain_queued and executor is not None:
            with contextlib.suppress(RuntimeError):  # shut down: see below
                executor.submit(self._drain)
                queued = True
        self._write_and_settle(group)
        if self._drain_queued and not queued:
            # Closing: nothing else will run on this thread, so make them all now.
            while self._pending:
                self._write_and_settle(self._take_group())

    def _take_group(self) -> list[_PendingWrite]:
        group: list[_PendingWrite] = []
        ops = 0
        with self._pending_lock:
            while self._pending and len(group) < _MAX_GROUP and (not group or ops < _GROUP_OPS):
                group.append(self._pending.popleft())
                ops += len(group[-1].ops)
        # A caller cancelled before its turn: its write is simply not made.
        return [w for w in group if not w.future.cancelled()]

    def _write_and_settle(self, group: list[_PendingWrite]) -> None:
        if not group:
            return
        try:
            outcomes = self._write_group(group)
        except BaseException as exc:  # noqa: BLE001 (each caller gets it, none waits forever)
            outcomes = [exc] * len(group)
        # One wake-up per event loop (one write to its self-pipe), not one per write.
        by_loop: dict[asyncio.AbstractEventLoop, list[tuple[_Future, Outcome]]] = {}
        for pending, outcome in zip(group, outcomes, strict=True):
            by_loop.setdefault(pending.loop, []).append((pending.future, outcome))
        for loop, settled in by_loop.items():
            # RuntimeError: that caller's loop is closed, nobody is waiting any more.
            with contextlib.suppress(RuntimeError):
                loop.call_soon_threadsafe(_settle, settled)

    def _write_group(self, group: Sequence[_PendingWrite]) -> list[Outcome]:
        try:
            conn = self._connection()
            outcomes = self._write_unlocked(conn, group)
            if outcomes is None:
                outcomes = self._write_locked(conn, group)
        except StorageUnavailableError as exc:
            return [exc] * len(group)
        except sqlcipher3.Error as exc:
            return [StorageUnavailableError(str(exc))] * len(group)
        return outcomes

    def _write_unlocked(
        self, conn: Connection, group: Sequence[_PendingWrite]
    ) -> list[Outcome] | None:
        """The group planned from a read made without the write lock, then written in one
        statement that checks that read under the lock; None (nothing written) if it no
        longer holds: another process wrote the file meanwhile.

        Not even read: the ids that only CREATE ops without If-Match name. They are
        assumed new (a server-chosen id is a fresh UUIDv7) and the check proves it, as
        it proves that the last rkey is still the one this connection last gave.
        """
        keys = _keys(group)
        to_read = list(
            dict.fromkeys(
                (p.op.type, p.op.id)
                for w in group
                for p in w.ops
                if p.op.kind is not WriteKind.CREATE or p.op.if_match is not None
            )
        )
        last_key = self._last_key
        current: dict[Key, CurrentVersion] = {}
        if to_read:
            current, last_key = _read_current(conn, to_read)
        outcomes, plan = self._plan(group, current, last_key)
        if plan.history_rows:
            try:
                # Autocommit: the statement is its own transaction, committed (and synced)
                # when it returns.
                conn.execute(_WRITE_SQL, _write_params(plan, keys, current, last_key))
            except sqlcipher3.IntegrityError as exc:
                if str(exc) == _STALE:
                    return None
                raise
        self._written(plan, last_key)
        return outcomes

    def _write_locked(self, conn: Connection, group: Sequence[_PendingWrite]) -> list[Outcome]:
        """The group planned from a read under the write lock, held until its COMMIT."""
        conn.execute("BEGIN IMMEDIATE")
        try:
            keys = _keys(group)
            current, last_key = _read_current(conn, keys)
            outcomes, plan = self._plan(group, current, last_key)
            if plan.history_rows:
                conn.execute(_WRITE_SQL, _write_params(plan, keys, current, last_key))
            conn.execute("COMMIT")
        except BaseException:
            _rollback(conn)
            raise
        self._written(plan, last_key)
        return outcomes

    def _plan(
        self,
        group: Sequence[_PendingWrite],
        current: dict[Key, CurrentVersion],
        last_key: int,
    ) -> tuple[list[Outcome], WritePlan]:
        now = max(_utcnow(), self._last_instant)
        plan = WritePlan(current, now, _DIALECT, itertools.count(last_key + 1))
        outcomes: list[Outcome] = []
        for pending in group:
            try:
                outcomes.append(plan.add(pending.ops))
            except Exception as exc:  # noqa: BLE001 (it goes to its caller, not lost)
                # This write's own failure (a conflict): the plan is as it was before it,
                # so the others go on.
                outcomes.append(exc)
        return outcomes, plan

    def _written(self, plan: WritePlan, last_key: int) -> None:
        self._last_key = last_key if plan.last_key is None else max(last_key, plan.last_key)
        if plan.latest is not None and plan.latest > self._last_instant:
            self._last_instant = plan.latest


def _keys(group: Sequence[_PendingWrite]) -> list[Key]:
    return list(dict.fromkeys((p.op.type, p.op.id) for w in group for p in w.ops))


def _read_current(conn: Connection, keys: Sequence[Key]) -> tuple[dict[Key, CurrentVersion], int]:
    """The current versions of ``keys`` (those that exist), and the last rkey given."""
    last_key, found = conn.execute(_CURRENT_SQL, (_json_rows(keys),)).fetchone()
    current = {
        (rtype, rid): CurrentVersion(rkey, version, bool(deleted), _DIALECT.read_instant(at))
        for rtype, rid, rkey, version, deleted, at in json.loads(found)
    }
    return current, int(last_key)


def _write_params(
    plan: WritePlan, keys: Sequence[Key], current: dict[Key, CurrentVersion], last_key: int
) -> tuple[Any, ...]:
    expected = []
    for key in keys:
        found = current.get(key)
        expected.append((*key, None if found is None else found.version))
    return (
        _json_rows(expected),
        last_key,
        _json_rows(plan.index_deletes),
        _json_rows(plan.new_resource_rows),
        _json_rows(plan.changed_resource_rows),
        _json_rows(plan.history_rows),
        _json_rows(plan.index_rows),
    )


def _utcnow() -> datetime:
    return datetime.now(UTC)


def _json_rows(rows: Sequence[Any]) -> str | None:
    """Rows as one JSON array (None for none): one parameter, whatever their number."""
    return _ENCODE_ROWS(rows) if rows else None


def _rollback(conn: Connection) -> None:
    # An error: SQLite may have rolled back already (an I/O error does that).
    with contextlib.suppress(sqlcipher3.Error):
        conn.execute("ROLLBACK")


def _settle(settled: Sequence[tuple[_Future, Outcome]]) -> None:
    for future, outcome in settled:
        if future.done():
            continue
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
        _DIALECT.read_instant(row[3]),
        None if text is None else json.loads(text),
        text,
    )
