"""Schema versions on both engines: recorded once, reopened quietly, newer refused."""

from pathlib import Path

import asyncpg
import pytest
import sqlcipher3

from backend.storage.schema import Schema
from backend.storage.storage_errors import StorageError
from tests.backend.conftest import StorageFactory

pytestmark = pytest.mark.asyncio


async def _migrations(storage_engine: str, request: pytest.FixtureRequest) -> list[int]:
    if storage_engine == "postgresql":
        conn = await asyncpg.connect(request.getfixturevalue("postgres_dsn"), timeout=10)
        try:
            rows = await conn.fetch("SELECT version FROM schema_migration ORDER BY version")
        finally:
            await conn.close()
        return [int(r[0]) for r in rows]
    path: Path = request.getfixturevalue("sqlite_path")
    key: bytes = request.getfixturevalue("sqlite_key")
    conn = sqlcipher3.connect(str(path))
    try:
        conn.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
        return [
            int(r[0]) for r in conn.execute("SELECT version FROM schema_migration ORDER BY version")
        ]
    finally:
        conn.close()


async def _record(storage_engine: str, request: pytest.FixtureRequest, version: int) -> None:
    if storage_engine == "postgresql":
        conn = await asyncpg.connect(request.getfixturevalue("postgres_dsn"), timeout=10)
        try:
            await conn.execute(
                "INSERT INTO schema_migration (version, applied_at) VALUES ($1, now())", version
            )
        finally:
            await conn.close()
        return
    path: Path = request.getfixturevalue("sqlite_path")
    key: bytes = request.getfixturevalue("sqlite_key")
    conn = sqlcipher3.connect(str(path), isolation_level=None)
    try:
        conn.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
        conn.execute(
            "INSERT INTO schema_migration (version, applied_at) VALUES (?, '2099-01-01')",
            (version,),
        )
    finally:
        conn.close()


async def test_a_new_database_is_migrated_once(
    storage_engine: str, storage_factory: StorageFactory, request: pytest.FixtureRequest
) -> None:
    for _ in range(2):
        store = storage_factory()
        await store.open()
        await store.close()
    assert await _migrations(storage_engine, request) == list(range(1, Schema.LATEST + 1))


async def test_a_newer_schema_is_refused(
    storage_engine: str, storage_factory: StorageFactory, request: pytest.FixtureRequest
) -> None:
    store = storage_factory()
    await store.open()
    await store.close()
    await _record(storage_engine, request, Schema.LATEST + 1)
    newer = storage_factory()
    with pytest.raises(StorageError, match="newer"):
        await newer.open()
    # Refused without writing: the newer version is still the one recorded.
    assert (await _migrations(storage_engine, request))[-1] == Schema.LATEST + 1


async def test_open_and_close_are_idempotent(storage_factory: StorageFactory) -> None:
    store = storage_factory()
    await store.open()
    await store.open()
    await store.close()
    await store.close()
