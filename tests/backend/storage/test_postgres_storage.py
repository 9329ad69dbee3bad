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
