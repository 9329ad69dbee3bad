"""HTTP to the FHIR server: aiohttp, an explicit timeout on every request, a bearer token.

fhirclient (the project's FHIR client) is synchronous: one blocking ``requests`` call at
a time, no timeout unless its session is patched, and every resource parsed into model
objects. Sync needs many requests in flight over one connection pool without a thread
each, and reads tens of thousands of resources a minute as plain JSON for the store, so
the transport is aiohttp (already the backend's framework); fhirclient's R4 models check
the server's CapabilityStatement (:class:`ServerCapabilities`).

Errors come out as two kinds: :class:`ServerUnreachableError` (network, timeout, 5xx: try
again later; for a write the outcome is unknown) and :class:`ServerRefusedError` (401/403
after one fresh token). Everything else is a :class:`FhirReply` with its status.
"""

import asyncio
import json
from collections.abc import Awaitable, Callable
from typing import Any
from urllib.parse import urljoin

import aiohttp

from sync.fhir_reply import FhirReply
from sync.server_refused_error import ServerRefusedError
from sync.server_unreachable_error import ServerUnreachableError

FHIR_JSON = "application/fhir+json"
CONNECT_TIMEOUT_S = 5.0
REQUEST_TIMEOUT_S = 30.0
MAX_CONNECTIONS = 8


class FhirHttp:
    """One connection pool to one server; ``token`` gives a valid bearer token."""

    def __init__(
        self,
        base_url: str,
        token: Callable[[bool], Awaitable[str]],
        *,
        timeout_s: float = REQUEST_TIMEOUT_S,
        connections: int = MAX_CONNECTIONS,
    ) -> None:
        self.base_url = base_url.rstrip("/") + "/"
        self._token = token
        self._timeout = aiohttp.ClientTimeout(
            total=timeout_s, connect=CONNECT_TIMEOUT_S, sock_read=timeout_s
        )
        self._connections = connections
        self._session: aiohttp.ClientSession | None = None

    def url(self, path_or_url: str) -> str:
        return urljoin(self.base_url, path_or_url)

    async def close(self) -> None:
        if self._session is not None:
            await self._session.close()
            self._session = None

    def _client(self) -> aiohttp.ClientSession:
        if self._session is None or self._session.closed:
            self._session = aiohttp.ClientSession(
                timeout=self._timeout,
                connector=aiohttp.TCPConnector(limit=self._connections),
            )
        return self._session

    async def request(
        self,
        method: str,
        path_or_url: str,
        *,
        body: Any = None,
        headers: dict[str, str] | None = None,
        params: list[tuple[str, str]] | None = None,
    ) -> FhirReply:
        """One request; on 401 a fresh token and one more try."""
        data = None if body is None else json.dumps(body, separators=(",", ":")).encode()
        for attempt in range(2):
            token = await self._token(attempt > 0)
            sent = {"Accept": FHIR_JSON, "Authorization": f"Bearer {token}"}
            if data is not None:
                sent["Content-Type"] = FHIR_JSON
            sent.update(headers or {})
            reply = await self._send(method, self.url(path_or_url), data, sent, params)
            if reply.status == 401 and attempt == 0:
                continue
            if reply.status in {401, 403}:
                raise ServerRefusedError(reply.status)
            if reply.status >= 500:
                raise ServerUnreachableError(
                    f"HTTP {reply.status}", outcome_unknown=method != "GET"
                )
            return reply
        raise AssertionError("unreachable")  # pragma: no cover

    async def _send(
        self,
        method: str,
        url: str,
        data: bytes | None,
        headers: dict[str, str],
        params: list[tuple[str, str]] | None,
    ) -> FhirReply:
        try:
            async with self._client().request(
                method, url, data=data, headers=headers, params=params
            ) as response:
                raw = await response.read()
                return FhirReply(
                    response.status,
                    {k.lower(): v for k, v in response.headers.items()},
                    self._parse(raw),
                )
        except (aiohttp.ClientError, TimeoutError, OSError) as exc:
            # Sent or not, we cannot tell: a write must be checked before it is retried.
            raise ServerUnreachableError(
                type(exc).__name__, outcome_unknown=method != "GET"
            ) from None
        except asyncio.CancelledError:
            raise

    @staticmethod
    def _parse(raw: bytes) -> Any:
        if not raw:
            return None
        try:
            return json.loads(raw)
        except ValueError:
            return None
