"""Crash consistency of the store under many SIGKILLs, with the crash test's kill loop.

Run from the repository root: ``python -m bench.store_crash [--kills N] [--quick]``.

Each kill stops a writer (tests.helpers.crash_writer) a random 20-400 ms after it starts
opening the store; the store is then reopened with the full check and compared with the
acknowledged edits (tests.helpers.crash_loop, shared with
tests/integration/test_store_crash.py). A new database is started every
``--per-database`` kills so that the verification time stays flat. A few more kills
land while a brand-new profile is being created.

The last line of stdout is one JSON object: {"kills", "lost_acknowledged", "corrupt",
...}. ``lost_acknowledged`` counts acknowledged edits missing after a kill; ``corrupt``
counts kills after which the store was locked, failed its integrity check, or was not
exactly a committed prefix. Both must be 0. Progress goes to stderr.
"""

import argparse
import json
import random
import sys
import tempfile
import time
from pathlib import Path

import keyring

from tests.fakes.file_keyring import FileKeyring
from tests.helpers.crash_loop import CrashLoop, KillReport

CREATION_KILLS = 10
CREATION_WINDOW_S = 0.015


def _run(kills: int, per_database: int, creation_kills: int, seed: int) -> dict[str, object]:
    started = time.perf_counter()
    previous = keyring.get_keyring()
    with tempfile.TemporaryDirectory(prefix="cabinet-crash-") as tmp:
        workdir = Path(tmp)
        keyring_path = workdir / "keyring.json"
        keyring.set_keyring(FileKeyring(keyring_path))
        try:
            loop = CrashLoop(workdir, keyring_path, random.Random(seed))
            reports: list[KillReport] = []
            for i in range(kills):
                if i and i % per_database == 0:
                    loop.start_new_database()
                report = loop.kill_once()
                reports.append(report)
                if not report.ok:
                    print(f"kill {i + 1}: {report.describe()}", file=sys.stderr)
                elif (i + 1) % 10 == 0:
                    print(f"{i + 1}/{kills} kills, all consistent", file=sys.stderr)
            rng = random.Random(seed + 1)
            created = [
                loop.kill_during_creation(i, rng.uniform(0, CREATION_WINDOW_S))
                for i in range(creation_kills)
            ]
            for report in created:
                if not report.ok:
                    print(f"creation kill: {report.describe()}", file=sys.stderr)
        finally:
            keyring.set_keyring(previous)
    every = reports + created
    return {
        "kills": len(reports),
        "lost_acknowledged": sum(r.lost for r in every),
        "corrupt": sum(1 for r in every if r.corruption),
        "acknowledged_edits": sum(r.acks for r in reports),
        "kills_after_an_ack": sum(1 for r in reports if r.acks > 0),
        "unacknowledged_commit_kept": sum(
            1 for r in reports if r.committed is not None and r.committed == r.last_ack + 1
        ),
        "creation_kills": len(created),
        "creation_kills_before_link": sum(1 for r in created if not r.db_existed),
        "kills_per_database": per_database,
        "seed": seed,
        "seconds": round(time.perf_counter() - started, 1),
    }


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.store_crash")
    parser.add_argument("--kills", type=int, default=200)
    parser.add_argument("--quick", action="store_true", help="a short smoke run")
    parser.add_argument("--per-database", type=int, default=50)
    parser.add_argument("--seed", type=int, default=20_241_123)
    args = parser.parse_args(argv)
    kills = min(args.kills, 10) if args.quick else args.kills
    creation = 3 if args.quick else CREATION_KILLS
    figures = _run(kills, max(1, args.per_database), creation, args.seed)
    print(json.dumps(figures))
    return 0 if figures["lost_acknowledged"] == 0 and figures["corrupt"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
