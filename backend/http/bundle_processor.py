"""``POST /`` with a batch or transaction Bundle.

A transaction is all or nothing: every entry is checked first, ``urn:uuid:`` fullUrls
get their ids (a new UUID for a create, the URL's id for an update, the match of a
conditional create) and every reference in the Bundle is rewritten to them, then all
the writes and their audit events go to the storage in one ``write`` call. Any
failure before or during that call fails the whole Bundle with the entry's status
(400, 404, 409, 412, 422) and an OperationOutcome naming ``Bundle.entry[i]``. Reads
(GET entries) run after the commit, as FHIR orders them; a failing read reports its
status in its own entry since the writes are already done.

A batch runs each entry on its own, in order, each with its own status; its entries
must not depend on each other (FHIR), so nothing is rewritten.

Entry requests: POST ``Type`` (``ifNoneExist`` for a conditional create), PUT
``Type/id`` (``ifMatch``; ``ifNoneMatch: *`` creates only, 409 if the id is taken),
DELETE ``Type/id`` (``ifMatch``), GET read, vread, search and history. Conditional
update and delete, PATCH and HEAD are refused. Two writes to one ``Type/id`` in a
transaction are 400. The response Bundle carries each entry's status, location, etag
and lastModified, and the resources only with ``Prefer: return=representation``.
"""

import asyncio
import contextlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from http import HTTPStatus
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from aiohttp import web

from backend.auth.principal import Principal
from backend.http.fhir_context import FhirContext
from backend.http.fhir_error import FhirError
from backend.http.fhir_operations import FhirOperations, PlannedWrite
from backend.http.fhir_response import FhirResponse
from backend.http.resource_validator import ID_PATTERN
from backend.storage.stored_resource import StoredResource

_METHODS = frozenset({"GET", "POST", "PUT", "DELETE"})
_OFFLOAD_ENTRIES = 100


@dataclass(slots=True)
class _Entry:
    """One entry's request, parsed; ``rid`` is filled for creates once assigned."""

    index: int
    method: str
    rtype: str | None
    rid: str | None
    tail: list[str]
    query: list[tuple[str, str]]
    resource: Any
    full_url: str | None
    if_match: int | None
    if_none_exist: str | None
    create_only: bool = False
    matched: StoredResource | None = None
    plan: PlannedWrite | None = None
    result: dict[str, Any] = field(default_factory=dict)

    @property
    def where(self) -> str:
        return f"Bundle.entry[{self.index}]"


class BundleProcessor:
    """Runs batch and transaction Bundles over :class:`FhirOperations`."""

    def __init__(self, ctx: FhirContext, operations: FhirOperations) -> None:
        self._ctx = ctx
        self._ops = operations

    async def handle(self, request: web.Request) -> web.Response:
        if "xml" in request.content_type:
            raise FhirError(415, "Only FHIR JSON is accepted (application/fhir+json)")
        bundle = await self._ctx.body.read_json(request)
        if not isinstance(bundle, dict) or bundle.get("resourceType") != "Bundle":
            raise FhirError(400, "POST to the base takes a Bundle of type batch or transaction")
        kind = bundle.get("type")
        if not isinstance(kind, str) or kind not in {"batch", "transaction"}:
            raise FhirError(400, "The Bundle's type must be batch or transaction")
        raw_entries = bundle.get("entry", [])
        if not isinstance(raw_entries, list):
            raise FhirError(400, "Bundle.entry must be an array", expression="Bundle.entry")
        limit = self._ctx.limits.max_bundle_entries
        if len(raw_entries) > limit:
            raise FhirError(413, f"A Bundle may have at most {limit} entries")
        self._check_envelope(bundle, raw_entries)
        prefer_representation = self._ctx.prefer(request, "return") == "representation"
        principal = self._ctx.principal(request)
        address = self._ctx.address(request)
        base = self._ctx.base(request)
        if kind == "transaction":
            entries = [self._parse_entry(i, e) for i, e in enumerate(raw_entries)]
            await self._transaction(entries, principal, address)
        else:
            entries = await self._batch(raw_entries, principal, address)
        # Reads go last, in both kinds, and answer each for itself.
        for entry in entries:
            if entry.method == "GET":
                entry.result = await self._entry_outcome(
                    entry, self._read_entry(entry, principal, address, base, request)
                )
        response_entries = []
        for entry in entries:
            result = entry.result
            if not prefer_representation and entry.method != "GET":
                result = {k: v for k, v in result.items() if k != "resource"}
            response_entries.append(result)
        return FhirResponse.json(
            {"resourceType": "Bundle", "type": f"{kind}-response", "entry": response_entries}
        )

    # -- parsing -------------------------------------------------------------------------

    def _check_envelope(self, bundle: dict[str, Any], entries: list[Any]) -> None:
        """The Bundle without its entries' resources must be valid R4 (422 otherwise)."""
        envelope = dict(bundle)
        envelope["entry"] = [
            {k: v for k, v in e.items() if k != "resource"} if isinstance(e, dict) else e
            for e in entries
        ]
        self._ctx.validator.validate(envelope, "Bundle")

    def _parse_entry(self, index: int, raw: Any) -> _Entry:
        where = f"Bundle.entry[{index}]"
        request = raw.get("request") if isinstance(raw, dict) else None
        if not isinstance(request, dict):
            raise FhirError(400, f"{where} has no request", expression=f"{where}.request")
        method = request.get("method")
        url = request.get("url")
        if not isinstance(method, str):
            raise FhirError(400, f"{where}: request.method is missing", expression=where)
        if method in {"HEAD", "PATCH"}:
            raise FhirError(405, f"{where}: {method} is not supported", expression=where)
        if method not in _METHODS or not isinstance(url, str):
            raise FhirError(
                400,
                f"{where}: request needs a method among GET, POST, PUT, DELETE and a url",
                expression=f"{where}.request",
            )
        if url.startswith(("http://", "https://")):
            parts = urlsplit(url)
            url = parts.path + (f"?{parts.query}" if parts.query else "")
        path, _, query_text = url.lstrip("/").partition("?")
        segments = [s for s in path.split("/") if s]
        rtype = segments[0] if segments and segments[0] != "_history" else None
        if rtype is not None:
            try:
                self._ctx.checked_type(rtype)
            except FhirError as exc:
                raise exc.prefixed(where) from None
        rid = segments[1] if len(segments) > 1 and not segments[1].startswith("_") else None
        if rid is not None and not ID_PATTERN.fullmatch(rid):
            raise FhirError(400, f"{where}: '{rid[:64]}' is not a valid id")
        full_url = raw.get("fullUrl")
        try:
            if_match = self._ctx.if_match(request.get("ifMatch"))
        except FhirError as exc:
            raise exc.prefixed(where) from None
        if_none_exist = request.get("ifNoneExist")
        if_none_match = request.get("ifNoneMatch")
        if if_none_match is not None and (method != "PUT" or if_none_match != "*"):
            raise FhirError(400, f"{where}: ifNoneMatch can only be * on a PUT (create only)")
        entry = _Entry(
            index=index,
            method=method,
            rtype=rtype,
            rid=rid,
            tail=segments[2:] if rid is not None else segments[1:],
            query=parse_qsl(query_text, keep_blank_values=True),
            resource=raw.get("resource"),
            full_url=full_url if isinstance(full_url, str) else None,
            if_match=if_match,
            if_none_exist=if_none_exist if isinstance(if_none_exist, str) else None,
            create_only=if_none_match == "*",
        )
        self._check_shape(entry)
        return entry

    @staticmethod
    def _check_shape(entry: _Entry) -> None:
        where = entry.where
        if entry.method == "POST" and (entry.rtype is None or entry.rid or entry.tail):
            raise FhirError(400, f"{where}: POST takes a url of the form Type")
        if entry.method in {"PUT", "DELETE"} and (entry.rid is None or entry.tail):
            raise FhirError(
                400,
                f"{where}: {entry.method} takes a url of the form Type/id "
                "(conditional update and delete are not supported)",
            )
        if entry.method in {"POST", "PUT"} and not isinstance(entry.resource, dict):
            raise FhirError(400, f"{where}: {entry.method} needs a resource")
        if entry.method in {"PUT", "DELETE"} and entry.query:
            raise FhirError(400, f"{where}: conditional {entry.method} is not supported")

    # -- transaction ---------------------------------------------------------------------

    async def _transaction(
        self, entries: list[_Entry], principal: Principal, address: str | None
    ) -> None:
        writes = [e for e in entries if e.method != "GET"]
        seen: dict[str, int] = {}
        for entry in writes:
            if entry.method == "POST":
                entry.rid = self._ops.new_id()
            key = f"{entry.rtype}/{entry.rid}"
            if key in seen:
                raise FhirError(
                    400, f"{entry.where} writes {key} again (entry {seen[key]} does already)"
                )
            seen[key] = entry.index
        conditional = any(e.if_none_exist for e in writes if e.method == "POST")
        lock = self._ops.conditional_lock if conditional else contextlib.nullcontext()
        async with lock:
            for entry in writes:
                if entry.method == "POST" and entry.if_none_exist:
                    matches = await self._located(
                        entry,
                        self._ops.conditional_matches(str(entry.rtype), entry.if_none_exist),
                    )
                    if matches:
                        entry.matched = matches[0]
                        entry.rid = matches[0].id
            if len(writes) > _OFFLOAD_ENTRIES:
                await asyncio.to_thread(self._plan_transaction, entries, writes)
            else:
                self._plan_transaction(entries, writes)
            for entry in writes:
                if entry.method == "DELETE":
                    current = await self._ctx.storage.read(str(entry.rtype), str(entry.rid))
                    entry.plan = self._ops.plan_delete(
                        str(entry.rtype), str(entry.rid), entry.if_match, current
                    )
            # FHIR's order: deletes, then creates, then updates.
            order = {"DELETE": 0, "POST": 1, "PUT": 2}
            todo = sorted((e for e in writes if e.plan), key=lambda e: order[e.method])
            plans = [e.plan for e in todo if e.plan is not None]
            try:
                results = await self._ops.commit(principal, plans, address) if plans else []
            except FhirError as exc:
                raise self._blame(exc, todo) from None
        for entry, stored in zip(todo, results, strict=True):
            entry.result = _write_result(entry.method, stored)
        for entry in writes:
            if entry.matched is not None:
                entry.result = _write_result("MATCH", entry.matched)
                self._ops.audit_access(principal, "read", [entry.matched], address)

    def _plan_transaction(self, entries: list[_Entry], writes: list[_Entry]) -> None:
        """Rewrite references, check every resource, plan every create and update."""
        targets = {
            e.full_url: f"{e.rtype}/{e.rid}"
            for e in writes
            if e.full_url and e.full_url.startswith("urn:") and e.method != "DELETE"
        }
        for entry in entries:
            if isinstance(entry.resource, dict):
                unresolved = _rewrite(entry.resource, targets)
                if unresolved is not None:
                    raise FhirError(
                        400,
                        f"{entry.where}: the reference {unresolved[:80]} is no entry's fullUrl",
                        expression=f"{entry.where}.resource",
                    )
        for entry in writes:
            if entry.method == "DELETE" or entry.matched is not None:
                continue
            rtype, rid = str(entry.rtype), str(entry.rid)
            try:
                resource = self._ops.checked_resource(
                    entry.resource, rtype, rid if entry.method == "PUT" else None
                )
            except FhirError as exc:
                raise exc.prefixed(f"{entry.where}.resource") from None
            if entry.method == "POST" or entry.create_only:
                entry.plan = self._ops.plan_create(rtype, resource, rid)
            else:
                entry.plan = self._ops.plan_update(rtype, rid, resource, entry.if_match)

    @staticmethod
    async def _located(entry: _Entry, work: Any) -> Any:
        try:
            return await work
        except FhirError as exc:
            raise exc.prefixed(entry.where) from None

    @staticmethod
    def _blame(exc: FhirError, todo: list[_Entry]) -> FhirError:
        """Name the entry of a conflict the storage reported by Type/id."""
        for entry in todo:
            if f"{entry.rtype}/{entry.rid} " in exc.diagnostics:
                return exc.prefixed(entry.where)
        return exc

    # -- batch ---------------------------------------------------------------------------

    async def _batch(
        self, raw_entries: list[Any], principal: Principal, address: str | None
    ) -> list[_Entry]:
        entries: list[_Entry] = []
        for index, raw in enumerate(raw_entries):
            try:
                entry = self._parse_entry(index, raw)
            except FhirError as exc:
                entry = _Entry(index, "INVALID", None, None, [], [], None, None, None, None)
                entry.result = _error_result(exc)
                entries.append(entry)
                continue
            entries.append(entry)
            if entry.method != "GET":
                entry.result = await self._entry_outcome(
                    entry, self._batch_write(entry, principal, address)
                )
        return entries

    async def _batch_write(
        self, entry: _Entry, principal: Principal, address: str | None
    ) -> dict[str, Any]:
        rtype, rid = str(entry.rtype), entry.rid
        if entry.method == "DELETE":
            stored = await self._ops.delete(principal, rtype, str(rid), entry.if_match, address)
            if stored is None:
                return {"response": {"status": "204 No Content"}}
            return _write_result("DELETE", stored)
        try:
            resource = self._ops.checked_resource(entry.resource, rtype, rid)
        except FhirError as exc:
            raise exc.prefixed(f"{entry.where}.resource") from None
        if entry.method == "POST":
            status, stored = await self._ops.create(
                principal, rtype, resource, entry.if_none_exist, address
            )
            return _write_result("POST" if status == 201 else "MATCH", stored)
        _, stored = await self._ops.update(
            principal,
            rtype,
            str(rid),
            resource,
            entry.if_match,
            address,
            create_only=entry.create_only,
        )
        return _write_result("PUT", stored)

    # -- reads ---------------------------------------------------------------------------

    async def _read_entry(
        self,
        entry: _Entry,
        principal: Principal,
        address: str | None,
        base: str,
        request: web.Request,
    ) -> dict[str, Any]:
        rtype, rid, tail = entry.rtype, entry.rid, entry.tail
        if rid is not None and not tail:
            stored = await self._ops.read(principal, str(rtype), rid, None, address)
            return _read_result(stored)
        if rid is not None and len(tail) == 2 and tail[0] == "_history" and tail[1].isdigit():
            stored = await self._ops.read(principal, str(rtype), rid, int(tail[1]), address)
            return _read_result(stored)
        if tail == ["_history"] or (rtype is None and not tail):
            bundle = await self._ops.history(
                principal, rtype, rid, entry.query, base=base, address=address
            )
            return {"resource": bundle, "response": {"status": "200 OK"}}
        if rtype is not None and rid is None and not tail:
            bundle = await self._ops.search(
                principal,
                rtype,
                entry.query,
                lenient=self._ctx.prefer(request, "handling") == "lenient",
                base=base,
                address=address,
            )
            return {"resource": bundle, "response": {"status": "200 OK"}}
        raise FhirError(400, f"{entry.where}: this GET url is not supported")

    @staticmethod
    async def _entry_outcome(entry: _Entry, work: Any) -> dict[str, Any]:
        """The entry's result, or its error as a status and an OperationOutcome."""
        try:
            result: dict[str, Any] = await work
        except FhirError as exc:
            located = (
                exc if exc.diagnostics.startswith("Bundle.entry[") else exc.prefixed(entry.where)
            )
            return _error_result(located)
        return result


def _status(code: int) -> str:
    return f"{code} {HTTPStatus(code).phrase}"


def _write_result(method: str, stored: StoredResource) -> dict[str, Any]:
    status = {
        "POST": 201,
        "PUT": 201 if stored.version == 1 else 200,
        "DELETE": 204,
        "MATCH": 200,
    }[method]
    response: dict[str, Any] = {"status": _status(status)}
    if method != "DELETE":
        response["location"] = f"{stored.type}/{stored.id}/_history/{stored.version}"
    response["etag"] = stored.etag
    response["lastModified"] = FhirResponse.instant(stored)
    result: dict[str, Any] = {"response": response}
    if stored.json is not None:
        result["resource"] = stored.json
    return result


def _read_result(stored: StoredResource) -> dict[str, Any]:
    return {
        "resource": stored.json,
        "response": {
            "status": "200 OK",
            "etag": stored.etag,
            "lastModified": FhirResponse.instant(stored),
        },
    }


def _error_result(exc: FhirError) -> dict[str, Any]:
    return {"response": {"status": _status(exc.status), "outcome": exc.outcome()}}


def _rewrite(root: dict[str, Any], targets: dict[str, str]) -> str | None:
    """Replace, in place, every string equal to a mapped fullUrl; return a dangling one.

    Any element may hold the fullUrl (``Reference.reference``, ``Attachment.url``);
    a ``reference`` to a ``urn:uuid:`` no entry declares is reported, not kept.
    """
    for node in _containers(root):
        items = node.items() if isinstance(node, dict) else enumerate(node)
        for key, value in list(items):
            if isinstance(value, str) and value.startswith("urn:"):
                if value in targets:
                    node[key] = targets[value]
                elif key == "reference" and value.startswith("urn:uuid:"):
                    return value
    return None


def _containers(root: dict[str, Any]) -> Iterator[Any]:
    stack: list[Any] = [root]
    while stack:
        node = stack.pop()
        yield node
        values = node.values() if isinstance(node, dict) else node
        stack.extend(v for v in values if isinstance(v, dict | list))
