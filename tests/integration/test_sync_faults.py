"""Three workstations, 200 offline edits each, a hostile network and SIGKILLs: nothing lost.

A fault-injecting proxy (:class:`FhirProxy`) stands between the clients and a real
backend: it drops 20% of responses after the server processed the request, sends
5% of requests upstream twice, resets 5% of connections before forwarding, and
delays every request by up to 30 ms. Each client is a separate process
(:mod:`tests.helpers.sync_client_process`) editing its store and syncing through
the proxy, killed with SIGKILL at random points and restarted on its store, 40 times
in all (:class:`SyncClientDriver`). Each client creates its own patients and edits
them, owns one telecom item on each of three shared patients, and writes one
common extension of the shared patients that everyone writes, so that real
conflicts happen (:class:`SyncWorkload`). Once the network heals, every client
syncs until nothing moves, resolving the conflicts left by keeping its own side.

The edits acknowledged are those each store committed: every edit commits with one
audit entry of the client's edit session, in the same transaction, so the audit
trail counts them (an edit that committed just before a kill counts too). Then
(:class:`SyncFaultCheck`, which the figures come from):

- lost: for each element an acknowledged edit wrote, the client's last edit of it
  (earlier ones are superseded by that later edit). Where that client is the only
  writer (its own patients, its telecom item), the server's current value must be
  that edit's value. On the common element, the value must appear in the server's
  instance history of the patient, or a conflict record of that client on that
  patient must hold it as "mine" at that element.
- duplicated: Patients found more than once in a search of the server, plus
  Patients no client created.
- silent_overwrites: ``GET /Patient/<id>/_history`` on the backend itself (not
  through the proxy), in version order. A version v_i written by client W (the
  ``edited-by`` extension every push puts in ``meta``) that changes a tracked
  element (the common extension; each client's telecom item; each own patient's
  extension) from value p to another value, where p was written by a client other
  than W (each value names its edit, ``c{k}e{n}``), is an overwrite. It is not
  silent if (a) the new value is W's own common edit and records, as the value it
  was made over, p itself (W's copy held p when it edited: it saw p), or (b) W's
  store has a conflict record for that patient with a field at that element whose
  "theirs" is p (W was shown p, and a resolution kept W's side). Any other such
  version counts as a silent overwrite.
- convergence: every client holds every Patient at the server's current version id
  with the same content, and nothing is left pending, in flight or in conflict.
"""

from pathlib import Path

import pytest

from tests.helpers.sync_fault_run import NetworkFaults, SyncFaultRun
from tests.helpers.sync_workload import SyncWorkload

CLIENTS = 3
EDITS = 200
KILLS = 40
SEED = 20_261_123
FAULTS = NetworkFaults(
    drop_response_rate=0.20, duplicate_rate=0.05, reset_rate=0.05, delay_s=(0.0, 0.03)
)


@pytest.mark.slow
@pytest.mark.asyncio
async def test_every_acknowledged_edit_survives_faults_and_kills(tmp_path: Path) -> None:
    workload = SyncWorkload(SEED, CLIENTS, EDITS)
    report = await SyncFaultRun(tmp_path, workload, KILLS, faults=FAULTS).run()
    figures = report.figures()
    check = report.check
    why = "\n".join([str(figures), *check.details, *report.failures])
    assert report.failures == [], why
    # Every edit was made and acknowledged, across all the kills.
    assert check.acknowledged_edits == CLIENTS * EDITS, why
    assert (check.lost, check.duplicated, check.silent_overwrites) == (0, 0, 0), why
    assert (check.diverged, check.leftovers) == (0, 0), why
    # The faults did happen, and the kills landed where they matter.
    assert report.kills >= 30, why
    assert figures["drops"] > 0, why
    assert figures["duplicates"] > 0, why
    assert figures["resets"] > 0, why
    assert figures["delayed"] > 0, why
    assert figures["kills_with_push_unanswered"] > 0, why
    assert figures["stores_damaged_by_kills"] == 0, why
    # Clients really collided: conflicts were recorded and resolved.
    assert check.conflict_records > 0, why
    assert check.overwrites_with_conflict > 0, why
