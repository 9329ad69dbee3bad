"""``POST /auth/session``: a valid token renewed, never past the session's maximum length."""

import base64
import json
import time

import pytest
import pytest_asyncio

from backend.auth.principal import Principal
from backend.auth.session_authenticator import SessionAuthenticator
from backend.auth.token_issuer import TokenIssuer
from tests.backend.http.conftest import LiveServer, ServerFactory

pytestmark = pytest.mark.asyncio

MAX_SESSION_S = 3600


def claims_of(token: str) -> dict[str, object]:
    payload = token.split(".")[1]
    decoded: dict[str, object] = json.loads(base64.urlsafe_b64decode(payload + "=="))
    return decoded


async def renew(server: LiveServer, token: str) -> tuple[int, dict[str, object], str]:
    reply = await server.post(
        "/auth/session", {}, headers={"Authorization": f"Bearer {token}"}, auth=False
    )
    body = reply.body if isinstance(reply.body, dict) else {}
    return reply.status, body, reply.headers.get("WWW-Authenticate", "")


@pytest.fixture
def now() -> list[float]:
    return [time.time()]


@pytest_asyncio.fixture
async def server(server_factory: ServerFactory, now: list[float]) -> LiveServer:
    issuer = TokenIssuer(900, clock=lambda: now[0])
    return await server_factory(
        issuer=issuer,
        more_authenticators=lambda i: [
            SessionAuthenticator(i, MAX_SESSION_S, clock=lambda: now[0])
        ],
    )


async def test_a_valid_token_is_renewed_with_the_time_of_the_login(
    server: LiveServer, now: list[float]
) -> None:
    issued = server.issuer.issue(Principal("10003456789", "Claire Lefèvre")).access_token
    login_time = claims_of(issued)["auth_time"]
    now[0] += 600
    status, body, _ = await renew(server, issued)
    assert status == 200
    renewed = body["access_token"]
    assert isinstance(renewed, str) and renewed != issued
    assert body["practitioner"] == "10003456789"
    claims = claims_of(renewed)
    assert claims["auth_time"] == login_time
    assert claims["exp"] == int(now[0]) + 900
    assert claims["name"] == "Claire Lefèvre"
    reply = await server.get("/Patient", auth=False, headers={"Authorization": f"Bearer {renewed}"})
    assert reply.status == 200


async def test_renewals_stop_at_the_maximum_session_length(
    server: LiveServer, now: list[float]
) -> None:
    token = server.issuer.issue(Principal("10003456789")).access_token
    for _ in range(4):  # renewed every 14 min: 56 min after the login, still within the hour
        now[0] += 14 * 60
        status, body, _ = await renew(server, token)
        assert status == 200
        token = str(body["access_token"])
    now[0] += 5 * 60  # 61 min: the token is valid, but the session is over
    status, _, challenge = await renew(server, token)
    assert status == 401
    assert "session is over" in challenge


async def test_expired_forged_or_missing_tokens_are_not_renewed(
    server: LiveServer, now: list[float]
) -> None:
    token = server.issuer.issue(Principal("10003456789")).access_token
    now[0] += 901
    status, _, challenge = await renew(server, token)
    assert status == 401
    assert "expired" in challenge
    forged = TokenIssuer(key=b"k" * 32, clock=lambda: now[0]).issue(Principal("10003456789"))
    assert (await renew(server, forged.access_token))[0] == 401
    missing = await server.post("/auth/session", {}, auth=False)
    assert missing.status == 401
    bootstrap_scheme = await server.post(
        "/auth/session", {}, headers={"Authorization": "Bootstrap abc"}, auth=False
    )
    assert bootstrap_scheme.status == 401
