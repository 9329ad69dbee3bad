"""Schema versions on both engines: recorded once, reopened quietly, newer refused, and a
database of an older version migrated with its data."""

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import asyncpg
import pytest
import sqlcipher3

from backend.search.fhir_date_range import FhirDateRange
from backend.search.search_query import Prefix
from backend.storage.schema import Schema
from backend.storage.sql_dialect import SqlDialect
from backend.storage.storage_errors import StorageError
from tests.backend.conftest import StorageFactory
from tests.backend.storage.samples import Samples

S = Samples

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


# -- version 1 to 2 with data -----------------------------------------------------------

_T1 = datetime(2026, 3, 1, 9, 0, 0, 123456, tzinfo=UTC)
_T2 = datetime(2026, 3, 2, 9, 0, 0, tzinfo=UTC)
_T3 = datetime(2026, 3, 3, 9, 0, 0, tzinfo=UTC)


def _doc(rtype: str, rid: str, version: int, at: datetime, body: dict[str, Any]) -> str:
    meta = {"versionId": str(version), "lastUpdated": at.isoformat(timespec="microseconds")}
    return json.dumps({"resourceType": rtype, "id": rid, "meta": meta} | body)


def _version_1_rows() -> dict[str, list[tuple[Any, ...]]]:
    """A database as version 1 stored it: current rows, every version, index rows of the
    live current ones (a name value indexed under name too, as version 1 did)."""
    p1_v1 = S.patient("Durand", ["Anne"], "1980-02-03")
    p1_v2 = S.patient("Martin", ["Anne"], "1980-02-03")
    obs = S.observation(subject="Patient/p1")
    # Born before 1970: a negative instant once SQLite stores integers.
    p4 = S.patient("Ancien", ["Paul"], "1931-05-06")
    history = [
        ("Patient", "p1", 1, _T1, _doc("Patient", "p1", 1, _T1, p1_v1)),
        ("Patient", "p1", 2, _T2, _doc("Patient", "p1", 2, _T2, p1_v2)),
        ("Patient", "p2", 1, _T1, _doc("Patient", "p2", 1, _T1, S.patient("Gone"))),
        ("Patient", "p2", 2, _T3, None),
        ("Observation", "o1", 1, _T2, _doc("Observation", "o1", 1, _T2, obs)),
        ("Patient", "p4", 1, _T1, _doc("Patient", "p4", 1, _T1, p4)),
    ]
    resources = [
        ("Patient", "p1", 2, _T2, 0, history[1][4]),
        ("Patient", "p2", 2, _T3, 1, None),
        ("Observation", "o1", 1, _T2, 0, history[4][4]),
        ("Patient", "p4", 1, _T1, 0, history[5][4]),
    ]
    day = FhirDateRange.parse("1980-02-03")
    old_day = FhirDateRange.parse("1931-05-06")
    effective = FhirDateRange.parse(obs["effectiveDateTime"])
    assert day is not None
    assert old_day is not None
    assert effective is not None
    index = [
        ("Patient", "p1", "family", "martin", None, None, None, None, None, None),
        ("Patient", "p1", "given", "anne", None, None, None, None, None, None),
        ("Patient", "p1", "name", "martin", None, None, None, None, None, None),
        ("Patient", "p1", "name", "anne", None, None, None, None, None, None),
        ("Patient", "p1", "birthdate", None, None, None, None, None, day.low, day.high),
        ("Patient", "p4", "family", "ancien", None, None, None, None, None, None),
        ("Patient", "p4", "given", "paul", None, None, None, None, None, None),
        ("Patient", "p4", "name", "ancien", None, None, None, None, None, None),
        ("Patient", "p4", "name", "paul", None, None, None, None, None, None),
        ("Patient", "p4", "birthdate", None, None, None, None, None, old_day.low, old_day.high),
        ("Observation", "o1", "patient", None, None, None, "Patient", "p1", None, None),
        ("Observation", "o1", "subject", None, None, None, "Patient", "p1", None, None),
        ("Observation", "o1", "code", None, "http://loinc.org", "8867-4", None, None, None, None),
        (
            "Observation",
            "o1",
            "date",
            None,
            None,
            None,
            None,
            None,
            effective.low,
            effective.high,
        ),
    ]
    return {"resource_history": history, "resource": resources, "search_index": index}


_V1_INSERTS = {
    "resource_history": "INSERT INTO resource_history (type, id, version, last_updated, json)"
    " VALUES (?, ?, ?, ?, ?)",
    "resource": "INSERT INTO resource (type, id, version, last_updated, deleted, json)"
    " VALUES (?, ?, ?, ?, ?, ?)",
    "search_index": "INSERT INTO search_index (type, id, param, value_string, token_system,"
    " token_code, ref_type, ref_id, date_low, date_high) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
}


async def _make_version_1(storage_engine: str, request: pytest.FixtureRequest) -> None:
    dialect = SqlDialect.SQLITE if storage_engine == "sqlite" else SqlDialect.POSTGRES
    ((version, statements),) = Schema.steps(dialect, 0)[:1]
    assert version == 1
    rows = _version_1_rows()
    if storage_engine == "postgresql":
        conn = await asyncpg.connect(request.getfixturevalue("postgres_dsn"), timeout=10)
        try:
            async with conn.transaction():
                await conn.execute(Schema.version_table(dialect))
                for statement in statements:
                    await conn.execute(statement)
                await conn.execute(dialect.render(Schema.RECORD_SQL), 1, datetime.now(UTC))
                for table, sql in _V1_INSERTS.items():
                    await conn.executemany(dialect.render(sql), rows[table])
        finally:
            await conn.close()
        return
    path: Path = request.getfixturevalue("sqlite_path")
    key: bytes = request.getfixturevalue("sqlite_key")
    lite = sqlcipher3.connect(str(path), isolation_level=None)
    try:
        lite.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
        lite.execute("PRAGMA journal_mode = WAL")
        lite.execute("BEGIN")
        lite.execute(Schema.version_table(dialect))
        for statement in statements:
            lite.execute(statement)
        lite.execute(Schema.RECORD_SQL, (1, SqlDialect.instant_text(datetime.now(UTC))))
        for table, sql in _V1_INSERTS.items():
            lite.executemany(
                sql,
                [
                    tuple(SqlDialect.instant_text(v) if isinstance(v, datetime) else v for v in r)
                    for r in rows[table]
                ],
            )
        lite.execute("COMMIT")
    finally:
        lite.close()


async def test_a_version_1_database_keeps_its_data(
    storage_engine: str, storage_factory: StorageFactory, request: pytest.FixtureRequest
) -> None:
    await _make_version_1(storage_engine, request)
    store = storage_factory()
    await store.open()
    try:
        assert await _migrations(storage_engine, request) == list(range(1, Schema.LATEST + 1))
        p1 = await store.read("Patient", "p1")
        assert p1 is not None
        assert (p1.version, p1.last_updated) == (2, _T2)
        assert p1.json is not None
        assert p1.json["name"][0]["family"] == "Martin"
        old = await store.vread("Patient", "p1", 1)
        assert old is not None
        assert old.json is not None
        assert old.json["name"][0]["family"] == "Durand"
        # The instant to the microsecond, as version 1 kept it in text.
        assert old.last_updated == _T1
        assert await store.vread("Patient", "p1", 3) is None
        gone = await store.read("Patient", "p2")
        assert gone is not None
        assert (gone.version, gone.deleted) == (2, True)

        versions, total = await store.history("Patient", "p1", None, 10, 0)
        assert ([v.version for v in versions], total) == ([2, 1], 2)
        assert (await store.history("Patient", None, None, 10, 0))[1] == 5
        everything, total = await store.history(None, None, None, 10, 0)
        assert total == 6
        assert everything[0].last_updated == _T3
        assert (await store.history(None, None, _T2, 10, 0))[1] == 3

        assert await S.id_set(store, S.query("Patient", ("family", [S.text("mart")]))) == {"p1"}
        assert await S.id_set(store, S.query("Patient", ("name", [S.text("anne")]))) == {"p1"}
        born = S.query("Patient", ("birthdate", [S.date("1980-02")]))
        assert await S.id_set(store, born) == {"p1"}
        assert await S.id_set(store, S.query("Observation", ("patient", [S.text("p1")]))) == {"o1"}
        assert await S.id_set(
            store, S.query("Observation", ("subject", [S.text("Patient/p1")]))
        ) == {"o1"}
        assert await S.id_set(store, S.query("Observation", ("code", [S.token("8867-4")]))) == {
            "o1"
        }
        recent = S.query("Patient", ("_lastUpdated", [S.date("2026-03-02", Prefix.GE)]))
        assert await S.id_set(store, recent) == {"p1"}
        earlier = S.query("Patient", ("_lastUpdated", [S.date("2026-03-02", Prefix.LT)]))
        assert await S.id_set(store, earlier) == {"p4"}
        born = S.query("Patient", ("birthdate", [S.date("1931-05-06")]))
        assert await S.id_set(store, born) == {"p4"}
        before_1970 = S.query("Patient", ("birthdate", [S.date("1970", Prefix.LT)]))
        assert await S.id_set(store, before_1970) == {"p4"}
        assert await S.id_set(store, S.query("Patient", ("name", [S.text("paul")]))) == {"p4"}

        # Written to as any database: the next version, index rows replaced, new ids.
        (p1_v3,) = await store.write([S.update("Patient", "p1", S.patient("Bernard"), 2)])
        assert p1_v3.version == 3
        assert await S.id_set(store, S.query("Patient", ("family", [S.text("mart")]))) == set()
        assert await S.id_set(store, S.query("Patient", ("family", [S.text("bern")]))) == {"p1"}
        await store.write([S.create("Patient", "p3", S.patient("Martin"))])
        assert await S.id_set(store, S.query("Patient", ("family", [S.text("mart")]))) == {"p3"}
        assert (await store.history("Patient", "p1", None, 10, 0))[1] == 3
    finally:
        await store.close()
