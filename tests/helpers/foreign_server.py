"""The "foreign server" face of :class:`tests.helpers.fhir_proxy.FhirProxy`.

Sync must work with any FHIR R4 server, and the others differ from ours in ways FHIR
allows: no history interactions (and saying so in the CapabilityStatement), opaque
version ids, no ``Bundle.total`` and pages shorter than ``_count`` asked for. This
module rewrites the exchanges with our backend so that it behaves like such a server:

- ``/metadata`` advertises no ``history-system``, ``history-type`` nor
  ``history-instance``; a ``_history`` URL (system, type, instance; not a vread) is
  404 with an OperationOutcome, in a batch entry too (a transaction is refused whole);
- integer version ids become UUIDs (:class:`VersionIds`) in ``meta.versionId``,
  ``ETag`` (strong: ``"<uuid>"``), ``Location``/``Content-Location`` and in Bundle
  entries' ``response.location``/``etag``; on the way in, ``If-Match``,
  ``If-None-Match``, vread URLs and batch entries' ``request.ifMatch``/``url`` are
  mapped back, a UUID not handed out for that resource to a version that cannot match;
- search Bundles lose ``total``; a search's ``_count=N`` is forwarded as
  ``max(1, N // 3)`` and the Bundle's links say ``_count=N`` again, so that following
  them keeps the short pages and the client never sees the smaller count.

Not covered: searches inside a batch keep the ``_count`` they ask for.
"""

import json
import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from multidict import CIMultiDict

from tests.helpers.version_ids import UNMATCHABLE_VERSION, VersionIds

FHIR_JSON = "application/fhir+json"
_TYPE = re.compile(r"[A-Z][A-Za-z]{1,63}")
# ``Type/id/_history/vid`` at the end of a path, a Location or an entry's location.
_VERSION_URL = re.compile(
    r"(?:(?<=/)|^)(?P<type>[A-Z][A-Za-z]{1,63})/(?P<id>[A-Za-z0-9\-.]{1,64})"
    r"/_history/(?P<vid>[^/?#]+)$"
)
_ETAG = re.compile(r'^\s*(?:W/)?"(?P<value>[^"]*)"\s*$')
_COUNT = re.compile(r"(?<=[?&])_count=[^&#]*")
_COUNT_PARAM = re.compile(r"(?:^|(?<=&))_count=([0-9]{1,9})(?=&|$)")
_HISTORY_INTERACTIONS = frozenset({"history-system", "history-type", "history-instance"})


@dataclass(slots=True)
class ForwardedRequest:
    """A request on its way upstream; the rewrites change it and note what the answer needs.

    ``path`` is the decoded path the client asked for (what routing looks at);
    ``target`` is the raw path and query sent upstream.
    """

    method: str
    path: str
    target: str
    headers: CIMultiDict[str]
    body: bytes
    # The ``_count`` the client asked for, when a smaller one went upstream.
    asked_count: int | None = None
    # Each forwarded batch entry's request URL: an entry's response may not name its
    # resource (a delete's etag), the request that made it does.
    entry_urls: list[str | None] = field(default_factory=list)
    # The client's batch entries answered 404 here, by their index in its Bundle.
    refused_entries: list[int] = field(default_factory=list)


class ForeignServer:
    """Stateless rewrites but for the version map, which lives as long as the proxy."""

    def __init__(self, seed: int) -> None:
        self.versions = VersionIds(seed)

    # -- requests ------------------------------------------------------------------------

    def rewrite_request(self, request: ForwardedRequest) -> dict[str, Any] | None:
        """Map the request into upstream terms, in place; an outcome for a 404 instead."""
        if _is_history(request.path):
            return _outcome(f"{request.path}: history is not supported by this server")
        path, _, query = request.target.partition("?")
        rtype, rid = _type_and_id(request.path)
        match = _VERSION_URL.search(path)
        if match is not None:
            path = path[: match.start("vid")] + str(self._upstream_version(match))
        searching = _is_search(request.method, request.path)
        if searching and query:
            query, request.asked_count = _shrunk_count(query)
        request.target = f"{path}?{query}" if query else path
        for name in ("If-Match", "If-None-Match"):
            if name in request.headers:
                request.headers[name] = self._upstream_etag(request.headers[name], rtype, rid)
        content_type = request.headers.get("Content-Type", "")
        if searching and request.method == "POST" and "form-urlencoded" in content_type:
            form, asked = _shrunk_count(request.body.decode("latin-1"))
            request.body = form.encode("latin-1")
            request.asked_count = asked if asked is not None else request.asked_count
        elif request.method == "POST" and request.path == "/" and "json" in content_type:
            return self._rewrite_bundle_request(request)
        return None

    def _rewrite_bundle_request(self, request: ForwardedRequest) -> dict[str, Any] | None:
        try:
            bundle = json.loads(request.body)
        except ValueError:
            return None  # upstream says what is wrong with it
        if not isinstance(bundle, dict) or not isinstance(bundle.get("entry"), list):
            return None
        kept: list[Any] = []
        for index, entry in enumerate(bundle["entry"]):
            entry_request = entry.get("request") if isinstance(entry, dict) else None
            if not isinstance(entry_request, dict):
                kept.append(entry)
                request.entry_urls.append(None)
                continue
            url = entry_request.get("url")
            url_path = urlsplit(url).path if isinstance(url, str) else ""
            if entry_request.get("method") == "GET" and _is_history(url_path):
                if bundle.get("type") == "transaction":
                    return _outcome(f"Bundle.entry[{index}]: history is not supported")
                request.refused_entries.append(index)
                continue
            rtype, rid = _type_and_id(url_path)
            if isinstance(url, str):
                match = _VERSION_URL.search(url.partition("?")[0])
                if match is not None:
                    entry_request["url"] = (
                        url[: match.start("vid")]
                        + str(self._upstream_version(match))
                        + url[match.end("vid") :]
                    )
            if isinstance(entry_request.get("ifMatch"), str):
                entry_request["ifMatch"] = self._upstream_etag(entry_request["ifMatch"], rtype, rid)
            kept.append(entry)
            request.entry_urls.append(url if isinstance(url, str) else None)
        bundle["entry"] = kept
        request.body = json.dumps(bundle, ensure_ascii=False, separators=(",", ":")).encode()
        return None

    def _upstream_version(self, match: re.Match[str]) -> int:
        version = self.versions.upstream(match["type"], match["id"], match["vid"])
        return UNMATCHABLE_VERSION if version is None else version

    def _upstream_etag(self, value: str, rtype: str | None, rid: str | None) -> str:
        match = _ETAG.match(value)
        if match is None:
            return value  # ``*`` or garbage: upstream answers for itself
        version = self.versions.upstream(rtype, rid, match["value"])
        return f'W/"{UNMATCHABLE_VERSION if version is None else version}"'

    # -- responses -----------------------------------------------------------------------

    def rewrite_response(
        self, request: ForwardedRequest, headers: CIMultiDict[str], document: Any
    ) -> None:
        """Map an upstream answer into this server's terms, headers and body in place."""
        if isinstance(document, dict):
            if request.path == "/metadata":
                _hide_history(document)
            self._rewrite_resource(document, request.entry_urls)
            if document.get("resourceType") == "Bundle" and request.refused_entries:
                entries = document.setdefault("entry", [])
                for index in request.refused_entries:
                    refused = {
                        "response": {
                            "status": "404 Not Found",
                            "outcome": _outcome(
                                f"Bundle.entry[{index}]: history is not supported by this server"
                            ),
                        }
                    }
                    entries.insert(index, refused)
            if request.asked_count is not None and document.get("type") == "searchset":
                for link in document.get("link", []):
                    if isinstance(link, dict) and isinstance(link.get("url"), str):
                        link["url"] = _COUNT.sub(f"_count={request.asked_count}", link["url"])
        named = _type_and_id(request.path)
        for name in ("Location", "Content-Location"):
            if name in headers:
                match = _VERSION_URL.search(headers[name])
                if match is not None:
                    named = (match["type"], match["id"])
                    headers[name] = self._public_url(headers[name], match)
        if isinstance(document, dict) and isinstance(document.get("id"), str):
            rtype = str(document.get("resourceType"))
            if _TYPE.fullmatch(rtype) and rtype not in {"Bundle", "OperationOutcome"}:
                named = (rtype, document["id"])
        if "ETag" in headers and named[0] is not None and named[1] is not None:
            headers["ETag"] = self._public_etag(headers["ETag"], named[0], named[1])

    def _rewrite_resource(self, resource: dict[str, Any], entry_urls: list[str | None]) -> None:
        rtype, rid = resource.get("resourceType"), resource.get("id")
        if rtype == "Bundle":
            if resource.get("type") == "searchset":
                resource.pop("total", None)
            for index, entry in enumerate(resource.get("entry", [])):
                if isinstance(entry, dict):
                    url = entry_urls[index] if index < len(entry_urls) else None
                    self._rewrite_entry(entry, url)
            return
        meta = resource.get("meta")
        if isinstance(meta, dict) and isinstance(rtype, str) and isinstance(rid, str):
            version = meta.get("versionId")
            if isinstance(version, str) and version.isdecimal():
                meta["versionId"] = self.versions.public(rtype, rid, int(version))

    def _rewrite_entry(self, entry: dict[str, Any], request_url: str | None) -> None:
        resource = entry.get("resource")
        rtype, rid = _type_and_id(urlsplit(request_url).path) if request_url else (None, None)
        if isinstance(resource, dict):
            self._rewrite_resource(resource, [])
            if resource.get("resourceType") not in {"Bundle", "OperationOutcome", None}:
                rtype, rid = resource["resourceType"], resource.get("id")
        response = entry.get("response")
        if not isinstance(response, dict):
            return
        location = response.get("location")
        if isinstance(location, str):
            match = _VERSION_URL.search(location)
            if match is not None:
                rtype, rid = match["type"], match["id"]
                response["location"] = self._public_url(location, match)
        etag = response.get("etag")
        if isinstance(etag, str) and isinstance(rtype, str) and isinstance(rid, str):
            response["etag"] = self._public_etag(etag, rtype, rid)

    def _public_url(self, url: str, match: re.Match[str]) -> str:
        if not match["vid"].isdecimal():
            return url
        public = self.versions.public(match["type"], match["id"], int(match["vid"]))
        return url[: match.start("vid")] + public

    def _public_etag(self, etag: str, rtype: str, rid: str) -> str:
        match = _ETAG.match(etag)
        if match is None or not match["value"].isdecimal():
            return etag
        return f'"{self.versions.public(rtype, rid, int(match["value"]))}"'


def _type_and_id(path: str) -> tuple[str | None, str | None]:
    segments = [s for s in path.split("/") if s]
    if not segments or not _TYPE.fullmatch(segments[0]):
        return None, None
    rid = segments[1] if len(segments) > 1 and not segments[1].startswith("_") else None
    return segments[0], rid


def _is_history(path: str) -> bool:
    """System, type or instance history; a vread (``…/_history/vid``) is not."""
    segments = [s for s in path.split("/") if s]
    return bool(segments) and segments[-1] == "_history" and len(segments) <= 3


def _is_search(method: str, path: str) -> bool:
    segments = [s for s in path.split("/") if s]
    if not segments or not _TYPE.fullmatch(segments[0]):
        return False
    return (method == "GET" and len(segments) == 1) or (
        method == "POST" and segments[1:] == ["_search"]
    )


def _shrunk_count(query: str) -> tuple[str, int | None]:
    """``query`` (still URL-encoded) with ``_count=N`` lowered to ``max(1, N // 3)``, and N.

    Only the number changes: the rest of the query goes upstream byte for byte.
    """
    match = _COUNT_PARAM.search(query)
    if match is None or int(match[1]) == 0:
        return query, None
    asked = int(match[1])
    return f"{query[: match.start(1)]}{max(1, asked // 3)}{query[match.end(1) :]}", asked


def _hide_history(statement: dict[str, Any]) -> None:
    if statement.get("resourceType") != "CapabilityStatement":
        return
    for rest in statement.get("rest", []):
        _drop_interactions(rest)
        for resource in rest.get("resource", []):
            _drop_interactions(resource)


def _drop_interactions(holder: dict[str, Any]) -> None:
    interactions = holder.get("interaction")
    if isinstance(interactions, list):
        holder["interaction"] = [
            i
            for i in interactions
            if not (isinstance(i, dict) and i.get("code") in _HISTORY_INTERACTIONS)
        ]


def _outcome(diagnostics: str) -> dict[str, Any]:
    return {
        "resourceType": "OperationOutcome",
        "issue": [{"severity": "error", "code": "not-supported", "diagnostics": diagnostics}],
    }
