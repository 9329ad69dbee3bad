"""What wraps every request: errors as OperationOutcomes, formats, the deadline, the token.

Outermost first: ``errors`` turns whatever a request raised into an OperationOutcome
with the right status (a 500 only for a bug, and never with a traceback; the log gets
the exception's class and where it was raised, never content or tokens). ``formats``
refuses XML (406). ``deadline`` bounds the request's time. ``auth`` demands a valid
bearer token everywhere but ``/metadata`` and ``/auth/…``.
"""

import asyncio
import logging
import traceback
from collections.abc import Awaitable, Callable

from aiohttp import web
from aiohttp.http_exceptions import HttpProcessingError
from aiohttp.typedefs import Middleware
from aiohttp.web_protocol import RequestPayloadError

from backend.auth.auth_error import AuthError
from backend.auth.token_issuer import TokenIssuer
from backend.http.fhir_context import PRINCIPAL
from backend.http.fhir_error import FhirError
from backend.http.fhir_response import FhirResponse
from backend.http.http_limits import HttpLimits
from backend.storage.storage_errors import (
    StorageError,
    StorageUnavailableError,
    VersionConflictError,
)

log = logging.getLogger(__name__)

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]
REALM = "cabinet"
_JSON_FORMATS = frozenset({"json", "application/json", "application/fhir+json"})
_OPEN_PATHS = ("/metadata",)
_LONG_LIVED = "/signalling/"
# The patient's page: the same static files for everyone, the link's token stays in the
# browser until the page sends it to the signalling room.
_PATIENT_PAGE = ("/join/", "/join-assets/")


class FhirMiddleware:
    """The middlewares of the FHIR application, in the order to install them."""

    def __init__(self, issuer: TokenIssuer, limits: HttpLimits) -> None:
        self._issuer = issuer
        self._limits = limits

    def all(self) -> list[Middleware]:
        return [self.errors, self.formats, self.deadline, self.auth]

    @web.middleware
    async def errors(self, request: web.Request, handler: Handler) -> web.StreamResponse:
        try:
            response = await handler(request)
        except FhirError as exc:
            return self._render(exc)
        except AuthError as exc:
            return self._render(
                FhirError(
                    exc.status,
                    exc.message,
                    headers={"WWW-Authenticate": exc.challenge(REALM)},
                )
            )
        except web.HTTPException as exc:
            if exc.status < 400:
                raise
            headers = {k: v for k, v in exc.headers.items() if k in {"Allow", "Retry-After"}}
            return self._render(
                FhirError(exc.status, _routing_message(request, exc), headers=headers)
            )
        except VersionConflictError:
            return self._render(FhirError(412, "Version conflict", code="conflict"))
        except StorageUnavailableError:
            log.warning("storage unavailable")
            return self._render(
                FhirError(
                    503,
                    "The database cannot be reached just now; nothing was changed. "
                    "Try again shortly.",
                    headers={"Retry-After": "5"},
                )
            )
        except StorageError as exc:
            _log_failure("storage error", exc)
            return self._render(FhirError(503, "The database failed to answer; try again."))
        except (ConnectionError, HttpProcessingError, RequestPayloadError) as exc:
            # The client went away or sent a broken body mid-stream.
            log.info("request body failed (%s)", type(exc).__name__)
            return self._render(FhirError(400, "The request body could not be read"))
        except asyncio.CancelledError:
            raise
        except Exception as exc:  # noqa: BLE001 (the server outlives any one request's bug)
            _log_failure("unexpected error", exc)
            return self._render(
                FhirError(500, "Internal error; it has been logged", code="exception")
            )
        if request.path not in _OPEN_PATHS:
            # Patient data: no shared cache or proxy may keep a copy.
            response.headers.setdefault("Cache-Control", "no-store")
        return response

    @web.middleware
    async def formats(self, request: web.Request, handler: Handler) -> web.StreamResponse:
        wanted = request.query.get("_format")
        if wanted is not None and wanted.split(";")[0].strip() not in _JSON_FORMATS:
            raise FhirError(406, "Only JSON is served (_format=json)")
        accept = request.headers.get("Accept", "")
        if "xml" in accept and "json" not in accept and "*/*" not in accept:
            raise FhirError(406, "Only JSON is served (application/fhir+json)")
        return await handler(request)

    @web.middleware
    async def deadline(self, request: web.Request, handler: Handler) -> web.StreamResponse:
        seconds = self._limits.request_timeout_s
        if request.path.startswith(_LONG_LIVED):
            return await handler(request)  # a call's signalling lasts the call
        try:
            async with asyncio.timeout(seconds):
                return await handler(request)
        except TimeoutError:
            log.warning("request over %g s: %s %s", seconds, request.method, request.path)
            raise FhirError(
                503,
                f"The request took longer than {seconds:g} s and was stopped; a write "
                "may or may not have happened, read the resource before retrying",
                code="timeout",
                headers={"Retry-After": "1"},
            ) from None

    @web.middleware
    async def auth(self, request: web.Request, handler: Handler) -> web.StreamResponse:
        if request.path in _OPEN_PATHS or request.path.startswith(
            ("/auth/", _LONG_LIVED, *_PATIENT_PAGE)
        ):
            # /signalling/: the hub checks the practitioner's token or the patient's link.
            return await handler(request)
        header = request.headers.get("Authorization")
        if header is None:
            raise AuthError("an access token is required", error=None)
        scheme, _, token = header.partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            raise AuthError("a Bearer access token is required", error="invalid_request")
        request[PRINCIPAL] = self._issuer.verify(token.strip())
        return await handler(request)

    @staticmethod
    def _render(exc: FhirError) -> web.Response:
        return FhirResponse.json(exc.outcome(), exc.status, exc.headers)


def _routing_message(request: web.Request, exc: web.HTTPException) -> str:
    if exc.status == 404:
        return f"No such endpoint: {request.path[:200]}"
    if exc.status == 405:
        allowed = exc.headers.get("Allow", "")
        return f"{request.method} is not supported on this path (allowed: {allowed})"
    return exc.reason


def _log_failure(what: str, exc: BaseException) -> None:
    """The class and the code locations only (innermost first): messages may quote
    resource content."""
    frames = reversed(traceback.extract_tb(exc.__traceback__)[-4:])
    where = " < ".join(f"{f.name}@{f.filename.rsplit('/', 1)[-1]}:{f.lineno}" for f in frames)
    log.error("%s: %s at %s", what, type(exc).__name__, where)
