"""Sync under a hostile network and SIGKILLs: is anything lost, duplicated or overwritten?

Run from the repository root: ``python -m bench.sync_faults [--clients 3] [--edits 500]
[--kills 200] [--seed N] [--quick]``.

The machinery of tests/integration/test_sync_faults.py (tests.helpers.sync_fault_run),
at a larger scale: a real backend behind a fault proxy that drops 20% of responses
after the server processed the request, sends 5% of requests twice, resets 5% of
connections and delays every request by up to 30 ms; each client a child process
editing offline and syncing, killed with SIGKILL at random points and restarted
``--kills`` times in all; then the network heals and every client syncs until
nothing moves, resolving what conflicts remain by keeping its own side.

The last line of stdout is one JSON object: {"clients", "edits" (per client), "kills",
"lost", "duplicated", "silent_overwrites", ...}. The goal is lost = duplicated =
silent_overwrites = 0 (their exact definitions: tests/helpers/sync_fault_check.py);
also reported: whether every client converged ("diverged", "left_pending"), the
conflicts recorded, the proxy's fault counts, where the kills landed, and seconds.
Examples of any failure go to stderr. Exit status 1 when a goal figure is not 0.
"""

import argparse
import asyncio
import json
import logging
import sys
import tempfile
from pathlib import Path

from tests.helpers.sync_fault_run import SyncFaultReport, SyncFaultRun
from tests.helpers.sync_workload import SyncWorkload


async def _run(clients: int, edits: int, kills: int, seed: int) -> SyncFaultReport:
    with tempfile.TemporaryDirectory(prefix="cabinet-sync-faults-") as tmp:
        return await SyncFaultRun(Path(tmp), SyncWorkload(seed, clients, edits), kills).run()


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.sync_faults")
    parser.add_argument("--clients", type=int, default=3)
    parser.add_argument("--edits", type=int, default=500)
    parser.add_argument("--kills", type=int, default=200)
    parser.add_argument("--seed", type=int, default=20_261_123)
    parser.add_argument("--quick", action="store_true", help="a short smoke run")
    args = parser.parse_args(argv)
    edits, kills = (
        (min(args.edits, 60), min(args.kills, 10))
        if args.quick
        else (
            args.edits,
            args.kills,
        )
    )
    # The proxy logs every request whose client died mid-way: here that is the point.
    logging.getLogger("aiohttp.server").setLevel(logging.CRITICAL)
    print(f"{args.clients} clients x {edits} edits, {kills} kills...", file=sys.stderr)
    report = asyncio.run(_run(args.clients, edits, kills, args.seed))
    for line in [*report.check.details, *report.failures]:
        print(line, file=sys.stderr)
    figures = report.figures()
    print(json.dumps(figures))
    goal = ("lost", "duplicated", "silent_overwrites", "diverged", "left_pending")
    return 0 if all(figures[name] == 0 for name in goal) and not report.failures else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
