"""The REST endpoints of single resources, types and the whole system.

Each handler reads the request, calls :class:`FhirOperations` and shapes the response:
status, ``ETag``/``Last-Modified``/``Location`` headers, and the body that
``Prefer: return=`` asks for (``representation`` by default, ``minimal``,
``OperationOutcome``).

``PUT`` with ``If-None-Match: *`` creates with the client's id only if that id was
never used: 409 otherwise (a create on an existing id, as in a transaction).

Binary also speaks raw bytes: ``POST /Binary`` with a non-JSON Content-Type stores
the body as the Binary's data, and ``GET /Binary/id`` with an ``Accept`` that names no
JSON type (an ``<img>`` asking ``image/*``) returns the bytes with their contentType.
"""

import base64
import binascii
import re
from typing import Any

from aiohttp import web

from backend.http.capability_statement import CapabilityStatement
from backend.http.fhir_context import FhirContext
from backend.http.fhir_error import FhirError
from backend.http.fhir_operations import FhirOperations
from backend.http.fhir_response import FHIR_JSON, FhirResponse
from backend.storage.stored_resource import StoredResource

_FORM = "application/x-www-form-urlencoded"
_MEDIA_TYPE = re.compile(r"[\w.+-]+/[\w.+-]+")


class ResourceHandlers:
    """aiohttp handlers; routes are declared in :class:`backend.http.fhir_app.FhirApp`."""

    def __init__(self, ctx: FhirContext, operations: FhirOperations) -> None:
        self._ctx = ctx
        self._ops = operations

    async def metadata(self, request: web.Request) -> web.Response:
        return FhirResponse.json(
            CapabilityStatement.build(self._ctx.base(request), self._ctx.limits)
        )

    async def create(self, request: web.Request) -> web.Response:
        rtype = self._ctx.checked_type(request.match_info["type"])
        resource = self._ops.checked_resource(await self._body(request, rtype), rtype, None)
        status, stored = await self._ops.create(
            self._ctx.principal(request),
            rtype,
            resource,
            request.headers.get("If-None-Exist"),
            self._ctx.address(request),
        )
        return self._written(request, status, stored)

    async def update(self, request: web.Request) -> web.Response:
        rtype = self._ctx.checked_type(request.match_info["type"])
        rid = request.match_info["id"]
        if_match = self._ctx.if_match(request.headers.get("If-Match"))
        resource = self._ops.checked_resource(await self._body(request, rtype, rid), rtype, rid)
        status, stored = await self._ops.update(
            self._ctx.principal(request),
            rtype,
            rid,
            resource,
            if_match,
            self._ctx.address(request),
            create_only=_none_match_any(request.headers.get("If-None-Match")),
        )
        return self._written(request, status, stored)

    async def delete(self, request: web.Request) -> web.Response:
        rtype = self._ctx.checked_type(request.match_info["type"])
        if_match = self._ctx.if_match(request.headers.get("If-Match"))
        stored = await self._ops.delete(
            self._ctx.principal(request),
            rtype,
            request.match_info["id"],
            if_match,
            self._ctx.address(request),
        )
        headers = {"ETag": stored.etag} if stored is not None else None
        return web.Response(status=204, headers=headers)

    async def read(self, request: web.Request) -> web.StreamResponse:
        rtype = self._ctx.checked_type(request.match_info["type"])
        version = request.match_info.get("version")
        stored = await self._ops.read(
            self._ctx.principal(request),
            rtype,
            request.match_info["id"],
            int(version) if version is not None else None,
            self._ctx.address(request),
        )
        headers = {"ETag": stored.etag, "Last-Modified": FhirResponse.http_date(stored)}
        if rtype == "Binary" and stored.json is not None and _wants_raw(request):
            return _raw_binary(stored.json, headers)
        return _resource(stored, 200, headers)

    async def search(self, request: web.Request) -> web.Response:
        rtype = self._ctx.checked_type(request.match_info["type"])
        params = list(request.query.items())
        if request.method == "POST":
            if request.content_type not in {_FORM, "application/octet-stream"}:
                raise FhirError(415, f"POST _search takes {_FORM}")
            form = await request.post()
            params += [(k, v) for k, v in form.items() if isinstance(v, str)]
        bundle = await self._ops.search(
            self._ctx.principal(request),
            rtype,
            params,
            lenient=self._ctx.prefer(request, "handling") == "lenient",
            base=self._ctx.base(request),
            address=self._ctx.address(request),
        )
        return FhirResponse.json(bundle)

    async def history(self, request: web.Request) -> web.Response:
        rtype = request.match_info.get("type")
        if rtype is not None:
            self._ctx.checked_type(rtype)
        bundle = await self._ops.history(
            self._ctx.principal(request),
            rtype,
            request.match_info.get("id"),
            list(request.query.items()),
            base=self._ctx.base(request),
            address=self._ctx.address(request),
        )
        return FhirResponse.json(bundle)

    # -- helpers -----------------------------------------------------------------------

    async def _body(self, request: web.Request, rtype: str, rid: str | None = None) -> Any:
        content_type = request.content_type  # aiohttp says octet-stream when absent
        declared = "Content-Type" in request.headers
        if "json" in content_type or not declared:
            # No Content-Type at all: taken as JSON, which is what a FHIR client sends.
            return await self._ctx.body.read_json(request)
        if rtype == "Binary" and "xml" not in content_type and content_type != _FORM:
            data = await self._ctx.body.read_bytes(request)
            binary: dict[str, Any] = {"resourceType": "Binary"}
            if rid is not None:
                binary["id"] = rid
            binary["contentType"] = content_type
            binary["data"] = base64.b64encode(data).decode("ascii")
            return binary
        raise FhirError(415, "Only FHIR JSON is accepted (application/fhir+json)")

    def _written(self, request: web.Request, status: int, stored: StoredResource) -> web.Response:
        headers = FhirResponse.version_headers(stored, self._ctx.base(request))
        preference = self._ctx.prefer(request, "return")
        if preference == "minimal":
            return web.Response(status=status, headers=headers)
        if preference == "operationoutcome":
            outcome = {
                "resourceType": "OperationOutcome",
                "issue": [
                    {
                        "severity": "information",
                        "code": "informational",
                        "diagnostics": f"{stored.type}/{stored.id} version {stored.version}",
                    }
                ],
            }
            return FhirResponse.json(outcome, status, headers)
        return _resource(stored, status, headers)


def _resource(stored: StoredResource, status: int, headers: dict[str, str]) -> web.Response:
    """The resource as the body: its stored JSON text when the storage gave it (the same
    document, already encoded: JSON escapes for non-ASCII characters instead of UTF-8)."""
    if stored.text is None:
        return FhirResponse.json(stored.json, status, headers)
    return web.Response(
        body=stored.text.encode("utf-8"),
        status=status,
        headers=headers,
        content_type=FHIR_JSON,
        charset="utf-8",
    )


def _none_match_any(value: str | None) -> bool:
    if value is None:
        return False
    if value.strip() != "*":
        raise FhirError(400, "On an update, If-None-Match can only be * (create only)")
    return True


def _wants_raw(request: web.Request) -> bool:
    accept = request.headers.get("Accept", "")
    if not accept or "json" in accept or "_format" in request.query:
        return False
    return accept.strip() != "*/*"


def _raw_binary(binary: dict[str, Any], headers: dict[str, str]) -> web.Response:
    try:
        data = base64.b64decode(binary.get("data") or "", validate=True)
    except (binascii.Error, ValueError):
        data = b""
    content_type = binary.get("contentType")
    if not isinstance(content_type, str) or not _MEDIA_TYPE.fullmatch(content_type):
        content_type = "application/octet-stream"
    # Stored bytes are not ours to trust: no sniffing, no scripts if a browser opens them.
    headers = headers | {"X-Content-Type-Options": "nosniff", "Content-Security-Policy": "sandbox"}
    return web.Response(body=data, headers=headers, content_type=content_type)
