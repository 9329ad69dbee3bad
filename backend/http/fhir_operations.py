"""The FHIR interactions themselves, shared by the REST endpoints and Bundle entries.

Writes are planned first (checked, given their ids and their audit facts) and then
committed together: a single request commits one plan, a transaction all of its plans
in one ``storage.write``, so the same code serves both and a transaction stays all or
nothing, its audit events included.
"""

import asyncio
import dataclasses
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from urllib.parse import parse_qsl, urlencode

from backend.auth.principal import Principal
from backend.http.audit_recorder import MINOR_FAILURE
from backend.http.bundle_builder import BundleBuilder
from backend.http.fhir_context import FhirContext
from backend.http.fhir_error import FhirError
from backend.http.history_query import HistoryQuery
from backend.http.patient_links import PatientLinks
from backend.storage.storage_errors import VersionConflictError
from backend.storage.stored_resource import StoredResource
from backend.storage.time_ordered_id import TimeOrderedId
from backend.storage.write_op import WriteKind, WriteOp

_ACTIONS = {"create": "C", "update": "U", "delete": "D"}
_SERVER_META = ("versionId", "lastUpdated")


@dataclass(frozen=True, slots=True)
class PlannedWrite:
    """One op ready to commit, with what its audit event needs to say."""

    op: WriteOp
    interaction: str  # "create", "update" or "delete"
    patients: tuple[str, ...]


class FhirOperations:
    """Create, update, delete, read, search and history over the storage."""

    def __init__(self, ctx: FhirContext) -> None:
        self._ctx = ctx
        # Conditional creates are serialised in this process: a search then a create is
        # otherwise a race that duplicates (hapi-fhir #3141). Several processes on one
        # PostgreSQL database can still race; the workstation uses client ids instead.
        self.conditional_lock = asyncio.Lock()

    # -- checking and planning ---------------------------------------------------------

    def checked_resource(self, body: Any, rtype: str, rid: str | None) -> dict[str, Any]:
        """The body as a resource of ``rtype`` fit to store, or a 400/422 FhirError.

        ``rid`` is the id in the URL of an update, which the body's id must equal.
        ``meta.versionId`` and ``meta.lastUpdated`` are the server's: dropped here.
        """
        if not isinstance(body, dict):
            raise FhirError(400, "The body must be a JSON object (a FHIR resource)")
        resource: dict[str, Any] = body
        found = body.get("resourceType")
        if not isinstance(found, str):
            raise FhirError(400, "The resource has no resourceType", expression="resourceType")
        if found != rtype:
            raise FhirError(
                400,
                f"resourceType '{found[:64]}' does not match the type in the URL ({rtype})",
                expression=f"{rtype}.resourceType",
            )
        if rid is not None and body.get("id") != rid:
            raise FhirError(
                400,
                "The resource's id must be present and equal the id in the URL",
                expression=f"{rtype}.id",
            )
        self._ctx.validator.validate(resource, rtype)
        meta = resource.get("meta")
        if isinstance(meta, dict) and any(key in meta for key in _SERVER_META):
            kept = {k: v for k, v in meta.items() if k not in _SERVER_META}
            resource = {
                k: (kept if k == "meta" else v) for k, v in resource.items() if k != "meta" or kept
            }
        return resource

    @staticmethod
    def new_id() -> str:
        # Time-ordered: new resources are neighbours in every index keyed by id.
        return TimeOrderedId.new()

    @staticmethod
    def plan_create(rtype: str, resource: dict[str, Any], rid: str) -> PlannedWrite:
        resource = {"resourceType": rtype, "id": rid} | resource | {"id": rid}
        return PlannedWrite(
            WriteOp(WriteKind.CREATE, rtype, rid, resource),
            "create",
            tuple(PatientLinks.patients(rtype, rid, resource)),
        )

    @staticmethod
    def plan_update(
        rtype: str, rid: str, resource: dict[str, Any], if_match: int | None
    ) -> PlannedWrite:
        return PlannedWrite(
            WriteOp(WriteKind.UPDATE, rtype, rid, resource, if_match),
            "update",
            tuple(PatientLinks.patients(rtype, rid, resource)),
        )

    @staticmethod
    def plan_delete(
        rtype: str, rid: str, if_match: int | None, current: StoredResource | None
    ) -> PlannedWrite:
        before = current.json if current is not None else None
        return PlannedWrite(
            WriteOp(WriteKind.DELETE, rtype, rid, None, if_match),
            "delete",
            tuple(PatientLinks.patients(rtype, rid, before)),
        )

    # -- committing --------------------------------------------------------------------

    async def commit(
        self, principal: Principal, planned: Sequence[PlannedWrite], address: str | None
    ) -> list[StoredResource]:
        """Write every plan and its audit events in one transaction."""
        events = self._write_events(principal, planned, address)
        ops = [p.op for p in planned] + [self._ctx.audit.op(e) for e in events]
        try:
            results = await self._ctx.storage.write(ops)
        except VersionConflictError as exc:
            for event in self._write_events(principal, planned, address, MINOR_FAILURE):
                self._ctx.audit.defer(event)
            raise self.conflict(exc, planned) from None
        return results[: len(planned)]

    @staticmethod
    def conflict(exc: VersionConflictError, planned: Iterable[PlannedWrite]) -> FhirError:
        kind = next(
            (p.op.kind for p in planned if p.op.type == exc.type and p.op.id == exc.id), None
        )
        if kind is WriteKind.CREATE:
            return FhirError(409, f"{exc.type}/{exc.id} already exists", code="duplicate")
        current = "does not exist" if exc.current is None else f"is at version {exc.current}"
        return FhirError(
            412,
            f"Version conflict: {exc.type}/{exc.id} {current}, not the version in If-Match",
            code="conflict",
        )

    def _write_events(
        self,
        principal: Principal,
        planned: Sequence[PlannedWrite],
        address: str | None,
        outcome: str = "0",
    ) -> list[dict[str, Any]]:
        """One event per kind of change to patient data (a transaction may hold three)."""
        events = []
        for interaction in ("create", "update", "delete"):
            group = [
                p
                for p in planned
                if p.interaction == interaction and PatientLinks.is_patient_data(p.op.type)
            ]
            if group:
                patients = list(dict.fromkeys(ref for p in group for ref in p.patients))
                events.append(
                    self._ctx.audit.event(
                        principal,
                        _ACTIONS[interaction],
                        interaction,
                        patients=patients,
                        resources=[f"{p.op.type}/{p.op.id}" for p in group],
                        outcome=outcome,
                        address=address,
                    )
                )
        return events

    # -- single writes -----------------------------------------------------------------

    async def create(
        self,
        principal: Principal,
        rtype: str,
        resource: dict[str, Any],
        if_none_exist: str | None,
        address: str | None,
    ) -> tuple[int, StoredResource]:
        """201 and the new version, or 200 and the one match of ``If-None-Exist``."""
        plan = self.plan_create(rtype, resource, self.new_id())
        if if_none_exist is None:
            return 201, (await self.commit(principal, [plan], address))[0]
        async with self.conditional_lock:
            matches = await self.conditional_matches(rtype, if_none_exist)
            if matches:
                self.audit_access(principal, "read", [matches[0]], address)
                return 200, matches[0]
            return 201, (await self.commit(principal, [plan], address))[0]

    async def conditional_matches(self, rtype: str, criteria: str) -> list[StoredResource]:
        """Current resources matching ``If-None-Exist``: none, one, or 412 for more."""
        _, question, query = criteria.strip().partition("?")
        pairs = parse_qsl(query if question else criteria.strip(), keep_blank_values=True)
        if not pairs:
            raise FhirError(400, "If-None-Exist needs search parameters (identifier=...)")
        parsed = self._ctx.search.parse(rtype, pairs)
        query_ = dataclasses.replace(parsed.query, count=2, offset=0, include_total=False)
        matches, _ = await self._ctx.storage.search(query_)
        if len(matches) > 1:
            raise FhirError(
                412, "If-None-Exist matches more than one resource; nothing was created"
            )
        return matches

    async def update(
        self,
        principal: Principal,
        rtype: str,
        rid: str,
        resource: dict[str, Any],
        if_match: int | None,
        address: str | None,
        *,
        create_only: bool = False,
    ) -> tuple[int, StoredResource]:
        """201 when this made version 1 (update as create), else 200.

        ``create_only`` (``If-None-Match: *``): a create with the client's id, 409 if
        that id is taken (a tombstone included).
        """
        if create_only:
            plan = self.plan_create(rtype, resource, rid)
        else:
            plan = self.plan_update(rtype, rid, resource, if_match)
        stored = (await self.commit(principal, [plan], address))[0]
        return (201 if stored.version == 1 else 200), stored

    async def delete(
        self, principal: Principal, rtype: str, rid: str, if_match: int | None, address: str | None
    ) -> StoredResource | None:
        """The tombstone written, or None when there was nothing to delete."""
        current = await self._ctx.storage.read(rtype, rid)
        if (current is None or current.deleted) and if_match is None:
            return None
        plan = self.plan_delete(rtype, rid, if_match, current)
        return (await self.commit(principal, [plan], address))[0]

    # -- reads -------------------------------------------------------------------------

    async def read(
        self,
        principal: Principal,
        rtype: str,
        rid: str,
        version: int | None,
        address: str | None,
    ) -> StoredResource:
        storage = self._ctx.storage
        if version is None:
            stored = await storage.read(rtype, rid)
        else:
            stored = await storage.vread(rtype, rid, version)
        if stored is None:
            what = f"{rtype}/{rid}" + (f" version {version}" if version is not None else "")
            raise FhirError(404, f"{what} is not known to this server")
        if stored.deleted:
            # The tombstone's version travels with the 410, so that a client can write
            # the resource again with If-Match on it rather than blindly.
            raise FhirError(
                410,
                f"{rtype}/{rid} was deleted (version {stored.version})",
                code="deleted",
                headers={"ETag": stored.etag},
            )
        self.audit_access(principal, "read" if version is None else "vread", [stored], address)
        return stored

    async def search(
        self,
        principal: Principal,
        rtype: str,
        params: Sequence[tuple[str, str]],
        *,
        lenient: bool,
        base: str,
        address: str | None,
    ) -> dict[str, Any]:
        parsed = self._ctx.search.parse(rtype, params, lenient=lenient)
        query = parsed.query
        # Taken before the query runs: every version stamped earlier and committed by
        # then is in the result, which is what a client may use as its next cursor.
        as_of = datetime.now(UTC)
        results, total = await self._ctx.storage.search(query)
        if PatientLinks.is_patient_data(rtype):
            self._ctx.audit.defer(
                self._ctx.audit.event(
                    principal,
                    "E",
                    "search-type",
                    patients=PatientLinks.patients_of((r.type, r.id, r.json) for r in results),
                    query=f"{rtype}?{urlencode(parsed.applied)}",
                    address=address,
                )
            )
        return BundleBuilder(base).searchset(
            f"/{rtype}", parsed.applied, query.count, query.offset, results, total, as_of=as_of
        )

    async def history(
        self,
        principal: Principal,
        rtype: str | None,
        rid: str | None,
        params: Sequence[tuple[str, str]],
        *,
        base: str,
        address: str | None,
    ) -> dict[str, Any]:
        hq = HistoryQuery.parse(params, self._ctx.limits)
        if rtype is None:
            path, interaction = "/_history", "history-system"
        elif rid is None:
            path, interaction = f"/{rtype}/_history", "history-type"
        else:
            path, interaction = f"/{rtype}/{rid}/_history", "history-instance"
        as_of = datetime.now(UTC)
        versions, total = await self._ctx.storage.history(rtype, rid, hq.since, hq.count, hq.offset)
        self.audit_access(principal, interaction, versions, address, query=path)
        return BundleBuilder(base).history(
            path, hq.applied, hq.count, hq.offset, versions, total, as_of=as_of
        )

    def audit_access(
        self,
        principal: Principal,
        interaction: str,
        seen: Sequence[StoredResource],
        address: str | None,
        query: str | None = None,
    ) -> None:
        """Queue a read event if any of ``seen`` is patient data."""
        data = [s for s in seen if PatientLinks.is_patient_data(s.type)]
        if not data:
            return
        single = interaction in {"read", "vread"}
        self._ctx.audit.defer(
            self._ctx.audit.event(
                principal,
                "R",
                interaction,
                patients=PatientLinks.patients_of((s.type, s.id, s.json) for s in data),
                resources=[f"{s.type}/{s.id}" for s in data] if single else (),
                query=query,
                address=address,
            )
        )
