"""What only the PostgreSQL engine does: its column types, lost connections, bad DSNs."""

import asyncio

import asyncpg
import pytest

from backend.storage.postgres_storage import PostgresStorage
from backend.storage.storage_errors import StorageUnavailableError
from tests.backend.storage.samples import Samples
from tests.helpers.postgres_cluster import PostgresCluster

S = Samples  # nearly every line of these tests builds a sample

pytestmark = pytest.mark.asyncio


async def test_unreachable_server_is_unavailable() -> None:
    store = PostgresStorage("postgresql://postgres@127.0.0.1:1/x", connect_timeout=5)
    async with asyncio.timeout(30):
        with pytest.raises(StorageUnavailableError):
            await store.open()


async def test_missing_database_is_unavailable(postgres_cluster: PostgresCluster) -> None:
    store = PostgresStorage(postgres_cluster.dsn("no_such_database"), connect_timeout=5)
    async with asyncio.timeout(30):
        with pytest.raises(StorageUnavailableError):
            await store.open()


async def test_column_types(postgres_dsn: str) -> None:
    store = PostgresStorage(postgres_dsn)
    await store.open()
    await store.close()
    conn = await asyncpg.connect(postgres_dsn, timeout=10)
    try:
        rows = await conn.fetch(
            "SELECT table_name, column_name, data_type, collation_name"
            " FROM information_schema.columns WHERE table_schema = 'public'"
        )
    finally:
        await conn.close()
    columns = {(r[0], r[1]): (r[2], r[3]) for r in rows}
    assert columns[("resource", "last_updated")][0] == "timestamp with time zone"
    assert columns[("search_index", "date_low")][0] == "timestamp with time zone"
    # Code-point order whatever the database's locale: the string search is a range scan.
    assert columns[("search_index", "value_string")] == ("text", "C")
    assert columns[("resource", "id")] == ("text", "C")


async def test_connections_killed_by_the_server_are_replaced(postgres_dsn: str) -> None:
    store = PostgresStorage(postgres_dsn, min_size=2, max_size=2)
    await store.open()
    try:
        await S.put(store, "Patient", "p1", S.patient())
        admin = await asyncpg.connect(postgres_dsn, timeout=10)
        try:
            await admin.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                " WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )
        finally:
            await admin.close()
        failures = 0
        for _ in range(5):
            try:
                read = await store.read("Patient", "p1")
            except StorageUnavailableError:
                failures += 1
                continue
            assert read is not None
        # At most the connections that were killed fail once each; then it serves again.
        assert failures <= 2
        assert await store.read("Patient", "p1") is not None
    finally:
        await store.close()


async def test_a_burst_of_writes_brings_the_planner_statistics_up_to_date(
    postgres_dsn: str,
) -> None:
    """A search right after a burst of writes must not be planned as for an empty table:
    the storage analyzes the tables itself once enough has been written (autovacuum
    would, but up to a minute later), and the prefix search then runs on a plan that
    looks the matching keys up (no join over every patient)."""
    store = PostgresStorage(postgres_dsn)
    await store.open()
    families = ("Martin", "Bernard", "Dubois", "Thomas")
    try:
        for batch in range(8):
            await store.write(
                [
                    S.create("Patient", f"p{batch}-{n}", S.patient(f"{families[n % 4]}{n}"))
                    for n in range(100)
                ]
            )
        async with asyncio.timeout(30):
            while store.statistics.runs == 0:  # noqa: ASYNC110 - polls the storage's counter
                await asyncio.sleep(0.05)
        found = await S.ids(store, S.query("Patient", ("family", [S.text("Mart")]), count=500))
        assert len(found) == 200
    finally:
        await store.close()
    conn = await asyncpg.connect(postgres_dsn, timeout=10)
    try:
        analyzed = await conn.fetchval(
            "SELECT last_analyze FROM pg_stat_user_tables WHERE relname = 'search_index'"
        )
        resources = await conn.fetchval("SELECT reltuples FROM pg_class WHERE relname = 'resource'")
    finally:
        await conn.close()
    assert analyzed is not None  # by the storage (autovacuum's would be last_autoanalyze)
    assert resources >= 500
