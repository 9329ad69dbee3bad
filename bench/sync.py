"""Sync against the project's backend: first sync, incremental pull, push.

Run from the repository root: ``python -m bench.sync [--resources N]``.

The backend runs as the workstation runs it (``python -m backend`` child process,
SQLCipher, bootstrap token). It is seeded over HTTP with transaction Bundles: patients,
and observations within the default scope's window. Then, in the same run:

- ``initial_per_s``: a new workstation's first :meth:`SyncEngine.sync_once` (scoped
  searches, pages of 1,000, applied to the encrypted store while the next page is on
  its way) — resources stored per second. What changed on the server while it ran is
  read by the next cycle (the engine starts it at once), here the first incremental
  round;
- ``naive_per_s``: the baseline, sequential ``Patient.read`` / ``Observation.read``
  with plain fhirclient (one GET per resource, parsed into fhirclient's models), on a
  sample of the same resources — resources per second;
- ``ratio_vs_naive``: the two rates' ratio (goal ≥ 10);
- ``incremental_100_ms``: 100 resources changed on the server, then one sync cycle of
  the synced workstation (median of 3; goal ≤ 300 ms);
- ``push_1000_ms``: 1,000 local edits committed, then one sync cycle: the time until
  the server has acknowledged all of them (median of 3; goal ≤ 2,000 ms);
  ``push_cycle_1000_ms`` is that whole cycle, which then pulls (finding only its own
  versions) and pushes the 1,000 audit entries of those edits as AuditEvents.

The last line of stdout is the JSON object; progress goes to stderr.
"""

import argparse
import asyncio
import copy
import json
import secrets
import statistics
import sys
import tempfile
import time
import uuid
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import aiohttp

from app.audit.audit_entry import AuditAction
from app.services.session import Session
from app.store.demo_key_file import DemoKeyFile
from app.store.encrypted_store import EncryptedStore
from app.store.resource_write import ResourceWrite
from sync.embedded_backend import EmbeddedBackend
from sync.sync_engine import SyncEngine

GOALS = {"initial_per_s": 2000.0, "ratio_vs_naive": 10.0, "incremental_100_ms": 300.0}
GOALS_MAX = {"incremental_100_ms": 300.0, "push_1000_ms": 2000.0}
NAIVE_SAMPLE = 600
TODAY = date.today()


def _say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def _patient(i: int) -> dict[str, Any]:
    return {
        "resourceType": "Patient",
        "id": str(uuid.uuid4()),
        "name": [{"use": "official", "family": f"Famille{i:05d}", "given": ["Camille"]}],
        "gender": "female" if i % 2 else "male",
        "birthDate": f"{1940 + i % 60}-0{1 + i % 9}-1{i % 10}",
        "telecom": [{"system": "phone", "use": "mobile", "value": f"06 39 98 {i % 100:02d} 00"}],
    }


def _observation(patient_id: str, i: int) -> dict[str, Any]:
    when = TODAY - timedelta(days=i % 300)
    return {
        "resourceType": "Observation",
        "id": str(uuid.uuid4()),
        "status": "final",
        "category": [
            {
                "coding": [
                    {
                        "system": "http://terminology.hl7.org/CodeSystem/observation-category",
                        "code": "vital-signs",
                    }
                ]
            }
        ],
        "code": {"coding": [{"system": "http://loinc.org", "code": "8867-4"}]},
        "subject": {"reference": f"Patient/{patient_id}"},
        "effectiveDateTime": f"{when.isoformat()}T09:00:00+01:00",
        "valueQuantity": {
            "value": 60 + i % 40,
            "unit": "/min",
            "system": "http://unitsofmeasure.org",
            "code": "/min",
        },
    }


class _Server:
    def __init__(self, backend: EmbeddedBackend) -> None:
        self._backend = backend

    @property
    def base_url(self) -> str | None:
        return self._backend.base_url

    async def token(self) -> str:
        return await self._backend.token()


async def _seed(backend: EmbeddedBackend, resources: list[dict[str, Any]]) -> None:
    token = await backend.token()
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/fhir+json"}
    async with aiohttp.ClientSession(headers=headers) as http:
        for start in range(0, len(resources), 1000):
            bundle = {
                "resourceType": "Bundle",
                "type": "transaction",
                "entry": [
                    {
                        "fullUrl": f"{backend.base_url}/{r['resourceType']}/{r['id']}",
                        "resource": r,
                        "request": {"method": "PUT", "url": f"{r['resourceType']}/{r['id']}"},
                    }
                    for r in resources[start : start + 1000]
                ],
            }
            async with http.post(f"{backend.base_url}/", data=json.dumps(bundle)) as reply:
                if reply.status != 200:
                    raise RuntimeError(f"seeding failed: HTTP {reply.status}")


def _naive(base_url: str, token: str, refs: list[tuple[str, str]]) -> float:
    """Sequential reads with plain fhirclient, as a simple client would sync."""
    from fhirclient.models.observation import Observation
    from fhirclient.models.patient import Patient
    from fhirclient.server import FHIRServer

    server = FHIRServer(None, base_uri=base_url + "/")
    server.session.headers["Authorization"] = f"Bearer {token}"
    models = {"Patient": Patient, "Observation": Observation}
    started = time.perf_counter()
    for rtype, rid in refs:
        models[rtype].read(rid, server)
    elapsed = time.perf_counter() - started
    server.session.close()
    return len(refs) / elapsed


async def _workstation(
    tmp: Path, name: str, backend: EmbeddedBackend
) -> tuple[EncryptedStore, SyncEngine]:
    path = tmp / name / "store.db"
    store = await EncryptedStore.open(path, DemoKeyFile(path.with_name("demo.key"), path))
    engine = SyncEngine(store, _Server(backend), "bench", f"Bench ({name})", today=lambda: TODAY)
    return store, engine


async def _main(count: int) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="cabinet-bench-sync-") as tmp_name:
        tmp = Path(tmp_name)
        backend = EmbeddedBackend(
            db_path=tmp / "server" / "backend.db",
            db_key=secrets.token_bytes(32),
            practitioner="Practitioner/bench",
            display="Bench",
            log_path=tmp / "server" / "backend.log",
        )
        await backend.start()
        try:
            patients = [_patient(i) for i in range(count // 5)]
            observations = [
                _observation(patients[i % len(patients)]["id"], i)
                for i in range(count - len(patients))
            ]
            _say(f"seeding {len(patients) + len(observations)} resources")
            await _seed(backend, patients + observations)

            store, engine = await _workstation(tmp, "first", backend)
            try:
                _say("first sync")
                started = time.perf_counter()
                report = await engine.sync_once()
                initial_s = time.perf_counter() - started
                stored = await store.count("Patient") + await store.count("Observation")
                if stored != len(patients) + len(observations):
                    raise RuntimeError(f"first sync stored {stored} resources")
                _say(f"  {stored} in {initial_s:.2f} s ({report.pulled.received} received)")

                assert backend.base_url is not None
                sample = [("Patient", p["id"]) for p in patients[: NAIVE_SAMPLE // 5]] + [
                    ("Observation", o["id"])
                    for o in observations[: NAIVE_SAMPLE - NAIVE_SAMPLE // 5]
                ]
                token = await backend.token()
                naive = await asyncio.to_thread(_naive, backend.base_url, token, sample)
                _say(f"naive: {naive:.0f}/s")

                incremental = []
                for round_ in range(3):
                    changed = []
                    for p in patients[round_ * 100 : round_ * 100 + 100]:
                        q = copy.deepcopy(p)
                        q["telecom"][0]["value"] = f"07 00 00 {round_:02d} 00"
                        changed.append(q)
                    await _seed(backend, changed)
                    started = time.perf_counter()
                    report = await engine.sync_once()
                    incremental.append((time.perf_counter() - started) * 1000)
                    split = (report.push_s * 1000, report.pull_s * 1000, report.audit_s * 1000)
                    _say(
                        "  push {:.0f} ms, pull {:.0f} ms, audit {:.0f} ms".format(*split)
                        + f" ({report.pulled.received} received)"
                    )
                    if report.pulled.applied < 100:
                        raise RuntimeError(f"incremental pull applied {report.pulled.applied}")
                _say(f"incremental: {incremental}")

                session = Session("Practitioner/bench", "Bench", "bench")
                pushes: list[float] = []
                cycles: list[float] = []
                for round_ in range(3):
                    writes = []
                    for p in (
                        patients[1000 + round_ * 1000 : 2000 + round_ * 1000] or patients[:1000]
                    ):
                        local = await store.read("Patient", p["id"])
                        assert local is not None
                        local["gender"] = "other" if local.get("gender") != "other" else "unknown"
                        writes.append(ResourceWrite("Patient", p["id"], local))
                    await store.commit(
                        writes, [session.record(AuditAction.UPDATE, w.ref) for w in writes]
                    )
                    started = time.perf_counter()
                    report = await engine.sync_once()
                    cycles.append((time.perf_counter() - started) * 1000)
                    pushes.append(report.push_s * 1000)
                    if report.pushed.acknowledged != len(writes):
                        raise RuntimeError(f"pushed {report.pushed.acknowledged} of {len(writes)}")
                _say(f"push: {pushes}")
            finally:
                await engine.stop()
                await store.close()
        finally:
            await backend.stop()
    initial_per_s = (len(patients) + len(observations)) / initial_s
    figures: dict[str, Any] = {
        "initial_resources": len(patients) + len(observations),
        "initial_per_s": round(initial_per_s, 1),
        "naive_per_s": round(naive, 1),
        "ratio_vs_naive": round(initial_per_s / naive, 2),
        "incremental_100_ms": round(statistics.median(incremental), 1),
        "push_1000_ms": round(statistics.median(pushes), 1),
        "incremental_runs_ms": [round(x, 1) for x in incremental],
        "push_runs_ms": [round(x, 1) for x in pushes],
        "push_cycle_1000_ms": round(statistics.median(cycles), 1),
    }
    figures["goals_met"] = {
        "initial_ge_2000_per_s": figures["initial_per_s"] >= 2000,
        "ratio_ge_10": figures["ratio_vs_naive"] >= 10,
        "incremental_le_300_ms": figures["incremental_100_ms"] <= 300,
        "push_le_2000_ms": figures["push_1000_ms"] <= 2000,
    }
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--resources", type=int, default=10_000)
    args = parser.parse_args()
    print(json.dumps(asyncio.run(_main(args.resources))))


if __name__ == "__main__":
    main()
