"""The practice-server engine: PostgreSQL through an asyncpg connection pool.

Isolation: READ COMMITTED with explicit row locks, not SERIALIZABLE. A write starts by
locking the current-version rows of every resource it touches
(``SELECT … FOR UPDATE``, in (type, id) order so that two multi-resource writes cannot
deadlock each other), and decides everything from what that lock returns: in READ
COMMITTED a ``FOR UPDATE`` that waited for another transaction returns the row as that
transaction committed it. So of 50 updates based on version 1, the first to get the
lock writes version 2 and every other one then reads version 2 and fails its
``if_match`` — without the aborts and whole-transaction retries SERIALIZABLE would
cost on every contended write, and without predicate locks on the search index.

A resource that does not exist yet has no row to lock. Two writers that both create it
both get as far as inserting its ``resource`` row (a plain INSERT, never an upsert);
the unique (type, id) key makes the second one wait for the first and then fail with
a unique violation, which rolls it back entirely. That write is then retried from the
start (it now finds the row and locks it): an update-as-create becomes version 2, a
CREATE becomes a conflict. A deadlock detected by the server (possible only with a
foreign writer) is retried the same way.

Keys (see :class:`Schema`): the statement that takes the locks also reserves one
``rkey`` per resource it did not find, from the identity sequence of ``resource``, so
the plan numbers history and index rows exactly as SQLite's does. A write that
replaces index rows deletes them in a statement of its own after the locks: deleted
and inserted in one statement, the old and new rows of a resource (same key range)
could meet in the unique index in either order.

Versions cannot have gaps: a version number is the locked row's plus one, and the
history row and the current row are written in the same transaction.

``lastUpdated`` comes from this process's clock when the locks are held, bumped to one
microsecond past the resource's previous version if needed. Transactions that run
concurrently can commit in another order than their instants, so a client that pages
``_history?_since=`` should start a little before its last cursor (sync overlaps
anyway, since versions it already has are recognised by their versionId).

The stored JSON is text, not jsonb: nothing queries inside it (the search index has its
own columns), and text is returned byte for byte without a parse on the server.
"""

import asyncio
import json
import random
from collections.abc import Awaitable, Callable, Sequence
from datetime import UTC, datetime
from typing import Any

import asyncpg

from backend.search.search_indexer import SearchIndexer
from backend.search.search_query import SearchQuery
from backend.storage.current_version import CurrentVersion
from backend.storage.planner_statistics import PlannerStatistics
from backend.storage.schema import Schema
from backend.storage.search_sql import SearchSql
from backend.storage.sql_dialect import SqlDialect
from backend.storage.storage_errors import StorageError, StorageUnavailableError
from backend.storage.stored_resource import StoredResource
from backend.storage.write_op import WriteOp
from backend.storage.write_plan import PreparedOp, WritePlan

_DIALECT = SqlDialect.POSTGRES
# Held by the migrating transaction: two servers starting on one database migrate in turn.
_MIGRATION_LOCK = 0x4361_6269_6E65_7431  # "Cabinet1"
_MAX_ATTEMPTS = 8
_SPAN = Schema.KEY_SPAN
_NEW_KEY = "nextval(pg_get_serial_sequence('resource', 'rkey')::regclass)"
# The current rows, locked, then one new key per resource not found.
_LOCK_CURRENT_SQL = f"""
WITH locked AS (
    SELECT r.type, r.id, r.rkey, r.version, r.deleted, r.last_updated
    FROM resource r JOIN unnest($1::text[], $2::text[]) AS k(type, id)
    ON r.type = k.type AND r.id = k.id
    ORDER BY r.type, r.id FOR UPDATE OF r
)
SELECT type, id, rkey, version, deleted, last_updated FROM locked
UNION ALL
SELECT NULL, NULL, {_NEW_KEY}, NULL, NULL, NULL
FROM generate_series(1, cardinality($1::text[]) - (SELECT count(*) FROM locked))
"""
_LOCK_ONE_SQL = f"""
WITH locked AS (
    SELECT type, id, rkey, version, deleted, last_updated FROM resource
    WHERE type = $1 AND id = $2 FOR UPDATE
)
SELECT type, id, rkey, version, deleted, last_updated FROM locked
UNION ALL
SELECT NULL, NULL, {_NEW_KEY}, NULL, NULL, NULL WHERE NOT EXISTS (SELECT FROM locked)
"""
_INDEX_DELETE_SQL = f"""
DELETE FROM search_index s USING unnest($1::bigint[]) AS d(rkey)
WHERE s.skey BETWEEN d.rkey * {_SPAN} AND d.rkey * {_SPAN} + {_SPAN - 1}
"""
# Every other row of a write in one statement (one round trip, however many ops):
# columns go as arrays and unnest turns them back into rows. These are the rows of
# WritePlan, as SQLite's trigger inserts them.
_WRITE_SQL = """
WITH history AS (
    INSERT INTO resource_history (hkey, type, id, version, last_updated, json)
    SELECT * FROM unnest(
        $1::bigint[], $2::text[], $3::text[], $4::integer[], $5::timestamptz[], $6::text[]
    )
), inserted AS (
    INSERT INTO resource (rkey, type, id, version, last_updated, deleted)
    SELECT * FROM unnest(
        $7::bigint[], $8::text[], $9::text[], $10::integer[], $11::timestamptz[],
        $12::smallint[]
    )
), changed AS (
    UPDATE resource r SET version = c.version, last_updated = c.last_updated,
        deleted = c.deleted
    FROM unnest($13::bigint[], $14::integer[], $15::timestamptz[], $16::smallint[])
        AS c(rkey, version, last_updated, deleted)
    WHERE r.rkey = c.rkey
)
INSERT INTO search_index (skey, type, param, value_string, token_system, token_code,
    ref_type, ref_id, date_low, date_high)
SELECT * FROM unnest(
    $17::bigint[], $18::text[], $19::text[], $20::text[], $21::text[], $22::text[],
    $23::text[], $24::text[], $25::timestamptz[], $26::timestamptz[]
)
"""
# Worth retrying the whole transaction: it failed only because of another one.
_RETRYABLE = (
    asyncpg.UniqueViolationError,
    asyncpg.DeadlockDetectedError,
    asyncpg.SerializationError,
)
# The database is gone or refuses us for now: HTTP 503, nothing written.
_UNAVAILABLE = (
    OSError,
    TimeoutError,
    asyncpg.PostgresConnectionError,
    asyncpg.InterfaceError,
    asyncpg.InternalClientError,
    asyncpg.CannotConnectNowError,
    asyncpg.OperatorInterventionError,
    asyncpg.InsufficientResourcesError,
)


class PostgresStorage:
    """:class:`ResourceStorage` on a PostgreSQL database (created beforehand, UTF8)."""

    def __init__(
        self,
        dsn: str,
        *,
        min_size: int = 2,
        max_size: int = 10,
        command_timeout: float = 60.0,
        connect_timeout: float = 10.0,
    ) -> None:
        self._dsn = dsn
        self._min_size = min_size
        self._max_size = max_size
        self._command_timeout = command_timeout
        self._connect_timeout = connect_timeout
        self._pool: asyncpg.Pool | None = None
        self._indexer = SearchIndexer()
        self._sql = SearchSql(_DIALECT)
        self._last_instant = datetime.min.replace(tzinfo=UTC)
        self.statistics = PlannerStatistics()

    # -- lifecycle ---------------------------------------------------------------------

    async def open(self) -> None:
        if self._pool is not None:
            return
        try:
            pool = await asyncpg.create_pool(
                self._dsn,
                min_size=self._min_size,
                max_size=self._max_size,
                command_timeout=self._command_timeout,
                timeout=self._connect_timeout,
                reset=_keep_session,
            )
        except _UNAVAILABLE as exc:
            raise StorageUnavailableError(f"cannot connect to PostgreSQL: {exc}") from None
        except asyncpg.PostgresError as exc:
            # A wrong database name or role: still "cannot reach the database".
            raise StorageUnavailableError(f"cannot connect to PostgreSQL: {exc}") from None
        try:
            await self._migrate(pool)
        except BaseException:
            await _close_pool(pool)
            raise
        self._pool = pool

    async def close(self) -> None:
        await self.statistics.close()
        pool, self._pool = self._pool, None
        if pool is not None:
            await _close_pool(pool)

    async def _migrate(self, pool: asyncpg.Pool) -> None:
        try:
            async with pool.acquire() as conn:
                while True:
                    async with conn.transaction():
                        await conn.execute("SELECT pg_advisory_xact_lock($1)", _MIGRATION_LOCK)
                        await conn.execute(Schema.version_table(_DIALECT))
                        current = int(await conn.fetchval(Schema.CURRENT_VERSION_SQL))
                        Schema.check_supported(current, "PostgreSQL database")
                        steps = Schema.steps(_DIALECT, current)
                        if not steps:
                            return
                        version, statements = steps[0]
                        for statement in statements:
                            await conn.execute(statement)
                        await conn.execute(
                            _DIALECT.render(Schema.RECORD_SQL), version, datetime.now(UTC)
                        )
        except _UNAVAILABLE as exc:
            raise StorageUnavailableError(f"PostgreSQL: {exc}") from None
        except asyncpg.PostgresError as exc:
            raise StorageError(f"cannot set up the schema: {exc}") from None

    def _the_pool(self) -> asyncpg.Pool:
        if self._pool is None:
            raise StorageUnavailableError("the storage is not open")
        return self._pool

    async def _run[T](self, work: Callable[[asyncpg.Connection], Awaitable[T]]) -> T:
        """``work`` on a pooled connection, database failures mapped to storage errors."""
        pool = self._the_pool()
        try:
            async with pool.acquire(timeout=self._command_timeout) as conn:
                try:
                    return await work(conn)
                except _UNAVAILABLE:
                    # A connection the server dropped (or that a client-side failure left
                    # half-way through a message) must not go back to the pool: the pool
                    # replaces a terminated one on the next acquire.
                    conn.terminate()
                    raise
        except _UNAVAILABLE as exc:
            raise StorageUnavailableError(f"PostgreSQL: {type(exc).__name__}: {exc}") from None
        except asyncpg.PostgresError as exc:
            raise StorageError(f"PostgreSQL {exc.sqlstate}: {type(exc).__name__}") from None

    # -- reads -------------------------------------------------------------------------

    async def read(self, rtype: str, rid: str) -> StoredResource | None:
        key = (SearchIndexer.storable(rtype), SearchIndexer.storable(rid))

        async def work(conn: asyncpg.Connection) -> Any:
            return await conn.fetchrow(self._sql.read_sql, *key)

        row = await self._run(work)
        return None if row is None else _stored(row)

    async def vread(self, rtype: str, rid: str, version: int) -> StoredResource | None:
        statement = self._sql.vread(
            SearchIndexer.storable(rtype), SearchIndexer.storable(rid), version
        )
        if statement is None:
            return None
        sql, params = statement

        async def work(conn: asyncpg.Connection) -> Any:
            return await conn.fetchrow(sql, *params)

        row = await self._run(work)
        return None if row is None else _stored(row)

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
        rows, n = await self._run(lambda conn: _page_and_count(conn, page, total))
        return [_stored(r) for r in rows], int(n or 0)

    async def search(self, query: SearchQuery) -> tuple[list[StoredResource], int | None]:
        page, total = self._sql.search(query)
        rows, n = await self._run(lambda conn: _page_and_count(conn, page, total))
        return [_stored(r) for r in rows], n

    # -- writes ------------------------------------------------------------------------

    async def write(self, ops: Sequence[WriteOp]) -> list[StoredResource]:
        if not ops:
            return []
        # Before any connection or lock is taken (and once, whatever the retries).
        batch = WritePlan.prepare(ops, _DIALECT, self._indexer)

        async def work(conn: asyncpg.Connection) -> list[StoredResource]:
            for attempt in range(1, _MAX_ATTEMPTS + 1):
                try:
                    return await self._write_once(conn, batch)
                except _RETRYABLE:
                    if attempt == _MAX_ATTEMPTS:
                        raise
                # Spread the retries of writers that collided, so they do not collide again.
                await asyncio.sleep(random.uniform(0, 0.002 * attempt))  # noqa: S311
            raise AssertionError("unreachable")

        written = await self._run(work)
        self.statistics.written(len(written), self._the_pool())
        return written

    async def _write_once(
        self, conn: asyncpg.Connection, ops: list[PreparedOp]
    ) -> list[StoredResource]:
        keys = list(dict.fromkeys((p.op.type, p.op.id) for p in ops))
        async with conn.transaction():
            if len(keys) == 1:
                locked = await conn.fetch(_LOCK_ONE_SQL, *keys[0])
            else:
                locked = await conn.fetch(
                    _LOCK_CURRENT_SQL, [k[0] for k in keys], [k[1] for k in keys]
                )
            current = {
                (r[0], r[1]): CurrentVersion(r[2], r[3], bool(r[4]), r[5])
                for r in locked
                if r[0] is not None
            }
            new_keys = sorted(r[2] for r in locked if r[0] is None)
            now = max(datetime.now(UTC), self._last_instant)
            plan = WritePlan(current, now, _DIALECT, iter(new_keys))
            results = plan.add(ops)
            if plan.index_deletes:
                await conn.execute(_INDEX_DELETE_SQL, plan.index_deletes)
            changed = [(r[0], *r[3:]) for r in plan.changed_resource_rows]
            await conn.execute(
                _WRITE_SQL,
                *_columns(plan.history_rows, 6),
                *_columns(plan.new_resource_rows, 6),
                *_columns(changed, 4),
                *_columns(plan.index_rows, 10),
            )
        if plan.latest is not None and plan.latest > self._last_instant:
            self._last_instant = plan.latest
        return results


def _columns(rows: Sequence[Sequence[Any]], width: int) -> list[list[Any]]:
    """Rows turned into one list per column (what unnest takes back apart)."""
    if not rows:
        return [[] for _ in range(width)]
    return [list(column) for column in zip(*rows, strict=True)]


async def _keep_session(conn: asyncpg.Connection) -> None:
    """Nothing to undo when a connection goes back to the pool.

    asyncpg's default reset (``RESET ALL; UNLISTEN *; CLOSE ALL`` …) costs a round trip
    per call, a third of a single read. This storage never changes session state: no
    SET, no LISTEN, no cursors, and its only advisory lock is transaction-scoped.
    """
    del conn


async def _page_and_count(
    conn: asyncpg.Connection,
    page: tuple[str, list[Any]],
    total: tuple[str, list[Any]] | None,
) -> tuple[list[Any], int | None]:
    if total is None:
        return list(await conn.fetch(page[0], *page[1])), None
    # One snapshot for the page and the total.
    async with conn.transaction(isolation="repeatable_read", readonly=True):
        rows = list(await conn.fetch(page[0], *page[1]))
        n = int(await conn.fetchval(total[0], *total[1]))
    return rows, n


async def _close_pool(pool: asyncpg.Pool) -> None:
    try:
        await asyncio.wait_for(pool.close(), timeout=10)
    except TimeoutError:
        pool.terminate()


def _stored(row: Any) -> StoredResource:
    text = row[4]
    return StoredResource(
        row[0],
        row[1],
        int(row[2]),
        row[3].astimezone(UTC),
        None if text is None else json.loads(text),
        text,
    )
