"""The encrypted store against plain SQLite: same schema, same queries, same run.

Run from the repository root: ``python -m bench.store [--quick] [--runs N]``.

The baseline is a plain, unencrypted SQLite file opened through ``sqlcipher3`` with no
key: the very same SQLite build and pragmas, so the ratio is the cost of encryption.
The standard library's ``sqlite3`` is tried first with the store's migrations; its
SQLite (3.40 on Debian 12) is older than FTS5's ``contentless_delete`` (3.43), so the
schema cannot be created there, and the output says so.

Figures (medians of ``--runs`` runs, each against its baseline measured in this run):

- ``read_ratio_vs_sqlite``: warm point reads, ``SELECT json FROM resource WHERE type=?
  AND id=?`` over a working set that fits SQLite's default page cache, store time over
  plain time (goal ≤ 1.3). ``read_cold_ratio_vs_sqlite`` reads random rows of the
  whole table instead (page cache misses, file in the OS cache).
- ``write_rows_per_s``: ``executemany`` of 10,000 resource rows in one transaction on
  the store's own connection (goal ≥ 200,000). The same for 100,000-row batches, with
  the default page cache (2 MB) and with a 64 MB one, shows where the cost goes once a
  batch no longer fits the cache (every evicted page is encrypted, every reload
  decrypted).
- ``open_ms`` / ``open_full_check_ms``: ``StoreDatabase.open`` of the existing store of
  ``patients`` patients, without and with the full check (goal ≤ 5 ms without).
  The key comes from the file test keyring; an OS keyring adds its own latency.
- ``patient_search_100k_ms``: ``StoreDatabase.search_patients`` over typical
  as-you-type queries on a store of 100,000 patients (goal ≤ 50 ms).

Progress goes to stderr; the last line of stdout is the JSON object.
"""

import argparse
import json
import random
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

import keyring
import sqlcipher3

from app.domain.nir import Nir
from app.domain.patient_query import PatientQuery
from app.services.patient_service import SEARCH_LIMIT
from app.store.migrations import Migrations
from app.store.resource_indexer import ResourceIndexer
from app.store.store_database import StoreDatabase
from app.store.store_key import StoreKey
from tests.fakes.file_keyring import FileKeyring

Connection = Any
TODAY = date(2025, 6, 2)
PROFILE = "bench"
SEED = 19_540_312

READ_ROWS = 20_000
READ_WORKING_SET = 200  # leaf pages well under the default 2,000 KiB page cache
READS_PER_RUN = 20_000
WRITE_ROWS = 10_000
BIG_WRITE_ROWS = 100_000
BIG_CACHE_KIB = -65_536  # PRAGMA cache_size in KiB (negative): 64 MiB
PATIENTS = 100_000
SEARCHES = ("dup", "martin jea", "12/03/1984", "1 84 03", "élo")
# The first keystroke: not in the median, reported apart (the widest prefix there is).
ONE_LETTER = "m"

GOALS = {"read_ratio": 1.3, "write_rows_per_s": 200_000, "open_ms": 5.0, "search_ms": 50.0}


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


# Common French surnames, most frequent first (weighted so), and first names.
FAMILIES = _words(
    "Martin Bernard Thomas Petit Robert Richard Durand Dubois Moreau Laurent Simon Michel"
    " Lefebvre Leroy Roux David Bertrand Morel Fournier Girard Bonnet Dupont Lambert Fontaine"
    " Rousseau Vincent Muller Lefèvre Faure André Mercier Blanc Guérin Boyer Garnier"
    " Chevalier François Legrand Gauthier Garcia Perrin Robin Clément Morin Nicolas Henry"
    " Roussel Mathieu Gautier Masson Marchand Duval Denis Dumont Marie Lemaire Noël Meyer"
    " Dufour Meunier Brun Blanchard Giraud Joly Rivière Lucas Brunet Gaillard Barbier Arnaud"
    " Martinez Gérard Roche Renard Schmitt Roy Leroux Colin Vidal Caron Picard Roger Fabre"
    " Aubert Lemoine Renaud Dumas Lacroix Olivier Philippe Bourgeois Pierre Benoît Rey"
    " Leclerc Payet Rolland Leclercq Guillaume Lecomte Lopez Jean Dupuy Guillot Hubert"
    " Berger Carpentier Sanchez Dupuis Moulin Louis Deschamps Huet Vasseur Perez Boucher"
    " Fleury Royer Klein Jacquet Adam Paris Poirier Marty Aubry Guyot Carré Charles Renault"
    " Charpentier Ménard Maillard Baron Bertin Bailly Hervé Schneider Fernandez Collet Léger"
    " Bouvier Julien Prévost Millet Perrot Daniel Cousin Germain Breton Besson Langlois"
    " Rémy Pelletier Lévêque Perrier Leblanc Barré Lebrun Marchal Weber Mallet Hamon"
    " Boulanger Jacob Monnier Michaud Rodriguez Guichard Gillet Étienne Grondin Poulain"
    " Tessier Chevallier Collin Chauvin Bouchet Gay Lemaître Bénard Maréchal Humbert Reynaud"
    " Antoine Hoarau Perret Barthélemy Cordier Pichon Lejeune Gilbert Lamy Delaunay Pasquier"
    " Carlier Laporte Duprez Dupré Dupin"
)
GIVEN_F = _words(
    "Marie Jeanne Françoise Monique Catherine Nathalie Isabelle Sylvie Anne Martine Élodie"
    " Julie Camille Léa Manon Chloé Emma Inès Sarah Hélène Christine Sophie Valérie Céline"
    " Aurélie Laura Jade Louise Alice Lina"
)
GIVEN_M = _words(
    "Jean Pierre Michel André Philippe Alain Jacques Bernard Daniel Patrick Nicolas Christophe"
    " Éric Thomas Julien Lucas Hugo Louis Gabriel Arthur Jules Léo Paul Antoine Mathieu"
    " Jean-Pierre Jean-Claude Jean-Luc Noël Raphaël"
)


def _log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


# -- databases ----------------------------------------------------------------------------


def _plain(path: Path) -> Connection:
    """An unencrypted SQLite file with the store's pragmas and schema."""
    path.parent.mkdir(parents=True, exist_ok=True)
    conn = sqlcipher3.connect(str(path), isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = FULL")
    conn.execute("PRAGMA foreign_keys = ON")
    Migrations.apply(conn)
    return conn


def _stdlib_schema(path: Path) -> str:
    conn = sqlite3.connect(str(path), isolation_level=None)
    try:
        Migrations.apply(conn)
    except sqlite3.Error as exc:
        return f"fails: {exc}"
    finally:
        conn.close()
    return "ok"


def _store(path: Path) -> StoreDatabase:
    return StoreDatabase.open(path, StoreKey(PROFILE, path), full_check=False)


def _store_conn(db: StoreDatabase) -> Connection:
    # The benchmark drives the store's own connection, as the brief of each figure says.
    return db._conn


# -- reads and writes -----------------------------------------------------------------------


def _observation_rows(prefix: str, count: int, rng: random.Random) -> list[tuple[Any, ...]]:
    rows = []
    for i in range(count):
        rid = f"{prefix}-{i:07d}"
        patient = f"Patient/p{rng.randrange(5000)}"
        when = f"20{rng.randrange(10, 25)}-{rng.randrange(1, 13):02d}-{rng.randrange(1, 29):02d}"
        res = {
            "resourceType": "Observation",
            "id": rid,
            "status": "final",
            "code": {"coding": [{"system": "http://loinc.org", "code": "8480-6"}]},
            "subject": {"reference": patient},
            "effectiveDateTime": when,
            "valueQuantity": {"value": rng.randrange(90, 180), "unit": "mm[Hg]"},
        }
        text = json.dumps(res, separators=(",", ":"))
        rows.append(("Observation", rid, text, patient, when, 0))
    return rows


_INSERT_RESOURCE = (
    "INSERT INTO resource (type, id, json, patient_ref, date, local_rev) VALUES (?, ?, ?, ?, ?, ?)"
)
_POINT_READ = "SELECT json FROM resource WHERE type = ? AND id = ?"


def _write(conn: Connection, rows: Sequence[tuple[Any, ...]]) -> None:
    conn.execute("BEGIN IMMEDIATE")
    conn.executemany(_INSERT_RESOURCE, rows)
    conn.execute("COMMIT")


def _reads(conn: Connection, ids: Sequence[str]) -> None:
    for rid in ids:
        conn.execute(_POINT_READ, ("Observation", rid)).fetchone()


def _bench_reads_writes(tmp: Path, runs: int, quick: bool) -> dict[str, Any]:
    rng = random.Random(SEED)
    read_rows = 2_000 if quick else READ_ROWS
    reads = 2_000 if quick else READS_PER_RUN
    batch, big_batch = (1_000, 5_000) if quick else (WRITE_ROWS, BIG_WRITE_ROWS)
    store = _store(tmp / "rw" / "store.db")
    plain = _plain(tmp / "rw-plain" / "plain.db")
    try:
        conns = {"store": _store_conn(store), "sqlite": plain}
        base = _observation_rows("read", read_rows, rng)
        for conn in conns.values():
            _write(conn, base)
        all_ids = [r[1] for r in base]
        hot = rng.sample(all_ids, READ_WORKING_SET)
        hot_reads = [hot[i % len(hot)] for i in range(reads)]
        cold_reads = [rng.choice(all_ids) for _ in range(reads)]
        warm: dict[str, list[float]] = {"store": [], "sqlite": []}
        cold: dict[str, list[float]] = {"store": [], "sqlite": []}
        for run in range(runs):
            # Alternate which database goes first, so neither always follows the other.
            for name in sorted(conns, reverse=run % 2 == 1):
                conn = conns[name]
                _reads(conn, hot)  # warm the page cache with the working set
                start = time.perf_counter()
                _reads(conn, hot_reads)
                warm[name].append((time.perf_counter() - start) / reads * 1e6)
                start = time.perf_counter()
                _reads(conn, cold_reads)
                cold[name].append((time.perf_counter() - start) / reads * 1e6)
        _log(f"reads: {runs} runs of {reads} reads")
    finally:
        store.close()
        plain.close()
    writes = _writes(tmp, base, batch, runs, rng, cache_kib=None)
    big = _writes(tmp, base, big_batch, runs, rng, cache_kib=None)
    big_cached = _writes(tmp, base, big_batch, runs, rng, cache_kib=BIG_CACHE_KIB)
    _log(f"writes: {runs} runs of {batch} and of {big_batch} rows")
    warm_m = {n: statistics.median(v) for n, v in warm.items()}
    cold_m = {n: statistics.median(v) for n, v in cold.items()}
    return {
        "read_ratio_vs_sqlite": round(warm_m["store"] / warm_m["sqlite"], 3),
        "read_us": round(warm_m["store"], 2),
        "read_us_sqlite": round(warm_m["sqlite"], 2),
        "read_cold_ratio_vs_sqlite": round(cold_m["store"] / cold_m["sqlite"], 3),
        "read_cold_us": round(cold_m["store"], 2),
        "read_cold_us_sqlite": round(cold_m["sqlite"], 2),
        "read_table_rows": read_rows,
        "read_working_set_rows": READ_WORKING_SET,
        "write_rows_per_s": writes["store"],
        "write_rows_per_s_sqlite": writes["sqlite"],
        "write_ratio_vs_sqlite": round(writes["sqlite"] / writes["store"], 3),
        "write_batch_rows": batch,
        "write_table_rows_before": read_rows,
        "write_big_batch_rows": big_batch,
        "write_big_batch_rows_per_s": big["store"],
        "write_big_batch_rows_per_s_sqlite": big["sqlite"],
        "write_big_batch_64mb_cache_rows_per_s": big_cached["store"],
        "write_big_batch_64mb_cache_rows_per_s_sqlite": big_cached["sqlite"],
    }


def _writes(
    tmp: Path,
    base: Sequence[tuple[Any, ...]],
    rows: int,
    runs: int,
    rng: random.Random,
    *,
    cache_kib: int | None,
) -> dict[str, int]:
    """Median rows/s of one-transaction batches of ``rows`` rows, per database.

    Each run writes into a fresh pair of databases already holding ``base``, so that no
    run pays for the growth the previous ones caused.
    """
    rates: dict[str, list[float]] = {"store": [], "sqlite": []}
    for run in range(runs):
        folder = tmp / f"writes-{rows}-{cache_kib}-{run}"
        store = _store(folder / "store" / "store.db")
        plain = _plain(folder / "plain" / "plain.db")
        try:
            conns = {"store": _store_conn(store), "sqlite": plain}
            batch = _observation_rows(f"w{run}", rows, rng)
            for name in sorted(conns, reverse=run % 2 == 1):
                conn = conns[name]
                _write(conn, base)
                if cache_kib is not None:
                    conn.execute(f"PRAGMA cache_size = {cache_kib:d}")
                start = time.perf_counter()
                _write(conn, batch)
                rates[name].append(rows / (time.perf_counter() - start))
        finally:
            store.close()
            plain.close()
            shutil.rmtree(folder)
    return {name: round(statistics.median(r)) for name, r in rates.items()}


# -- patients ---------------------------------------------------------------------------------


def _patients(count: int, rng: random.Random) -> list[dict[str, Any]]:
    weights = [1 / (rank + 10) for rank in range(len(FAMILIES))]
    families = rng.choices(FAMILIES, weights, k=count)
    out = []
    for i, family in enumerate(families):
        female = rng.random() < 0.52
        given = [rng.choice(GIVEN_F if female else GIVEN_M)]
        if rng.random() < 0.3:
            given.append(rng.choice(GIVEN_F if female else GIVEN_M))
        birth = date.fromordinal(rng.randrange(date(1920, 1, 1).toordinal(), TODAY.toordinal()))
        res: dict[str, Any] = {
            "resourceType": "Patient",
            "id": f"bench-{i:07d}",
            "name": [{"use": "official", "family": family, "given": given}],
            "gender": "female" if female else "male",
            "birthDate": birth.isoformat(),
            "telecom": [{"system": "phone", "value": f"06 {rng.randrange(10**8):08d}"}],
            "address": [{"city": "Lyon", "postalCode": f"690{rng.randrange(10):02d}"}],
        }
        if rng.random() < 0.8:
            place = f"{rng.randrange(1, 96):02d}{rng.randrange(1, 1000):03d}"
            body = (
                f"{2 if female else 1}{birth.year % 100:02d}{birth.month:02d}"
                f"{place}{rng.randrange(1, 1000):03d}"
            )
            res["identifier"] = [
                {"system": "urn:oid:1.2.250.1.213.1.4.8", "value": body + Nir.key_for(body)}
            ]
        out.append(res)
    return out


def _load_patients(conn: Connection, patients: Sequence[dict[str, Any]]) -> None:
    resources, index, fts = [], [], []
    for rowid, res in enumerate(patients, 1):
        row = ResourceIndexer.patient(res)
        resources.append(
            ("Patient", res["id"], json.dumps(res, separators=(",", ":")), None, None, 0)
        )
        index.append((rowid, res["id"], row.sort_name, row.birth_date, row.ins))
        fts.append((rowid, row.names))
    conn.execute("BEGIN IMMEDIATE")
    conn.executemany(_INSERT_RESOURCE, resources)
    conn.executemany(
        "INSERT INTO patient_index (rowid, id, sort_name, birth_date, ins) VALUES (?, ?, ?, ?, ?)",
        index,
    )
    conn.executemany("INSERT INTO patient_fts (rowid, names) VALUES (?, ?)", fts)
    conn.execute("COMMIT")


def _bench_patients(tmp: Path, runs: int, quick: bool) -> dict[str, Any]:
    count = 5_000 if quick else PATIENTS
    patients = _patients(count, random.Random(SEED + 1))
    store_path = tmp / "patients" / "store.db"
    store = _store(store_path)
    plain_path = tmp / "patients-plain" / "plain.db"
    plain = _plain(plain_path)
    start = time.perf_counter()
    _load_patients(_store_conn(store), patients)
    _load_patients(plain, patients)
    _log(f"{count} patients loaded in {time.perf_counter() - start:.1f} s (both databases)")
    # The same search code on both: StoreDatabase over the plain connection.
    dbs = {"store": store, "sqlite": StoreDatabase(plain, plain_path)}
    reps = max(5, runs * 4)
    per_query: dict[str, dict[str, float]] = {"store": {}, "sqlite": {}}
    every: dict[str, list[float]] = {"store": [], "sqlite": []}
    hits: dict[str, int] = {}
    try:
        for text in (*SEARCHES, ONE_LETTER):
            query = PatientQuery.parse(text, TODAY)
            for name, db in dbs.items():
                hits[text] = len(db.search_patients(query, SEARCH_LIMIT))  # warm-up
                times = []
                for _ in range(reps):
                    start = time.perf_counter()
                    db.search_patients(query, SEARCH_LIMIT)
                    times.append((time.perf_counter() - start) * 1000)
                per_query[name][text] = round(statistics.median(times), 2)
                if text != ONE_LETTER:
                    every[name] += times
    finally:
        store.close()
        plain.close()
    size_mb = store_path.stat().st_size / 1e6
    _store(store_path).close()  # the first open after the load is not counted
    open_ms = _timed_open(store_path, runs * 4, full_check=False)
    open_full_ms = _timed_open(store_path, max(3, runs), full_check=True)
    plain_open_ms = _timed_plain_open(plain_path, runs * 4)
    _log(f"searches and opens: {reps} repetitions")
    return {
        "patient_search_100k_ms": round(statistics.median(every["store"]), 2),
        "patient_search_100k_worst_query_ms": max(
            ms for text, ms in per_query["store"].items() if text != ONE_LETTER
        ),
        "patient_search_one_letter_ms": per_query["store"][ONE_LETTER],
        "patient_search_one_letter_ms_sqlite": per_query["sqlite"][ONE_LETTER],
        "patient_search_sqlite_ms": round(statistics.median(every["sqlite"]), 2),
        "patient_search_ratio_vs_sqlite": round(
            statistics.median(every["store"]) / statistics.median(every["sqlite"]), 3
        ),
        "patient_search_queries_ms": per_query["store"],
        "patient_search_queries_sqlite_ms": per_query["sqlite"],
        "patient_search_hits": hits,
        "patients": count,
        "open_ms": round(open_ms, 2),
        "open_full_check_ms": round(open_full_ms, 1),
        "open_ms_sqlite": round(plain_open_ms, 2),
        "db_size_mb": round(size_mb, 1),
    }


def _timed_open(path: Path, runs: int, *, full_check: bool) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        db = StoreDatabase.open(path, StoreKey(PROFILE, path), full_check=full_check)
        times.append((time.perf_counter() - start) * 1000)
        db.close()
    return statistics.median(times)


def _timed_plain_open(path: Path, runs: int) -> float:
    """The baseline's open: connect, the same pragmas, the schema version, one meta read."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        conn = sqlcipher3.connect(str(path), isolation_level=None)
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = FULL")
        Migrations.apply(conn)
        conn.execute("SELECT value FROM meta WHERE key = 'workstation_id'").fetchone()
        times.append((time.perf_counter() - start) * 1000)
        conn.close()
    return statistics.median(times)


def _engine_version() -> str:
    conn = sqlcipher3.connect(":memory:")
    try:
        return str(conn.execute("SELECT sqlite_version()").fetchone()[0])
    finally:
        conn.close()


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.store")
    parser.add_argument("--quick", action="store_true", help="small data, few runs")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args(argv)
    runs = 2 if args.quick else max(3, args.runs)
    previous = keyring.get_keyring()
    with tempfile.TemporaryDirectory(prefix="cabinet-bench-") as name:
        tmp = Path(name)
        keyring.set_keyring(FileKeyring(tmp / "keyring.json"))
        try:
            figures: dict[str, Any] = {
                "quick": args.quick,
                "runs": runs,
                "baseline": f"SQLite {_engine_version()} through sqlcipher3 with no key"
                " (unencrypted), same schema and pragmas",
                "stdlib_sqlite_version": sqlite3.sqlite_version,
                "stdlib_sqlite_schema": _stdlib_schema(tmp / "stdlib.db"),
            }
            figures |= _bench_reads_writes(tmp, runs, args.quick)
            figures |= _bench_patients(tmp, runs, args.quick)
        finally:
            keyring.set_keyring(previous)
    figures["goals_met"] = {
        "read_ratio_le_1_3": figures["read_ratio_vs_sqlite"] <= GOALS["read_ratio"],
        "write_ge_200k_rows_per_s": figures["write_rows_per_s"] >= GOALS["write_rows_per_s"],
        "open_le_5_ms": figures["open_ms"] <= GOALS["open_ms"],
        "search_le_50_ms": figures["patient_search_100k_worst_query_ms"] <= GOALS["search_ms"],
    }
    print(json.dumps(figures, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
