"""A live FHIR server per test, on a real socket, over the engine-parametrised ``storage``.

``server`` runs :class:`FhirApp` with aiohttp's AppRunner and a TCPSite on 127.0.0.1
(a free port) and talks to it with a real ``aiohttp.ClientSession``: requests cross the
loopback like the workstation's do. ``server_factory(**options)`` starts another one on
the same storage with other limits or a short token lifetime.
"""

import io
import json
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import aiohttp
import pytest_asyncio
from aiohttp import web
from multidict import CIMultiDict

from backend.auth.authenticator import Authenticator
from backend.auth.bootstrap_authenticator import BootstrapAuthenticator
from backend.auth.principal import Principal
from backend.auth.token_issuer import TokenIssuer
from backend.http.fhir_app import FhirApp
from backend.http.http_limits import HttpLimits
from backend.signalling.ice_servers import IceServers
from backend.storage.resource_storage import ResourceStorage

BOOTSTRAP_SECRET = bytes(range(32))
PRACTITIONER = "10003456789"
FHIR_JSON = "application/fhir+json"
LARGE_BODY = 512 * 1024


@dataclass
class Reply:
    """A response read in full: ``body`` is the parsed JSON, or None."""

    status: int
    headers: Mapping[str, str]
    raw: bytes

    @property
    def body(self) -> Any:
        try:
            return json.loads(self.raw) if self.raw else None
        except ValueError:
            return None

    @property
    def issues(self) -> list[dict[str, Any]]:
        body = self.body
        assert isinstance(body, dict) and body["resourceType"] == "OperationOutcome", self.raw
        return list(body["issue"])

    @property
    def expressions(self) -> list[str]:
        return [e for issue in self.issues for e in issue.get("expression", [])]


class LiveServer:
    """One running FHIR app and an authenticated client for it."""

    def __init__(
        self, url: str, fhir: FhirApp, issuer: TokenIssuer, session: aiohttp.ClientSession
    ) -> None:
        self.url = url
        self.fhir = fhir
        self.issuer = issuer
        self.session = session
        self.token = issuer.issue(Principal(PRACTITIONER, "Dr Test")).access_token

    async def request(
        self,
        method: str,
        path: str,
        body: Any = None,
        *,
        headers: Mapping[str, str] | None = None,
        data: bytes | str | None = None,
        auth: bool = True,
    ) -> Reply:
        sent: dict[str, str] = {}
        if auth:
            sent["Authorization"] = f"Bearer {self.token}"
        if body is not None:
            data = json.dumps(body)
            sent["Content-Type"] = FHIR_JSON
        sent.update(headers or {})
        url = path if path.startswith("http") else f"{self.url}{path}"
        payload: Any = data
        if isinstance(data, str):
            payload = data.encode()
        if isinstance(payload, bytes) and len(payload) > LARGE_BODY:
            # aiohttp warns about large raw bodies (it could block the loop); a file-like
            # object is streamed instead.
            payload = io.BytesIO(payload)
        async with self.session.request(method, url, data=payload, headers=sent) as response:
            raw = await response.read()
            return Reply(response.status, CIMultiDict(response.headers), raw)

    async def get(self, path: str, **kwargs: Any) -> Reply:
        return await self.request("GET", path, **kwargs)

    async def post(self, path: str, body: Any = None, **kwargs: Any) -> Reply:
        return await self.request("POST", path, body, **kwargs)

    async def put(self, path: str, body: Any = None, **kwargs: Any) -> Reply:
        return await self.request("PUT", path, body, **kwargs)

    async def delete(self, path: str, **kwargs: Any) -> Reply:
        return await self.request("DELETE", path, **kwargs)

    async def create(self, resource: dict[str, Any]) -> dict[str, Any]:
        """POST, asserting 201; the stored resource."""
        reply = await self.post(f"/{resource['resourceType']}", resource)
        assert reply.status == 201, reply.raw
        created: dict[str, Any] = reply.body
        return created

    async def flush_audit(self) -> None:
        assert await self.fhir.audit.flush()


ServerFactory = Callable[..., Awaitable[LiveServer]]


@pytest_asyncio.fixture
async def server_factory(storage: ResourceStorage) -> AsyncIterator[ServerFactory]:
    runners: list[web.AppRunner] = []
    sessions: list[aiohttp.ClientSession] = []

    async def start(
        *,
        limits: HttpLimits | None = None,
        issuer: TokenIssuer | None = None,
        runner_options: Mapping[str, Any] | None = None,
        wrap: Callable[[ResourceStorage], ResourceStorage] | None = None,
        more_authenticators: Callable[[TokenIssuer], Sequence[Authenticator]] | None = None,
        join_link_key: bytes | None = None,
        ice: IceServers | None = None,
    ) -> LiveServer:
        issuer = issuer or TokenIssuer()
        fhir = FhirApp(
            wrap(storage) if wrap is not None else storage,
            issuer=issuer,
            authenticators=[
                BootstrapAuthenticator(BOOTSTRAP_SECRET),
                *(more_authenticators(issuer) if more_authenticators else ()),
            ],
            limits=limits,
            audit_flush_interval_s=0.05,
            join_link_key=join_link_key,
            ice=ice,
        )
        runner = web.AppRunner(fhir.build(), **(runner_options or {}))
        await runner.setup()
        runners.append(runner)
        site = web.TCPSite(runner, "127.0.0.1", 0)
        await site.start()
        port = runner.addresses[0][1]
        session = aiohttp.ClientSession(
            connector=aiohttp.TCPConnector(limit=100),
            timeout=aiohttp.ClientTimeout(total=60),
        )
        sessions.append(session)
        return LiveServer(f"http://127.0.0.1:{port}", fhir, issuer, session)

    try:
        yield start
    finally:
        for session in sessions:
            await session.close()
        for runner in runners:
            await runner.cleanup()


@pytest_asyncio.fixture
async def server(server_factory: ServerFactory) -> LiveServer:
    return await server_factory()
