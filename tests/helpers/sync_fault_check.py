"""What the sync fault run left, judged: lost edits, duplicates, silent overwrites, divergence.

Inputs are snapshots taken after the network healed and every client synced until
nothing moved: the server's Patients (a search, and each one's instance history,
read from the backend directly, not through the proxy) and each client's store
(committed edits, conflict table resolved or not, local copies, what is left pending).
The edits themselves come from :class:`SyncWorkload`: client k's store committed
edits 1..N, so those are the acknowledged ones.

- **lost**: for every element an acknowledged edit wrote, the client's LAST edit of
  it (earlier ones are superseded by the same client's later edit of the same
  element). For an element only that client writes (its own patients, its telecom
  item on the shared patients), the server's current value must be that edit's. For
  the COMMON element, which everybody writes, the value must have been on the server
  at some version (its instance history) — or be covered by a conflict record of that
  client for that resource whose field at that element held it as "mine".
- **duplicated**: Patients on the server beyond one per id: an id found more than
  once in the search, or an id nobody created.
- **silent_overwrites**: from each Patient's instance history in version order, every
  version v_i (written by W: ``meta`` names the writing client) that changes a tracked
  element from value p (in v_{i-1}) to another value, where p was made by a client
  other than W, is an overwrite. It is not silent when (a) the new value is W's own
  COMMON edit and that edit says it was made over p (W had seen p), or (b) W's store
  holds a conflict record for that resource with a field at that element whose
  "theirs" is p (W was shown p and a resolution chose otherwise). Every other such
  version is silent. Elements only one client writes are tracked too: there any
  change by another writer is an overwrite (a stale copy pushed back), never seen.
- **diverged**: (client, Patient) pairs where the client's copy differs from the
  server's current version in version id or content; plus anything left pending.
"""

import itertools
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from app.domain.field_conflict import ElementPath
from app.store.sync_ledger import same_content
from sync.bundle_reader import BundleReader
from tests.helpers.sync_workload import EditKind, SyncWorkload

FhirJson = dict[str, Any]
MAX_DETAILS = 20


@dataclass(frozen=True, slots=True)
class ConflictRecord:
    """One row of a client's conflict table: resource id, fields, how it ended."""

    patient_id: str
    fields: tuple[tuple[ElementPath, Any, Any, Any], ...]  # path, base, mine, theirs
    resolution: str | None


@dataclass(slots=True)
class ClientSnapshot:
    """One client's store after the run."""

    client: int
    committed_edits: int
    conflicts: list[ConflictRecord]
    # Patient id -> (version id, JSON) as the store holds it.
    local: dict[str, tuple[str | None, FhirJson | None]]
    pending: int
    open_conflicts: int
    in_flight: int
    problems: list[str] = field(default_factory=list)


@dataclass(slots=True)
class ServerSnapshot:
    """The server's Patients: what a search finds, and each id's history, oldest first."""

    found: list[FhirJson]
    history: dict[str, list[FhirJson]]


@dataclass(slots=True)
class CheckResult:
    """The counts (all must be 0) and a few examples of each failure."""

    lost: int = 0
    duplicated: int = 0
    silent_overwrites: int = 0
    overwrites_with_conflict: int = 0
    diverged: int = 0
    leftovers: int = 0
    acknowledged_edits: int = 0
    conflict_records: int = 0
    server_versions: int = 0
    details: list[str] = field(default_factory=list)

    def note(self, text: str) -> None:
        if len(self.details) < MAX_DETAILS:
            self.details.append(text)


class SyncFaultCheck:
    """Compares the snapshots with the workload; see the module docstring."""

    def __init__(
        self, workload: SyncWorkload, server: ServerSnapshot, clients: list[ClientSnapshot]
    ) -> None:
        self._workload = workload
        self._server = server
        self._clients = clients
        self._current = {str(r["id"]): r for r in server.found}

    def result(self) -> CheckResult:
        result = CheckResult()
        result.acknowledged_edits = sum(c.committed_edits for c in self._clients)
        result.conflict_records = sum(len(c.conflicts) for c in self._clients)
        result.server_versions = sum(len(h) for h in self._server.history.values())
        self._count_duplicates(result)
        for client in self._clients:
            self._count_lost(client, result)
        for rid, versions in self._server.history.items():
            self._count_overwrites(rid, versions, result)
        self._count_divergence(result)
        return result

    # -- duplicates -------------------------------------------------------------------

    def _expected_ids(self) -> set[str]:
        ids = set(self._workload.shared_ids())
        for client in self._clients:
            made = min(client.committed_edits, self._workload.own_patients)
            ids |= {self._workload.own_id(client.client, i) for i in range(made)}
        return ids

    def _count_duplicates(self, result: CheckResult) -> None:
        counts = Counter(str(r.get("id")) for r in self._server.found)
        for rid, n in counts.items():
            if n > 1:
                result.duplicated += n - 1
                result.note(f"duplicated: Patient/{rid} found {n} times")
        for rid in sorted(set(counts) - self._expected_ids()):
            result.duplicated += 1
            result.note(f"duplicated: Patient/{rid} was never created by a client")

    # -- lost -------------------------------------------------------------------------

    def _count_lost(self, client: ClientSnapshot, result: CheckResult) -> None:
        last: dict[tuple[str, ElementPath], tuple[EditKind, str]] = {}
        for n in range(1, client.committed_edits + 1):
            planned = self._workload.plan(client.client, n)
            kind: EditKind = EditKind.OWN if planned.kind is EditKind.CREATE else planned.kind
            last[planned.key] = (kind, planned.tag)
        for (rid, path), (kind, tag) in last.items():
            if kind is EditKind.COMMON:
                ever = {
                    SyncWorkload.value(v, kind, client.client)
                    for v in self._server.history.get(rid, [])
                }
                if tag in ever or self._covered(client, rid, path, tag):
                    continue
                result.lost += 1
                result.note(f"lost: {tag} on Patient/{rid} {path} never reached the server")
                continue
            now = SyncWorkload.value(self._current.get(rid), kind, client.client)
            if now != tag:
                result.lost += 1
                result.note(f"lost: {tag} on Patient/{rid} {path}; the server holds {now}")

    @staticmethod
    def _covered(client: ClientSnapshot, rid: str, path: ElementPath, tag: str) -> bool:
        """A conflict record of ``client`` on ``rid`` held ``tag`` as its side of ``path``."""
        return any(
            f_path == path and _tag(mine) == tag
            for record in client.conflicts
            if record.patient_id == rid
            for f_path, _base, mine, _theirs in record.fields
        )

    # -- silent overwrites ------------------------------------------------------------

    def _tracked(self, rid: str) -> list[tuple[EditKind, int | None]]:
        """(element, its only writer, or None for COMMON) tracked on Patient ``rid``."""
        if rid in self._workload.shared_ids():
            return [(EditKind.COMMON, None)] + [
                (EditKind.CLIENT, k) for k in range(self._workload.clients)
            ]
        for k in range(self._workload.clients):
            if rid in {self._workload.own_id(k, i) for i in range(self._workload.own_patients)}:
                return [(EditKind.OWN, k)]
        return []

    def _count_overwrites(self, rid: str, versions: list[FhirJson], result: CheckResult) -> None:
        for kind, owner in self._tracked(rid):
            path = SyncWorkload.path(kind, owner or 0)
            for before, after in itertools.pairwise(versions):
                prev = SyncWorkload.full_value(before, kind, owner or 0)
                cur = SyncWorkload.full_value(after, kind, owner or 0)
                if prev is None or _tag(prev) == _tag(cur):
                    continue
                writer = _writer(after)
                if writer is not None and SyncWorkload.author(_tag(prev)) == writer:
                    continue  # a client replacing its own value
                seen = (
                    kind is EditKind.COMMON
                    and SyncWorkload.author(_tag(cur)) == writer
                    and SyncWorkload.seen(cur) == _tag(prev)
                )
                if seen:
                    continue
                version = (after.get("meta") or {}).get("versionId")
                if writer is not None and self._shown(writer, rid, path, _tag(prev)):
                    result.overwrites_with_conflict += 1
                    continue
                result.silent_overwrites += 1
                result.note(
                    f"silent overwrite: Patient/{rid} version {version} by client {writer}:"
                    f" {path} {prev} -> {cur}"
                )

    def _shown(self, writer: int, rid: str, path: ElementPath, tag: str | None) -> bool:
        """Client ``writer`` holds a conflict record on ``rid`` showing ``tag`` as theirs."""
        client = next((c for c in self._clients if c.client == writer), None)
        if client is None:
            return False
        return any(
            f_path == path and _tag(theirs) == tag
            for record in client.conflicts
            if record.patient_id == rid
            for f_path, _base, _mine, theirs in record.fields
        )

    # -- convergence ------------------------------------------------------------------

    def _count_divergence(self, result: CheckResult) -> None:
        for client in self._clients:
            leftovers = client.pending + client.open_conflicts + client.in_flight
            if leftovers or client.problems:
                result.leftovers += leftovers + len(client.problems)
                result.note(
                    f"client {client.client}: {client.pending} pending, {client.open_conflicts}"
                    f" open conflicts, {client.in_flight} in flight, problems {client.problems}"
                )
            for rid, server in self._current.items():
                version, local = client.local.get(rid, (None, None))
                server_version = str((server.get("meta") or {}).get("versionId"))
                if version != server_version or not same_content(local, server):
                    result.diverged += 1
                    result.note(
                        f"diverged: client {client.client} holds Patient/{rid} version"
                        f" {version}, the server {server_version}"
                    )


def _tag(value: Any) -> str | None:
    """A value's edit tag (a COMMON value without what it was made over)."""
    if not isinstance(value, str):
        return None
    return value.split("/", 1)[0]


def _writer(version: FhirJson) -> int | None:
    """The client that wrote ``version``, from the ``meta`` every client's push sets."""
    by = BundleReader.edited_by(version)
    if by is None or not by.startswith("client-"):
        return None
    return int(by.removeprefix("client-"))
