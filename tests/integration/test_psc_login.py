"""e-CPS login through a real OpenID provider: oidc-provider configured like Pro Santé Connect.

The provider (tests/oidc/psc_provider.mjs) runs as a Node.js child process; the browser
is played by :class:`OidcUserAgent`, a real HTTP client following the provider's
redirects and posting its forms back to the workstation's loopback listener. What the
tests forge is said where they do it: a token "signed by the provider" comes from the
provider's test route that signs claims of the test's choosing with its real key.
"""

import asyncio
import base64
import itertools
import json
import time
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
import pytest_asyncio

from sync.psc_identity import PscIdentity
from sync.psc_login import PscLogin
from sync.psc_login_error import PscFailure, PscLoginError
from sync.psc_settings import PscSettings
from tests.helpers.oidc_user_agent import OidcUserAgent, with_query_param
from tests.helpers.psc_fixtures import provider
from tests.helpers.psc_provider_process import (
    CLIENT_ID,
    CLIENT_SECRET,
    OTHER_CLIENT_ID,
    PscProviderProcess,
)

__all__ = ["provider"]

pytestmark = pytest.mark.asyncio

ID_NAT_PS = "810001234567"
RPPS = "10001234567"


def settings(provider: PscProviderProcess, **overrides: Any) -> PscSettings:
    values: dict[str, Any] = {
        "discovery_url": provider.discovery_url,
        "client_id": CLIENT_ID,
        "client_secret": CLIENT_SECRET,
        "browser_timeout_s": 20.0,
        "leeway_s": 5.0,
    }
    values.update(overrides)
    return PscSettings(**values)


class Clock:
    """Wall-clock time plus an offset the test sets: a real token seen later."""

    def __init__(self) -> None:
        self.offset = 0.0

    def __call__(self) -> float:
        return time.time() + self.offset


@pytest_asyncio.fixture
async def clock() -> Clock:
    return Clock()


@pytest_asyncio.fixture
async def agent() -> OidcUserAgent:
    return OidcUserAgent(ID_NAT_PS)


@pytest_asyncio.fixture
async def login(
    provider: PscProviderProcess, agent: OidcUserAgent, clock: Clock
) -> AsyncIterator[PscLogin]:
    client = PscLogin(settings(provider), agent.open, clock=clock)
    try:
        yield client
    finally:
        await client.close()


def claims_of(token: str) -> dict[str, Any]:
    payload = token.split(".")[1]
    decoded: dict[str, Any] = json.loads(
        base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4))
    )
    return decoded


async def test_browser_login_gives_the_practitioner(login: PscLogin, agent: OidcUserAgent) -> None:
    identity = await login.in_browser()
    await agent.finished()

    assert identity.id_nat_ps == ID_NAT_PS
    assert identity.rpps == RPPS
    assert (identity.given_name, identity.family_name) == ("Claire", "MARTIN")
    assert identity.professions == ("10",)
    assert identity.acr == "eidas1"
    assert identity.sub != ID_NAT_PS  # PSC's sub is not the practitioner's number
    # The browser was sent to the provider with what PSC expects…
    (url,) = agent.opened
    assert "scope=openid+scope_all" in url and "acr_values=eidas1" in url
    assert "code_challenge_method=S256" in url
    assert "redirect_uri=http%3A%2F%2F127.0.0.1%3A" in url
    # …and came back to the listener, which told the practitioner to return to Cabinet.
    assert agent.final_status == 200 and agent.final_url.startswith("http://127.0.0.1:")
    # Neither the tokens nor anything secret shows in the identity's repr.
    assert identity.id_token not in repr(identity)
    assert identity.access_token not in repr(identity)


async def test_discovery_at_the_non_standard_path(
    login: PscLogin, provider: PscProviderProcess
) -> None:
    discovery = await login.discover()

    assert discovery.issuer == provider.issuer
    assert discovery.supports_ciba
    assert "S256" in discovery.code_challenge_methods
    assert discovery.acr_values == ("eidas1",)


async def test_a_wrong_nonce_is_refused(provider: PscProviderProcess, clock: Clock) -> None:
    # The authorization request is tampered with on its way through the browser: the
    # provider issues a genuine token, but for another nonce than this login's.
    agent = OidcUserAgent(
        ID_NAT_PS, rewrite=lambda url: with_query_param(url, "nonce", "not-this-login")
    )
    client = PscLogin(settings(provider), agent.open, clock=clock)
    try:
        with pytest.raises(PscLoginError) as refused:
            await client.in_browser()
    finally:
        await client.close()
    assert refused.value.failure is PscFailure.INVALID_TOKEN
    assert "nonce" in str(refused.value)


async def test_a_token_for_another_client_is_refused(
    provider: PscProviderProcess, clock: Clock
) -> None:
    # A genuine login of another application of the same provider…
    agent = OidcUserAgent(ID_NAT_PS)
    other = PscLogin(settings(provider, client_id=OTHER_CLIENT_ID), agent.open, clock=clock)
    try:
        identity = await other.in_browser()
    finally:
        await other.close()
    # …is not a login to Cabinet.
    ours = PscLogin(settings(provider), OidcUserAgent(ID_NAT_PS).open, clock=clock)
    try:
        validator = await ours.validator()
        with pytest.raises(PscLoginError) as refused:
            await validator.validate(identity.id_token, nonce=claims_of(identity.id_token)["nonce"])
    finally:
        await ours.close()
    assert refused.value.failure is PscFailure.INVALID_TOKEN
    assert "audience" in str(refused.value)


async def test_an_expired_token_is_refused(login: PscLogin, clock: Clock) -> None:
    identity = await login.in_browser()
    validator = await login.validator()
    nonce = claims_of(identity.id_token)["nonce"]
    await validator.validate(identity.id_token, nonce=nonce)

    # The same real token, looked at once its lifetime (and the leeway) has passed.
    clock.offset = claims_of(identity.id_token)["exp"] - time.time() + 6
    with pytest.raises(PscLoginError) as refused:
        await validator.validate(identity.id_token, nonce=nonce)
    assert refused.value.failure is PscFailure.INVALID_TOKEN
    assert "expired" in str(refused.value)


async def test_a_token_from_another_issuer_is_refused(
    login: PscLogin, provider: PscProviderProcess
) -> None:
    identity = await login.in_browser()
    claims = claims_of(identity.id_token)
    # Signed with the provider's real key, but naming another issuer.
    forged = provider.sign({**claims, "iss": "https://auth.esw.esante.gouv.fr/other"})
    validator = await login.validator()

    with pytest.raises(PscLoginError) as refused:
        await validator.validate(forged, nonce=claims["nonce"])
    assert "another issuer" in str(refused.value)


async def test_a_tampered_token_is_refused(login: PscLogin) -> None:
    identity = await login.in_browser()
    header, payload, signature = identity.id_token.split(".")
    claims = claims_of(identity.id_token)
    changed = (
        base64.urlsafe_b64encode(json.dumps({**claims, "sub": "someone-else"}).encode())
        .rstrip(b"=")
        .decode()
    )
    validator = await login.validator()

    with pytest.raises(PscLoginError) as refused:
        await validator.validate(f"{header}.{changed}.{signature}", nonce=claims["nonce"])
    assert "bad signature" in str(refused.value)
    # A signature of the right length but wrong bits, on the untouched payload.
    flipped = signature[:10] + ("A" if signature[10] != "A" else "B") + signature[11:]
    with pytest.raises(PscLoginError):
        await validator.validate(f"{header}.{payload}.{flipped}", nonce=claims["nonce"])
    # No signature at all ("alg": "none").
    none_header = base64.urlsafe_b64encode(b'{"alg":"none"}').rstrip(b"=").decode()
    with pytest.raises(PscLoginError) as refused:
        await validator.validate(f"{none_header}.{payload}.", nonce=claims["nonce"])
    assert "not accepted" in str(refused.value)


async def test_the_key_is_found_by_kid(login: PscLogin, provider: PscProviderProcess) -> None:
    identity = await login.in_browser()
    claims = claims_of(identity.id_token)
    # The provider publishes two keys; a token signed by the second is just as valid.
    second = provider.sign(claims, kid="psc-test-key-2")
    validator = await login.validator()

    assert (await validator.validate(second, nonce=claims["nonce"]))["sub"] == claims["sub"]
    unknown = provider.sign(claims, kid="psc-test-key-unknown")
    with pytest.raises(PscLoginError) as refused:
        await validator.validate(unknown, nonce=claims["nonce"])
    assert "does not publish" in str(refused.value)


async def test_the_practitioner_cancels_at_the_provider(
    provider: PscProviderProcess, clock: Clock
) -> None:
    agent = OidcUserAgent(None)  # presses « Annuler »
    client = PscLogin(settings(provider), agent.open, clock=clock)
    try:
        with pytest.raises(PscLoginError) as refused:
            await client.in_browser()
    finally:
        await client.close()
    assert refused.value.failure is PscFailure.DENIED


async def test_the_app_cancels_a_login_in_the_browser(
    provider: PscProviderProcess, clock: Clock
) -> None:
    opened = asyncio.Event()

    async def open_and_walk_away(url: str) -> None:
        opened.set()

    cancel = asyncio.Event()
    client = PscLogin(settings(provider), open_and_walk_away, clock=clock)
    try:
        task = asyncio.create_task(client.in_browser(cancel=cancel))
        await opened.wait()
        cancel.set()
        with pytest.raises(PscLoginError) as refused:
            await task
    finally:
        await client.close()
    assert refused.value.failure is PscFailure.CANCELLED


async def test_no_answer_from_the_browser_times_out(
    provider: PscProviderProcess, clock: Clock
) -> None:
    async def nobody_there(url: str) -> None:
        pass

    client = PscLogin(settings(provider, browser_timeout_s=0.5), nobody_there, clock=clock)
    try:
        with pytest.raises(PscLoginError) as refused:
            await client.in_browser()
    finally:
        await client.close()
    assert refused.value.failure is PscFailure.TIMED_OUT


async def test_ciba_approved_on_the_phone(login: PscLogin, provider: PscProviderProcess) -> None:
    task = asyncio.create_task(login.by_ciba(ID_NAT_PS, binding_message="CAB-1234"))
    request = await provider.wait_for_ciba(ID_NAT_PS)
    assert request["binding_message"] == "CAB-1234"
    await asyncio.sleep(1.2)  # the practitioner takes a moment: the client polls meanwhile
    await provider.answer_ciba(request["auth_req_id"], approve=True)

    identity: PscIdentity = await asyncio.wait_for(task, 15)
    assert identity.rpps == RPPS and identity.acr == "eidas1"
    polls = await polls_of(provider, request["auth_req_id"])
    assert len(polls) >= 2
    # The interval the provider gave (1 s) is honoured between polls.
    assert all(b - a >= 0.95 for a, b in itertools.pairwise(polls))


async def test_ciba_denied_on_the_phone(login: PscLogin, provider: PscProviderProcess) -> None:
    task = asyncio.create_task(login.by_ciba(ID_NAT_PS))
    request = await provider.wait_for_ciba(ID_NAT_PS)
    await provider.answer_ciba(request["auth_req_id"], approve=False)

    with pytest.raises(PscLoginError) as refused:
        await asyncio.wait_for(task, 15)
    assert refused.value.failure is PscFailure.DENIED


async def test_ciba_unanswered_expires(login: PscLogin, provider: PscProviderProcess) -> None:
    # The client asks for a 2-second request; the provider lets it expire.
    with pytest.raises(PscLoginError) as refused:
        await asyncio.wait_for(login.by_ciba(ID_NAT_PS, requested_expiry_s=2), 20)
    assert refused.value.failure is PscFailure.TIMED_OUT


async def test_ciba_slow_down_widens_the_interval(
    login: PscLogin, provider: PscProviderProcess
) -> None:
    await asyncio.to_thread(provider.control, "POST", "/test/ciba/slow-down", {"times": 1})
    task = asyncio.create_task(login.by_ciba(ID_NAT_PS))
    request = await provider.wait_for_ciba(ID_NAT_PS)
    # The first poll is answered slow_down; the practitioner approves right after it.
    # The provider is another process: its state can only be polled.
    while not await polls_of(provider, request["auth_req_id"]):  # noqa: ASYNC110
        await asyncio.sleep(0.05)
    await provider.answer_ciba(request["auth_req_id"], approve=True)
    await asyncio.wait_for(task, 15)

    polls = await polls_of(provider, request["auth_req_id"])
    # After slow_down the client waits its interval plus 5 s (CIBA §11) before polling.
    assert len(polls) == 2 and polls[1] - polls[0] >= 5.9


async def polls_of(provider: PscProviderProcess, auth_req_id: str) -> list[float]:
    requests = await provider.pending_ciba()
    return list(next(r["polls"] for r in requests if r["auth_req_id"] == auth_req_id))


async def test_ciba_for_an_unknown_practitioner(login: PscLogin) -> None:
    with pytest.raises(PscLoginError) as refused:
        await login.by_ciba("899999999999")
    assert refused.value.failure is PscFailure.PROVIDER_ERROR
    assert "unknown_user_id" in str(refused.value)


async def test_ciba_is_used_only_where_advertised(tmp_path: Path) -> None:
    with PscProviderProcess.start(tmp_path / "provider.log", "--no-ciba") as plain:
        client = PscLogin(settings(plain), OidcUserAgent(ID_NAT_PS).open)
        try:
            assert not await client.supports_ciba()
            with pytest.raises(PscLoginError) as refused:
                await client.by_ciba(ID_NAT_PS)
            assert refused.value.failure is PscFailure.NOT_SUPPORTED
        finally:
            await client.close()


async def test_an_unreachable_provider(tmp_path: Path) -> None:
    with PscProviderProcess.start(tmp_path / "provider.log") as gone:
        url = gone.discovery_url
    client = PscLogin(
        PscSettings(url, CLIENT_ID, CLIENT_SECRET, request_timeout_s=2.0),
        OidcUserAgent(ID_NAT_PS).open,
    )
    try:
        with pytest.raises(PscLoginError) as refused:
            await client.in_browser()
    finally:
        await client.close()
    assert refused.value.failure is PscFailure.UNREACHABLE
