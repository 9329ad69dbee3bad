"""What every handler shares: the storage, the checkers, the limits, the request's facts."""

from dataclasses import dataclass, field

from aiohttp import web

from backend.auth.principal import Principal
from backend.http.audit_recorder import AuditRecorder
from backend.http.fhir_error import FhirError
from backend.http.http_limits import HttpLimits
from backend.http.json_body import JsonBody
from backend.http.resource_validator import ResourceValidator
from backend.http.search_parser import SearchParser
from backend.search.search_parameters import SearchParameters
from backend.storage.resource_storage import ResourceStorage

PRINCIPAL = web.RequestKey("principal", Principal)
_WEAK_ETAG_PREFIXES = ('W/"', '"')


@dataclass(slots=True)
class FhirContext:
    """Built once per application by :class:`backend.http.fhir_app.FhirApp`."""

    storage: ResourceStorage
    audit: AuditRecorder
    limits: HttpLimits
    behind_proxy: bool = False
    validator: ResourceValidator = field(default_factory=ResourceValidator)
    body: JsonBody = field(init=False)
    search: SearchParser = field(init=False)

    def __post_init__(self) -> None:
        self.body = JsonBody(self.limits)
        self.search = SearchParser(self.limits)

    def base(self, request: web.Request) -> str:
        """The server's absolute address as the client sees it, for links and Location.

        Behind a TLS proxy, the proxy's ``X-Forwarded-Proto`` and ``-Host`` say it;
        without one those headers are client-controlled and ignored.
        """
        scheme, host = request.scheme, request.host
        if self.behind_proxy:
            proto = request.headers.get("X-Forwarded-Proto", "").split(",")[0].strip()
            if proto in {"http", "https"}:
                scheme = proto
            forwarded_host = request.headers.get("X-Forwarded-Host", "").split(",")[0].strip()
            if forwarded_host:
                host = forwarded_host
        return f"{scheme}://{host}"

    @staticmethod
    def principal(request: web.Request) -> Principal:
        return request[PRINCIPAL]

    def address(self, request: web.Request) -> str | None:
        if self.behind_proxy:
            forwarded = request.headers.get("X-Forwarded-For", "").split(",")[0].strip()
            if forwarded:
                return forwarded
        return request.remote

    @staticmethod
    def checked_type(rtype: str) -> str:
        if not SearchParameters.supports(rtype):
            raise FhirError(
                404,
                f"Resource type '{rtype}' is not supported by this server "
                f"(supported: {', '.join(SearchParameters.TYPES)})",
                code="not-supported",
            )
        return rtype

    @staticmethod
    def if_match(value: object) -> int | None:
        """The version in ``If-Match: W/"3"`` (a strong ``"3"`` is accepted too)."""
        if value is None:
            return None
        text = value.strip() if isinstance(value, str) else ""
        for prefix in _WEAK_ETAG_PREFIXES:
            if text.startswith(prefix) and text.endswith('"') and len(text) > len(prefix) + 1:
                number = text[len(prefix) : -1]
                if number.isascii() and number.isdigit() and len(number) < 10:
                    return int(number)
        raise FhirError(400, 'If-Match must be a version ETag like W/"3"')

    @staticmethod
    def prefer(request: web.Request, key: str) -> str | None:
        """One token of the ``Prefer`` header (``return``, ``handling``)."""
        for header in request.headers.getall("Prefer", []):
            for part in header.split(","):
                name, _, value = part.strip().partition("=")
                if name.strip().lower() == key:
                    return value.strip().strip('"').lower()
        return None
