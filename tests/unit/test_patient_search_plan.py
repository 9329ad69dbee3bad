"""The patient search stays index-driven however many patients the store holds.

Without statistics (a store never runs ANALYZE) SQLite's planner could walk every
Patient row to answer a birth-date or INS search: 100,000 patients cost 110 ms per
keystroke encrypted. The number of SQLite virtual-machine steps a search takes is
counted here (a progress handler on a connection the test owns), so the test does not
depend on the machine's speed: a search for a few patients must not cost steps in
proportion to the whole table.
"""

import json
import random
import secrets
from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

import pytest
import sqlcipher3

from app.domain.nir import Nir
from app.domain.patient_query import PatientQuery
from app.store.migrations import Migrations
from app.store.resource_indexer import ResourceIndexer
from app.store.store_database import StoreDatabase

PATIENTS = 4_000
STEP_GRANULE = 100
TODAY = date(2025, 6, 2)
FAMILIES = ["Martin", "Bernard", "Dupont", "Dupuis", "Durand", "Lefèvre", "Petit", "Moreau"]
GIVEN = ["Jean", "Jeanne", "Élodie", "Paul", "Hélène", "Noël", "Marie", "Pierre"]
Connection = Any


def _patients(rng: random.Random) -> list[dict[str, Any]]:
    out = []
    for i in range(PATIENTS):
        birth = date(1930, 1, 1) + timedelta(days=rng.randrange(30_000))
        body = f"{1 + i % 2}{birth.year % 100:02d}{birth.month:02d}{rng.randrange(10**8):08d}"
        out.append(
            {
                "resourceType": "Patient",
                "id": f"p{i:05d}",
                "name": [
                    {
                        "use": "official",
                        "family": rng.choice(FAMILIES),
                        "given": [rng.choice(GIVEN)],
                    }
                ],
                "birthDate": birth.isoformat(),
                "identifier": [
                    {"system": "urn:oid:1.2.250.1.213.1.4.8", "value": body + Nir.key_for(body)}
                ],
            }
        )
    return out


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[StoreDatabase, Connection]]:
    path = tmp_path_factory.mktemp("plan") / "store.db"
    conn = sqlcipher3.connect(str(path), isolation_level=None)
    StoreDatabase.apply_key(conn, secrets.token_bytes(32))
    conn.execute("PRAGMA journal_mode = WAL")
    Migrations.apply(conn)
    patients = _patients(random.Random(7))
    conn.execute("BEGIN")
    for rowid, res in enumerate(patients, 1):
        row = ResourceIndexer.patient(res)
        conn.execute(
            "INSERT INTO resource (type, id, json) VALUES ('Patient', ?, ?)",
            (res["id"], json.dumps(res)),
        )
        conn.execute(
            "INSERT INTO patient_index (rowid, id, sort_name, birth_date, ins)"
            " VALUES (?, ?, ?, ?, ?)",
            (rowid, res["id"], row.sort_name, row.birth_date, row.ins),
        )
        conn.execute("INSERT INTO patient_fts (rowid, names) VALUES (?, ?)", (rowid, row.names))
    conn.execute("COMMIT")
    try:
        yield StoreDatabase(conn, path), conn
    finally:
        conn.close()


def _steps(conn: Connection, db: StoreDatabase, text: str, limit: int = 200) -> tuple[int, int]:
    """(VM steps, in granules, and hits) of one search."""
    calls = 0

    def count() -> int:
        nonlocal calls
        calls += 1
        return 0

    conn.set_progress_handler(count, STEP_GRANULE)
    try:
        hits = len(db.search_patients(PatientQuery.parse(text, TODAY), limit))
    finally:
        conn.set_progress_handler(None, STEP_GRANULE)
    return calls * STEP_GRANULE, hits


def _first(db: StoreDatabase) -> dict[str, Any]:
    (first,) = db.search_patients(PatientQuery(), 1)
    return first


@pytest.mark.parametrize("kind", ["birth date", "INS prefix", "birth date and INS"])
def test_a_narrow_search_does_not_visit_every_patient(
    store: tuple[StoreDatabase, Connection], kind: str
) -> None:
    db, conn = store
    target = _first(db)
    birth = date.fromisoformat(target["birthDate"]).strftime("%d/%m/%Y")
    ins = target["identifier"][0]["value"]
    text = {
        "birth date": birth,
        "INS prefix": ins[:9],
        "birth date and INS": f"{birth} {ins[:7]}",
    }[kind]
    steps, hits = _steps(conn, db, text)
    assert hits >= 1
    # An index-driven plan costs a few hundred steps; a walk of the table costs
    # several per patient.
    assert steps < PATIENTS, steps


def test_listing_without_criteria_reads_only_the_first_page(
    store: tuple[StoreDatabase, Connection],
) -> None:
    db, conn = store
    steps, hits = _steps(conn, db, "", limit=20)
    assert hits == 20
    assert steps < PATIENTS
