"""The fault run's judge on made-up runs: a perfect sync passes, each fault is counted.

A perfect sync is simulated: every edit of the workload lands on one server copy in
turn, as a new version named after its writer. Then one fault at a time is put in,
and :class:`SyncFaultCheck` must count exactly it.
"""

import copy
from typing import Any

from sync.bundle_reader import EDITED_BY_URL
from tests.helpers.sync_fault_check import (
    CheckResult,
    ClientSnapshot,
    ConflictRecord,
    ServerSnapshot,
    SyncFaultCheck,
)
from tests.helpers.sync_workload import CLIENT_USES, COMMON_URL, EditKind, SyncWorkload

FhirJson = dict[str, Any]
WORKLOAD = SyncWorkload(seed=5, clients=2, edits=40)


class _Server:
    """A server's Patients, version by version."""

    def __init__(self) -> None:
        self.history: dict[str, list[FhirJson]] = {}

    def current(self, rid: str) -> FhirJson:
        return self.history[rid][-1]

    def put(self, resource: FhirJson, writer: str) -> None:
        versions = self.history.setdefault(resource["id"], [])
        stored = copy.deepcopy(resource)
        stored["meta"] = {
            "versionId": str(len(versions) + 1),
            "extension": [{"url": EDITED_BY_URL, "valueString": writer}],
        }
        versions.append(stored)


def _perfect_sync() -> _Server:
    server = _Server()
    for i in range(WORKLOAD.shared):
        server.put(WORKLOAD.shared_patient(i), "seed")
    for n in range(1, WORKLOAD.edits + 1):
        for k in range(WORKLOAD.clients):
            planned = WORKLOAD.plan(k, n)
            current = server.history.get(planned.patient_id)
            resource = WORKLOAD.apply(planned, None if current is None else current[-1])
            server.put(resource, SyncWorkload.writer(k))
    return server


def _check(
    server: _Server,
    *,
    conflicts: dict[int, list[ConflictRecord]] | None = None,
    committed: dict[int, int] | None = None,
    found: list[FhirJson] | None = None,
    held: dict[str, FhirJson] | None = None,
) -> CheckResult:
    """Judge ``server``; clients hold its current versions (client 0 ``held`` instead)."""
    current = [versions[-1] for versions in server.history.values()]
    clients = []
    for k in range(WORKLOAD.clients):
        local = {str(r["id"]): r for r in current}
        if k == 0:
            local |= held or {}
        clients.append(
            ClientSnapshot(
                client=k,
                committed_edits=(committed or {}).get(k, WORKLOAD.edits),
                conflicts=(conflicts or {}).get(k, []),
                local={rid: (r["meta"]["versionId"], r) for rid, r in local.items()},
                pending=0,
                open_conflicts=0,
                in_flight=0,
            )
        )
    snapshot = ServerSnapshot(found if found is not None else current, server.history)
    return SyncFaultCheck(WORKLOAD, snapshot, clients).result()


def _with_common(resource: FhirJson, value: str) -> FhirJson:
    changed = copy.deepcopy(resource)
    for ext in changed["extension"]:
        if ext["url"] == COMMON_URL:
            ext["valueString"] = value
    return changed


def _first_edit(client: int, kind: EditKind, after: int, rid: str | None = None) -> int:
    """The first edit of ``client`` after edit ``after`` of that kind (on ``rid``)."""
    return next(
        n
        for n in range(after + 1, after + 1000)
        if WORKLOAD.plan(client, n).kind is kind
        and rid in {None, WORKLOAD.plan(client, n).patient_id}
    )


def _counts(result: CheckResult) -> tuple[int, int, int, int]:
    return result.lost, result.duplicated, result.silent_overwrites, result.diverged


def _common_path() -> tuple[str, ...]:
    return SyncWorkload.path(EditKind.COMMON, 0)


def test_a_perfect_sync_has_nothing_to_report() -> None:
    result = _check(_perfect_sync())
    assert _counts(result) == (0, 0, 0, 0), result.details
    assert result.acknowledged_edits == WORKLOAD.clients * WORKLOAD.edits


def test_a_common_value_replaced_unseen_is_a_silent_overwrite_unless_shown() -> None:
    server = _perfect_sync()
    rid = WORKLOAD.shared_id(0)
    before = server.current(rid)
    prev = SyncWorkload.full_value(before, EditKind.COMMON, 0)
    assert prev is not None
    prev_tag = prev.split("/")[0]
    writer = 1 if SyncWorkload.author(prev_tag) == 0 else 0
    # The writer replaces a value by someone else while its copy held another one.
    server.put(_with_common(before, f"c{writer}e900/-"), SyncWorkload.writer(writer))
    result = _check(server)
    assert (result.silent_overwrites, result.overwrites_with_conflict) == (1, 0)
    # Shown to the writer in a conflict, that value as theirs: an overwrite, not silent.
    shown = ConflictRecord(rid, ((_common_path(), None, "mine", prev),), "chosen")
    result = _check(server, conflicts={writer: [shown]})
    assert (result.silent_overwrites, result.overwrites_with_conflict) == (0, 1)
    # Made over that very value: the writer had seen it, no overwrite at all.
    server.history[rid][-1] = _with_common(server.current(rid), f"c{writer}e900/{prev_tag}")
    result = _check(server)
    assert (result.silent_overwrites, result.overwrites_with_conflict) == (0, 0)


def test_a_stale_copy_of_anothers_element_pushed_back_is_silent_and_loses_the_edit() -> None:
    server = _perfect_sync()
    rid = WORKLOAD.shared_id(1)
    latest = server.current(rid)
    assert SyncWorkload.value(latest, EditKind.CLIENT, 0) not in {None, "c0e1"}
    stale = copy.deepcopy(latest)
    for item in stale["telecom"]:
        if item["use"] == CLIENT_USES[0]:
            item["value"] = "c0e1"
    server.put(stale, SyncWorkload.writer(1))
    result = _check(server)
    assert (result.lost, result.silent_overwrites) == (1, 1)


def test_an_acknowledged_edit_that_never_reached_the_server_is_lost() -> None:
    server = _perfect_sync()
    last = WORKLOAD.edits + 1
    # One more edit committed by client 0 than the server ever saw.
    result = _check(server, committed={0: last})
    assert result.lost == 1
    assert SyncWorkload.tag(0, last) in result.details[0]


def test_an_unsent_common_edit_covered_by_a_conflict_record_is_not_lost() -> None:
    n = _first_edit(0, EditKind.COMMON, WORKLOAD.edits)
    planned = WORKLOAD.plan(0, n)
    server = _perfect_sync()
    # Edits n' < n beyond the simulated ones are unsent too: lost, except where n
    # itself supersedes them.
    unsent = {WORKLOAD.plan(0, m).key for m in range(WORKLOAD.edits + 1, n + 1)}
    assert _check(server, committed={0: n}).lost == len(unsent)
    record = ConflictRecord(
        planned.patient_id, ((planned.path, None, f"{planned.tag}/-", "theirs"),), "theirs"
    )
    result = _check(server, conflicts={0: [record]}, committed={0: n})
    assert result.lost == len(unsent) - 1


def test_a_resource_found_twice_or_never_created_is_duplicated() -> None:
    server = _perfect_sync()
    current = [versions[-1] for versions in server.history.values()]
    stranger = {**current[0], "id": "made-by-nobody"}
    assert _check(server, found=[*current, current[0], stranger]).duplicated == 2


def test_a_client_holding_an_older_version_has_diverged() -> None:
    server = _perfect_sync()
    rid = WORKLOAD.shared_id(2)
    assert _check(server, held={rid: server.history[rid][-2]}).diverged == 1


def test_a_common_edit_over_the_clients_own_value_carries_what_that_value_replaced() -> None:
    shared = WORKLOAD.shared_patient(0)
    n = _first_edit(0, EditKind.COMMON, WORKLOAD.own_patients, shared["id"])
    first = WORKLOAD.apply(WORKLOAD.plan(0, n), shared)
    assert SyncWorkload.full_value(first, EditKind.COMMON, 0) == f"c0e{n}/seed"
    m = _first_edit(0, EditKind.COMMON, n, shared["id"])
    second = WORKLOAD.apply(WORKLOAD.plan(0, m), first)
    # Still made over "seed": the client's own edits since are one change of its own.
    assert SyncWorkload.full_value(second, EditKind.COMMON, 0) == f"c0e{m}/seed"
    over_theirs = WORKLOAD.apply(WORKLOAD.plan(0, m), _with_common(shared, "c1e7/seed"))
    assert SyncWorkload.full_value(over_theirs, EditKind.COMMON, 0) == f"c0e{m}/c1e7"
