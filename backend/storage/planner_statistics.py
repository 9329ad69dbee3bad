"""Keeps PostgreSQL's planner statistics up with bursts of writes.

PostgreSQL plans a search from its statistics of each table, which autovacuum refreshes
when a tenth of the table has changed — checking once a minute. Between a burst of
writes (a practice importing its patients, a busy morning on a fresh server) and that
refresh, the planner still believes the tables are tiny: it joins the matching index
rows to every resource of the type in a nested loop, and a search over a name prefix
took 6–8 s instead of 20 ms (bench/backend.py, p99). So the storage counts what it
writes and runs ``ANALYZE`` itself, in the background, once a tenth of the table (at
least ``MIN_ROWS`` resources) has been written since the last one. ANALYZE samples a
bounded number of rows: tens of milliseconds, without blocking reads or writes.
"""

import asyncio
import contextlib
import logging

import asyncpg

log = logging.getLogger(__name__)

MIN_ROWS = 500
GROWTH = 0.1
_TABLES = "resource, resource_history, search_index"


class PlannerStatistics:
    """:meth:`written` after each write; :meth:`close` before the pool closes."""

    def __init__(self) -> None:
        self._written = 0
        self._threshold = MIN_ROWS
        self._task: asyncio.Task[None] | None = None
        self._refused = False
        self.runs = 0

    def written(self, resources: int, pool: asyncpg.Pool) -> None:
        self._written += resources
        busy = self._task is not None and not self._task.done()
        if self._written >= self._threshold and not busy and not self._refused:
            self._task = asyncio.get_running_loop().create_task(self._analyze(pool))

    async def close(self) -> None:
        task, self._task = self._task, None
        if task is not None:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task

    async def _analyze(self, pool: asyncpg.Pool) -> None:
        counted = self._written
        try:
            async with pool.acquire() as conn:
                await conn.execute(f"ANALYZE {_TABLES}")
                rows = await conn.fetchval(
                    "SELECT reltuples::bigint FROM pg_class WHERE relname = 'resource'"
                )
        except asyncpg.InsufficientPrivilegeError:
            # Not the tables' owner (a server set up by hand): autovacuum keeps them.
            log.warning("ANALYZE refused: planner statistics are left to autovacuum")
            self._refused = True
            return
        except (asyncpg.PostgresError, OSError, TimeoutError) as exc:
            log.info("ANALYZE failed (%s); tried again after more writes", type(exc).__name__)
            return
        self.runs += 1
        self._written -= counted
        self._threshold = max(MIN_ROWS, int(GROWTH * max(int(rows or 0), 0)))
