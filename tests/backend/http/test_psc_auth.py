"""e-CPS login to the backend, end to end: a real OpenID provider, the workstation's client,
the server's check of PSC's tokens, and a FHIR read with the token the server issued.

The provider is oidc-provider configured like Pro Santé Connect (tests/oidc), a Node.js
child process; the browser is :class:`OidcUserAgent`; the workstation is
:class:`PscBackendLogin` over :class:`PscLogin`. The backend runs in this process as in
``conftest`` (SQLite only: authentication does not touch the storage engine), with a
clock the tests can move for the expiry case, and once as ``python -m backend``.
Forged tokens are said to be forged where they are made: the provider's test route
signs claims of the test's choosing with its real key.
"""

import asyncio
import base64
import json
import logging
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from pathlib import Path
from typing import Any

import aiohttp
import pytest
import pytest_asyncio
from aiohttp import web

from backend.auth.bootstrap_authenticator import BootstrapAuthenticator
from backend.auth.psc_authenticator import PscAuthenticator
from backend.auth.psc_provider import PscProvider
from backend.auth.psc_token_verifier import PscTokenVerifier
from backend.auth.token_issuer import TokenIssuer
from backend.http.fhir_app import FhirApp
from backend.storage.resource_storage import ResourceStorage
from sync.psc_backend_login import PscBackendLogin
from sync.psc_identity import PscIdentity
from sync.psc_login import PscLogin
from sync.psc_login_error import PscFailure, PscLoginError
from sync.psc_settings import PscSettings
from tests.backend.http.backend_process import BackendProcess
from tests.backend.http.conftest import BOOTSTRAP_SECRET, LiveServer, Reply
from tests.backend.http.resources import patient
from tests.helpers.oidc_user_agent import OidcUserAgent
from tests.helpers.psc_provider_process import (
    CLIENT_ID,
    CLIENT_SECRET,
    JWT_USERINFO_CLIENT_ID,
    OTHER_CLIENT_ID,
    PscProviderProcess,
)

pytestmark = pytest.mark.asyncio

ID_NAT_PS = "810001234567"
RPPS = "10001234567"
OTHER_ID_NAT_PS = "810009876543"


class Clock:
    """Wall-clock time plus an offset a test sets."""

    def __init__(self) -> None:
        self.offset = 0.0

    def __call__(self) -> float:
        return time.time() + self.offset


@pytest.fixture
def storage_engine() -> str:
    return "sqlite"


@pytest.fixture(scope="module")
def provider(tmp_path_factory: pytest.TempPathFactory) -> Iterator[PscProviderProcess]:
    log = tmp_path_factory.mktemp("psc") / "provider.log"
    with PscProviderProcess.start(log) as running:
        yield running


@pytest.fixture
def server_clock() -> Clock:
    return Clock()


PscServerFactory = Callable[..., Awaitable[LiveServer]]


@pytest_asyncio.fixture
async def psc_server_factory(
    storage: ResourceStorage, server_clock: Clock
) -> AsyncIterator[PscServerFactory]:
    runners: list[web.AppRunner] = []
    sessions: list[aiohttp.ClientSession] = []

    async def start(discovery_url: str | None, client_id: str = CLIENT_ID) -> LiveServer:
        if discovery_url is None:
            psc = PscAuthenticator(None, None)
        else:
            psc_provider = PscProvider(discovery_url, timeout_s=3.0)
            verifier = PscTokenVerifier(psc_provider, client_id, clock=server_clock)
            psc = PscAuthenticator(verifier, psc_provider, client_id, clock=server_clock)
        issuer = TokenIssuer()
        fhir = FhirApp(
            storage,
            issuer=issuer,
            authenticators=[BootstrapAuthenticator(BOOTSTRAP_SECRET), psc],
            audit_flush_interval_s=0.05,
        )
        runner = web.AppRunner(fhir.build())
        await runner.setup()
        runners.append(runner)
        site = web.TCPSite(runner, "127.0.0.1", 0)
        await site.start()
        session = aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=60))
        sessions.append(session)
        return LiveServer(f"http://127.0.0.1:{runner.addresses[0][1]}", fhir, issuer, session)

    try:
        yield start
    finally:
        for session in sessions:
            await session.close()
        for runner in runners:
            await runner.cleanup()


@pytest_asyncio.fixture
async def server(psc_server_factory: PscServerFactory, provider: PscProviderProcess) -> LiveServer:
    return await psc_server_factory(provider.discovery_url)


def settings(provider: PscProviderProcess, client_id: str = CLIENT_ID) -> PscSettings:
    return PscSettings(
        provider.discovery_url, client_id, CLIENT_SECRET, browser_timeout_s=20.0, leeway_s=5.0
    )


@pytest_asyncio.fixture
async def psc(provider: PscProviderProcess) -> AsyncIterator[PscLogin]:
    client = PscLogin(settings(provider), OidcUserAgent(ID_NAT_PS).open)
    try:
        yield client
    finally:
        await client.close()


async def browser_identity(
    provider: PscProviderProcess,
    *,
    nonce: str | None = None,
    client_id: str = CLIENT_ID,
    practitioner: str = ID_NAT_PS,
) -> PscIdentity:
    """A genuine login at the provider, as the workstation does it."""
    client = PscLogin(settings(provider, client_id), OidcUserAgent(practitioner).open)
    try:
        return await client.in_browser(nonce=nonce)
    finally:
        await client.close()


async def nonce_from(server: LiveServer) -> str:
    reply = await server.post("/auth/psc/challenge", auth=False)
    assert reply.status == 200, reply.raw
    assert reply.body["expires_in"] == 600
    return str(reply.body["nonce"])


async def psc_login(server: LiveServer, id_token: str, access_token: str) -> Reply:
    return await server.request(
        "POST",
        "/auth/psc/login",
        {"id_token": id_token, "access_token": access_token},
        auth=False,
        headers={"Content-Type": "application/json"},
    )


def claims_of(token: str) -> dict[str, Any]:
    payload = token.split(".")[1]
    decoded: dict[str, Any] = json.loads(
        base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4))
    )
    return decoded


def refusal(reply: Reply) -> str:
    assert reply.status == 401, reply.raw
    assert reply.headers["WWW-Authenticate"].startswith('PSC realm="')
    return str(reply.issues[0]["diagnostics"])


async def test_e_cps_login_end_to_end_then_a_fhir_read(
    server: LiveServer, psc: PscLogin, caplog: pytest.LogCaptureFixture
) -> None:
    stored = await server.create(patient("Durand"))  # written with another practitioner's token
    login = PscBackendLogin(server.url, psc)

    with caplog.at_level(logging.DEBUG):
        session = await login.in_browser()

    assert session.practitioner == RPPS
    assert session.identity.rpps == RPPS
    assert session.expires_in == server.issuer.lifetime_s
    assert server.issuer.verify(session.access_token).display == "Claire MARTIN"
    async with server.session.get(
        f"{server.url}/Patient/{stored['id']}",
        headers={"Authorization": f"Bearer {session.access_token}"},
    ) as response:
        assert response.status == 200
        assert (await response.json())["id"] == stored["id"]
    # The id_token carried the server's nonce: it is spent, a replay is refused.
    with caplog.at_level(logging.DEBUG):
        replay = await psc_login(server, session.identity.id_token, session.identity.access_token)
    assert "nonce" in refusal(replay)
    # Both sides logged the login, and no token went into the log.
    text = "\n".join(record.getMessage() for record in caplog.records)
    assert "PSC login: practitioner 10001234567" in text
    for secret in (session.identity.id_token, session.identity.access_token):
        assert secret not in text and secret.split(".")[-1] not in text
    assert session.access_token not in text


async def test_a_nonce_the_server_did_not_issue_is_refused(
    server: LiveServer, provider: PscProviderProcess
) -> None:
    # A genuine PSC login, but with the workstation's own nonce, not one of this server.
    identity = await browser_identity(provider)

    reply = await psc_login(server, identity.id_token, identity.access_token)
    assert "nonce is unknown here" in refusal(reply)


async def test_a_token_for_another_application_is_refused(
    server: LiveServer, provider: PscProviderProcess
) -> None:
    identity = await browser_identity(
        provider, nonce=await nonce_from(server), client_id=OTHER_CLIENT_ID
    )

    reply = await psc_login(server, identity.id_token, identity.access_token)
    assert "another application (audience)" in refusal(reply)


async def test_an_expired_token_is_refused(
    server: LiveServer, provider: PscProviderProcess, server_clock: Clock
) -> None:
    identity = await browser_identity(provider, nonce=await nonce_from(server))
    # The server looks at the genuine token once its lifetime and the leeway are over.
    server_clock.offset = claims_of(identity.id_token)["exp"] - time.time() + 61

    reply = await psc_login(server, identity.id_token, identity.access_token)
    assert "expired" in refusal(reply)


async def test_an_old_token_is_refused_for_a_login(
    server: LiveServer, provider: PscProviderProcess, server_clock: Clock
) -> None:
    identity = await browser_identity(provider, nonce=await nonce_from(server))
    claims = claims_of(identity.id_token)
    # Forged by the provider's test route: still valid for hours, but issued long ago.
    old = provider.sign({**claims, "iat": claims["iat"] - 3600, "exp": claims["exp"] + 3600})

    reply = await psc_login(server, old, identity.access_token)
    assert "too old" in refusal(reply)


async def test_another_issuer_and_a_bad_signature_are_refused(
    server: LiveServer, provider: PscProviderProcess
) -> None:
    identity = await browser_identity(provider, nonce=await nonce_from(server))
    claims = claims_of(identity.id_token)
    elsewhere = provider.sign({**claims, "iss": "https://auth.esw.esante.gouv.fr/other"})
    assert "another issuer" in refusal(await psc_login(server, elsewhere, identity.access_token))
    header, _, signature = identity.id_token.split(".")
    swapped = base64.urlsafe_b64encode(
        json.dumps({**claims, "sub": "someone-else"}).encode()
    ).rstrip(b"=")
    tampered = f"{header}.{swapped.decode()}.{signature}"
    assert "signature is wrong" in refusal(await psc_login(server, tampered, identity.access_token))
    # Neither attempt spent the nonce: the genuine token still logs in.
    reply = await psc_login(server, identity.id_token, identity.access_token)
    assert reply.status == 200, reply.raw


async def test_signed_userinfo_is_checked_and_read(
    psc_server_factory: PscServerFactory, provider: PscProviderProcess
) -> None:
    server = await psc_server_factory(provider.discovery_url, JWT_USERINFO_CLIENT_ID)
    psc = PscLogin(settings(provider, JWT_USERINFO_CLIENT_ID), OidcUserAgent(ID_NAT_PS).open)
    try:
        # The workstation reads the practitioner from userinfo signed by the provider…
        session = await PscBackendLogin(server.url, psc).in_browser()
    finally:
        await psc.close()
    assert session.identity.id_nat_ps == ID_NAT_PS
    # …and so does the server.
    assert session.practitioner == RPPS


async def test_userinfo_about_someone_else_is_refused(
    server: LiveServer, provider: PscProviderProcess
) -> None:
    mine = await browser_identity(provider, nonce=await nonce_from(server))
    theirs = await browser_identity(provider, practitioner=OTHER_ID_NAT_PS)

    reply = await psc_login(server, mine.id_token, theirs.access_token)
    assert "someone else" in refusal(reply)


async def test_ciba_login_end_to_end(
    server: LiveServer, psc: PscLogin, provider: PscProviderProcess
) -> None:
    login = PscBackendLogin(server.url, psc)
    task = asyncio.create_task(login.by_ciba(ID_NAT_PS, binding_message="CAB-42"))
    request = await provider.wait_for_ciba(ID_NAT_PS)
    await provider.answer_ciba(request["auth_req_id"], approve=True)

    session = await asyncio.wait_for(task, 15)
    assert session.practitioner == RPPS
    async with server.session.get(
        f"{server.url}/Patient", headers={"Authorization": f"Bearer {session.access_token}"}
    ) as response:
        assert response.status == 200
    # A CIBA id_token has no nonce: it is good for one login here, not two.
    replay = await psc_login(server, session.identity.id_token, session.identity.access_token)
    assert "already used" in refusal(replay)


async def test_ciba_denied_reaches_the_workstation(
    server: LiveServer, psc: PscLogin, provider: PscProviderProcess
) -> None:
    login = PscBackendLogin(server.url, psc)
    task = asyncio.create_task(login.by_ciba(ID_NAT_PS))
    request = await provider.wait_for_ciba(ID_NAT_PS)
    await provider.answer_ciba(request["auth_req_id"], approve=False)

    with pytest.raises(PscLoginError) as refused:
        await asyncio.wait_for(task, 15)
    assert refused.value.failure is PscFailure.DENIED


async def test_the_workstation_hears_the_servers_refusal(
    psc_server_factory: PscServerFactory, provider: PscProviderProcess, psc: PscLogin
) -> None:
    # A server configured for another client id: every Cabinet token is for someone else.
    server = await psc_server_factory(provider.discovery_url, "a-different-client")
    with pytest.raises(PscLoginError) as refused:
        await PscBackendLogin(server.url, psc).in_browser()
    assert refused.value.failure is PscFailure.SERVER_REFUSED
    assert "audience" in str(refused.value)


async def test_without_configuration_psc_login_is_off(
    psc_server_factory: PscServerFactory, psc: PscLogin
) -> None:
    server = await psc_server_factory(None)

    for path in ("/auth/psc/challenge", "/auth/psc/login"):
        reply = await server.post(path, {"id_token": "x", "access_token": "y"}, auth=False)
        assert reply.status == 501
        assert "--psc-discovery" in reply.issues[0]["diagnostics"]
    with pytest.raises(PscLoginError) as refused:
        await PscBackendLogin(server.url, psc).in_browser()
    assert refused.value.failure is PscFailure.NOT_SUPPORTED


async def test_a_malformed_body_is_a_400(server: LiveServer) -> None:
    for body in ({}, {"id_token": 3, "access_token": "y"}, {"id_token": "x"}):
        reply = await server.post("/auth/psc/login", body, auth=False)
        assert reply.status == 400, body
    reply = await psc_login(server, "not-a-jwt", "y")
    assert "not a signed JWT" in refusal(reply)


async def test_psc_unreachable_is_a_503(
    psc_server_factory: PscServerFactory, tmp_path: Path, psc: PscLogin
) -> None:
    with PscProviderProcess.start(tmp_path / "gone.log") as gone:
        url = gone.discovery_url
        identity = await browser_identity(gone)
    server = await psc_server_factory(url)

    reply = await psc_login(server, identity.id_token, identity.access_token)
    assert reply.status == 503, reply.raw
    assert reply.headers["Retry-After"] == "5"
    assert "cannot be reached" in reply.issues[0]["diagnostics"]


async def test_the_server_process_takes_its_psc_options(
    tmp_path: Path, provider: PscProviderProcess
) -> None:
    db = f"sqlite:{tmp_path / 'db.sqlite'}"
    child = await BackendProcess.launch(
        ["--db", db, "--psc-discovery", provider.discovery_url, "--psc-client-id", CLIENT_ID],
        tmp_path / "backend.log",
    )
    try:
        url = await child.listening()
        psc = PscLogin(settings(provider), OidcUserAgent(ID_NAT_PS).open)
        try:
            session = await PscBackendLogin(url, psc).in_browser()
        finally:
            await psc.close()
        assert session.practitioner == RPPS
    finally:
        await child.stop()
    for args, words in (
        (["--psc-discovery", provider.discovery_url], "go together"),
        (
            ["--psc-discovery", "http://psc.example/x", "--psc-client-id", CLIENT_ID],
            "must be an HTTPS URL",
        ),
    ):
        refused = await BackendProcess.launch(["--db", db, *args], tmp_path / "refused.log")
        try:
            assert await refused.wait() == 2
            assert words in refused.stderr()
        finally:
            await refused.stop()
