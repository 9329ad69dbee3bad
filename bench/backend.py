"""The FHIR backend under load: creates, reads, searches and 1,000-resource transactions.

Run from the repository root: ``python -m bench.backend [--store sqlite|postgresql]
[--quick] [--connections N] [--sweep 8,16,32,64]``.

Three processes, as in use: the server (``python -m backend``, started exactly as the
workstation starts it: bootstrap secret and SQLCipher key on its standard input, a
free port on 127.0.0.1), this script, and a load generator (this module again with
``--load``) that talks to the server over loopback with ``--connections`` concurrent
aiohttp connections. The load never runs in the server's process, so the figures
include HTTP parsing, JSON, validation, auth, the audit trail and the storage, and
nothing is shared but the socket.

``--store postgresql`` starts a throwaway PostgreSQL cluster (Debian's server, through
``tests.helpers.postgres_cluster``) and deletes it afterwards.

Figures (the last line of stdout is the JSON object; progress goes to stderr):

- ``create_per_s``: ``POST /Patient`` of distinct patients (each also writes its
  AuditEvent in the same transaction), the server's capacity: the highest rate over
  ``--sweep`` concurrent clients (``create_connections`` says at which, and
  ``create_per_s_by_connections`` gives every step: writes are committed in groups, so
  the rate rises with concurrency until the server is saturated; a bulk import, what
  the goal is compared with, runs saturated). Goal on SQLite ≥ 1,500/s;
- ``metadata_per_s``: ``GET /metadata`` (HTTP, routing and JSON, no token, no storage)
  at the same concurrency, the baseline of this run on this machine; ``create_vs_metadata``
  the ratio, comparable between runs on noisy machines;
- ``read_per_s``: ``GET /Patient/<id>`` of random created ids (each queues an audited
  read, stored in batches);
- ``search_per_s``: ``GET /Patient?family=<prefix>&_count=10`` with the total;
- ``transaction_1000_ms``: median wall time of a transaction Bundle of 1,000
  Observations for one new patient (``urn:uuid:`` references rewritten), response
  included; goal on SQLite ≤ 1,000 ms;
- ``*_p50_ms`` / ``*_p99_ms``: per-request latency under that concurrency (reads and
  searches at ``--connections``, creates at ``create_connections``).
"""

import argparse
import asyncio
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parents[1]
GOALS = {"create_per_s": 1500.0, "transaction_1000_ms": 1000.0}
FAMILIES = ("Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand")


def _say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


# -- the load generator (its own process) ------------------------------------------------


def _patient(rng: random.Random, n: int) -> dict[str, Any]:
    return {
        "resourceType": "Patient",
        "identifier": [{"system": "urn:oid:1.2.250.1.213.1.4.8", "value": f"{n:015d}"}],
        "name": [{"family": f"{rng.choice(FAMILIES)}{n % 997}", "given": ["Jeanne", "Marie"]}],
        "gender": rng.choice(["female", "male"]),
        "birthDate": f"{rng.randint(1930, 2020)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
        "telecom": [{"system": "phone", "value": "0601020304"}],
        "address": [{"line": ["1 rue de la Paix"], "city": "Paris", "postalCode": "75002"}],
    }


def _observation(subject: str, i: int) -> dict[str, Any]:
    return {
        "resourceType": "Observation",
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
        "subject": {"reference": subject},
        "effectiveDateTime": f"2026-03-14T10:{i % 60:02d}:00+01:00",
        "valueQuantity": {
            "value": 60 + i % 40,
            "unit": "/min",
            "system": "http://unitsofmeasure.org",
            "code": "/min",
        },
    }


async def _phase(name: str, count: int, connections: int, work: Any) -> tuple[float, list[float]]:
    """Run ``work(i)`` for i in range(count) on ``connections`` workers: (per second, latencies)."""
    latencies: list[float] = []
    queue = iter(range(count))

    async def worker() -> None:
        for i in queue:
            started = time.perf_counter()
            await work(i)
            latencies.append(time.perf_counter() - started)

    started = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(connections)))
    elapsed = time.perf_counter() - started
    _say(f"{name}: {count} in {elapsed:.2f} s")
    return count / elapsed, latencies


def _percentiles(prefix: str, latencies: list[float]) -> dict[str, float]:
    ordered = sorted(latencies)
    return {
        f"{prefix}_p50_ms": round(ordered[len(ordered) // 2] * 1000, 2),
        f"{prefix}_p99_ms": round(
            ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))] * 1000, 2
        ),
    }


async def _load(config: dict[str, Any]) -> dict[str, Any]:
    import aiohttp

    url, connections, sweep = config["url"], config["connections"], config["sweep"]
    rng = random.Random(19_540_312)
    connector = aiohttp.TCPConnector(limit=max(connections, *sweep))
    timeout = aiohttp.ClientTimeout(total=120)
    async with aiohttp.ClientSession(connector=connector, timeout=timeout) as http:
        async with http.post(
            f"{url}/auth/bootstrap",
            json={"practitioner": "10003456789", "display": "Bench"},
            headers={"Authorization": f"Bootstrap {config['secret']}"},
        ) as response:
            token = (await response.json())["access_token"]
        headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/fhir+json"}
        ids: list[str] = []
        # The creates are shared out over the sweep: the store ends as large as with one
        # concurrency, so reads and searches run on the same data as they always have.
        per_level = config["creates"] // len(sweep)
        total = per_level * len(sweep) + 50
        bodies = [json.dumps(_patient(rng, n)) for n in range(total)]
        next_body = iter(range(total))

        async def create(_: int) -> None:
            body = bodies[next(next_body)]  # every patient distinct, whatever the phase
            async with http.post(f"{url}/Patient", data=body, headers=headers) as response:
                if response.status != 201:
                    raise RuntimeError(f"create answered {response.status}")
                ids.append((await response.json())["id"])

        async def read(_: int) -> None:
            target = rng.choice(ids)
            async with http.get(f"{url}/Patient/{target}", headers=headers) as response:
                if response.status != 200:
                    raise RuntimeError(f"read answered {response.status}")
                await response.read()

        async def metadata(_: int) -> None:
            async with http.get(f"{url}/metadata") as response:
                if response.status != 200:
                    raise RuntimeError(f"metadata answered {response.status}")
                await response.read()

        async def search(i: int) -> None:
            family = f"{FAMILIES[i % len(FAMILIES)][:4]}"
            async with http.get(
                f"{url}/Patient?family={family}&_count=10", headers=headers
            ) as response:
                if response.status != 200:
                    raise RuntimeError(f"search answered {response.status}")
                await response.read()

        # A short warm-up so that imports and caches are not in the figures.
        await _phase("warm-up", 50, connections, create)
        ids.clear()
        figures: dict[str, Any] = {}
        by_connections: dict[str, float] = {}
        best: tuple[float, int, list[float]] | None = None
        for level in sweep:
            rate, lat = await _phase(f"create x{level}", per_level, level, create)
            by_connections[str(level)] = round(rate, 1)
            if best is None or rate > best[0]:
                best = (rate, level, lat)
        assert best is not None  # the sweep is never empty
        rate, peak, lat = best
        figures["create_per_s"] = round(rate, 1)
        figures["create_connections"] = peak
        figures["create_per_s_by_connections"] = by_connections
        figures |= _percentiles("create", lat)
        base, _ = await _phase("metadata (baseline)", per_level, peak, metadata)
        figures["metadata_per_s"] = round(base, 1)
        figures["create_vs_metadata"] = round(rate / base, 3)
        rate, lat = await _phase("read", config["reads"], connections, read)
        figures["read_per_s"] = round(rate, 1)
        figures |= _percentiles("read", lat)
        rate, lat = await _phase("search", config["searches"], connections, search)
        figures["search_per_s"] = round(rate, 1)
        figures |= _percentiles("search", lat)

        timings = []
        for run in range(config["transactions"]):
            urn = f"urn:uuid:{uuid.uuid4()}"
            entries = [
                {
                    "fullUrl": urn,
                    "resource": _patient(rng, 10**9 + run),
                    "request": {"method": "POST", "url": "Patient"},
                }
            ]
            entries += [
                {
                    "resource": _observation(urn, i),
                    "request": {"method": "POST", "url": "Observation"},
                }
                for i in range(999)
            ]
            body = json.dumps({"resourceType": "Bundle", "type": "transaction", "entry": entries})
            started = time.perf_counter()
            async with http.post(f"{url}/", data=body, headers=headers) as response:
                answer = await response.read()
                if response.status != 200:
                    raise RuntimeError(f"transaction answered {response.status}: {answer[:200]!r}")
            timings.append((time.perf_counter() - started) * 1000)
            _say(f"transaction of 1000: {timings[-1]:.0f} ms")
        figures["transaction_1000_ms"] = round(statistics.median(timings), 1) if timings else None
        figures["transaction_1000_runs_ms"] = [round(t, 1) for t in timings]
    return figures


def _load_main() -> int:
    config = json.loads(sys.stdin.readline())
    print(json.dumps(asyncio.run(_load(config))), flush=True)
    return 0


# -- the conductor -----------------------------------------------------------------------


def _env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CABINET_")}
    env["PYTHONPATH"] = str(REPO_ROOT)
    return env


def _run(store: str, quick: bool, connections: int, sweep: list[int], tmp: Path) -> dict[str, Any]:
    cluster: Any = None
    secret = os.urandom(32).hex()
    if store == "postgresql":
        from tests.helpers.postgres_cluster import PostgresCluster

        _say("starting a throwaway PostgreSQL cluster")
        cluster = PostgresCluster.start()
        db, key = cluster.create_database("bench"), None
    else:
        db, key = f"sqlite:{tmp / 'backend.db'}", os.urandom(32).hex()
    server = subprocess.Popen(
        [sys.executable, "-m", "backend", "--db", db, "--port", "0", "--bootstrap-stdin"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        cwd=REPO_ROOT,
        env=_env(),
    )
    try:
        assert server.stdin is not None
        assert server.stdout is not None
        server.stdin.write(
            (json.dumps({"bootstrap_secret": secret, "db_key": key}) + "\n").encode()
        )
        server.stdin.flush()
        url = json.loads(server.stdout.readline())["listening"]
        _say(f"server {url} ({store}), load from a separate process, {connections} connections")
        config = {
            "url": url,
            "secret": secret,
            "connections": connections,
            "sweep": sweep,
            "creates": 500 if quick else 6000,
            "reads": 500 if quick else 6000,
            "searches": 200 if quick else 2000,
            "transactions": 1 if quick else 3,
        }
        load = subprocess.run(
            [sys.executable, "-m", "bench.backend", "--load"],
            input=json.dumps(config) + "\n",
            capture_output=True,
            text=True,
            cwd=REPO_ROOT,
            env=_env(),
            timeout=900,
            check=False,
        )
        sys.stderr.write(load.stderr)
        if load.returncode != 0:
            raise RuntimeError(f"the load generator failed ({load.returncode})")
        figures: dict[str, Any] = json.loads(load.stdout.strip().splitlines()[-1])
    finally:
        if server.stdin is not None:
            server.stdin.close()  # the server's signal to stop
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        if cluster is not None:
            cluster.stop()
    return {"store": store, "quick": quick, "connections": connections} | figures


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.backend")
    parser.add_argument("--store", choices=["sqlite", "postgresql"], default="sqlite")
    parser.add_argument("--quick", action="store_true", help="a smoke run, small counts")
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument(
        "--sweep",
        type=lambda text: [int(n) for n in text.split(",")],
        default=[8, 16, 32, 64],
        help="concurrent clients the creates are measured at (comma-separated)",
    )
    parser.add_argument("--load", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.load:
        return _load_main()
    with tempfile.TemporaryDirectory(prefix="cabinet-bench-backend-") as name:
        figures = _run(args.store, args.quick, args.connections, args.sweep, Path(name))
    figures["cpus"] = os.cpu_count()
    if args.store == "sqlite":
        figures["goals_met"] = {
            "create_ge_1500_per_s": figures["create_per_s"] >= GOALS["create_per_s"],
            "transaction_1000_le_1000_ms": figures["transaction_1000_ms"]
            <= GOALS["transaction_1000_ms"],
        }
    print(json.dumps(figures, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
