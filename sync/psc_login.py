"""e-CPS login through Pro Santé Connect: in the system browser, or by CIBA on the phone.

In the browser (OpenID Connect authorization code flow for a native application,
RFC 8252): a one-shot listener on ``http://127.0.0.1:<free port>/callback``, PKCE S256
(RFC 7636), a random ``state`` and ``nonce``, ``scope=openid scope_all`` and
``acr_values=eidas1``; the system browser is opened on the authorization URL by the
injected ``open_browser`` (the app passes one that uses the desktop's browser; tests pass
an HTTP user agent). The practitioner signs in with their e-CPS; the browser comes back
with a code, exchanged at the token endpoint with the PKCE verifier.

By CIBA (Client-Initiated Backchannel Authentication, poll mode), only where discovery
advertises a backchannel endpoint: the request names the practitioner by
``login_hint`` = their idNatPs, PSC pushes a request to their e-CPS app, and the token
endpoint is polled with ``auth_req_id`` every ``interval`` seconds (5 if the provider
says none; 5 more after each ``slow_down``) until tokens, ``access_denied`` or
``expired_token``.

Either way the id_token is fully validated (:class:`IdTokenValidator`) and the
practitioner's claims are read from userinfo, whose ``sub`` must be the id_token's
(OpenID Connect Core §5.3.2): PSC returns ``SubjectNameID`` and ``SubjectRefPro`` there.
Every request has a timeout; ``cancel`` (an event the login screen sets) ends a login
with ``CANCELLED``. No token, code or verifier ever goes into a message or a log.
"""

import asyncio
import base64
import json
import logging
import secrets
import time
from collections.abc import Awaitable, Callable, Mapping
from typing import Any, TypeVar
from urllib.parse import parse_qsl, quote, urlencode, urlsplit, urlunsplit

import aiohttp

from sync.id_token_validator import IdTokenValidator
from sync.jwks_cache import JwksCache
from sync.loopback_redirect import LoopbackRedirect
from sync.oidc_discovery import OidcDiscovery
from sync.pkce_pair import PkcePair
from sync.psc_identity import PscIdentity
from sync.psc_login_error import PscFailure, PscLoginError
from sync.psc_settings import PscSettings

log = logging.getLogger("sync.psc")

BrowserOpener = Callable[[str], Awaitable[None]]
CIBA_GRANT = "urn:openid:params:grant-type:ciba"
CIBA_DEFAULT_INTERVAL_S = 5.0
CIBA_SLOW_DOWN_S = 5.0
MAX_RESPONSE_BYTES = 256 * 1024
_T = TypeVar("_T")


class PscLogin:
    """One provider, one client; each login method returns a validated identity."""

    def __init__(
        self,
        settings: PscSettings,
        open_browser: BrowserOpener,
        *,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self._settings = settings
        self._open_browser = open_browser
        self._clock = clock
        self._timeout = aiohttp.ClientTimeout(total=settings.request_timeout_s, connect=5.0)
        self._session: aiohttp.ClientSession | None = None
        self._discovery: OidcDiscovery | None = None
        self._validator: IdTokenValidator | None = None

    async def close(self) -> None:
        if self._session is not None:
            await self._session.close()
            self._session = None

    async def discover(self) -> OidcDiscovery:
        """The provider's metadata, read once (PscLoginError if it cannot be)."""
        if self._discovery is None:
            discovery = await OidcDiscovery.fetch(
                self._client(), self._settings.discovery_url, self._settings.request_timeout_s
            )
            keys = JwksCache(self._client(), discovery.jwks_uri, self._settings.request_timeout_s)
            self._validator = IdTokenValidator(
                discovery,
                self._settings.client_id,
                keys,
                acr=self._settings.acr,
                leeway_s=self._settings.leeway_s,
                clock=self._clock,
            )
            self._discovery = discovery
        return self._discovery

    async def supports_ciba(self) -> bool:
        return (await self.discover()).supports_ciba

    async def validator(self) -> IdTokenValidator:
        await self.discover()
        if self._validator is None:  # pragma: no cover (discover sets both)
            raise RuntimeError("discovery left no validator")
        return self._validator

    async def in_browser(
        self, *, nonce: str | None = None, cancel: asyncio.Event | None = None
    ) -> PscIdentity:
        """The authorization code flow; ``nonce`` as given (a server's challenge) or random."""
        discovery = await self.discover()
        if discovery.code_challenge_methods and "S256" not in discovery.code_challenge_methods:
            raise PscLoginError(PscFailure.NOT_SUPPORTED, "the provider does not offer PKCE S256")
        state = secrets.token_urlsafe(32)
        nonce = nonce or secrets.token_urlsafe(32)
        pkce = PkcePair.create()
        async with LoopbackRedirect(state) as redirect:
            url = _with_query(
                discovery.authorization_endpoint,
                {
                    "response_type": "code",
                    "client_id": self._settings.client_id,
                    "redirect_uri": redirect.uri,
                    "scope": self._settings.scope,
                    "acr_values": self._settings.acr,
                    "state": state,
                    "nonce": nonce,
                    "code_challenge": pkce.challenge,
                    "code_challenge_method": pkce.method,
                },
            )
            log.info("PSC login: opening the browser on the provider's login page")
            await self._open_browser(url)
            answer = await self._until(
                redirect.answer, self._settings.browser_timeout_s, cancel, "the browser login"
            )
        error = answer.get("error")
        if error is not None:
            raise _provider_refusal(error, answer.get("error_description"), "authorization")
        iss = answer.get("iss")
        if (iss is not None or discovery.iss_in_authorization_response) and iss != (
            discovery.issuer
        ):
            # RFC 9207: the answer came from another provider (a mix-up attack).
            raise PscLoginError(
                PscFailure.INVALID_TOKEN, "authorization response from another issuer"
            )
        code = answer.get("code")
        if not code:
            raise PscLoginError(PscFailure.PROVIDER_ERROR, "authorization response without code")
        status, body = await self._post(
            discovery.token_endpoint,
            {
                "grant_type": "authorization_code",
                "code": code,
                "redirect_uri": redirect.uri,
                "code_verifier": pkce.verifier,
            },
            "token",
        )
        if status != 200:
            raise _provider_refusal(body.get("error"), body.get("error_description"), "token")
        return await self._identity(body, nonce)

    async def by_ciba(
        self,
        id_nat_ps: str,
        *,
        binding_message: str | None = None,
        requested_expiry_s: int | None = None,
        cancel: asyncio.Event | None = None,
    ) -> PscIdentity:
        """Backchannel login of the practitioner ``id_nat_ps`` (NOT_SUPPORTED without CIBA).

        CIBA has no nonce: the id_token is bound to this request by the provider's
        client authentication and ``auth_req_id`` instead.
        """
        discovery = await self.discover()
        endpoint = discovery.backchannel_authentication_endpoint
        if endpoint is None:
            raise PscLoginError(PscFailure.NOT_SUPPORTED, "the provider does not offer CIBA")
        form = {
            "scope": self._settings.scope,
            "acr_values": self._settings.acr,
            "login_hint": id_nat_ps,
        }
        if binding_message is not None:
            form["binding_message"] = binding_message
        if requested_expiry_s is not None:
            form["requested_expiry"] = str(requested_expiry_s)
        status, body = await self._post(endpoint, form, "backchannel authentication")
        auth_req_id, expires_in = body.get("auth_req_id"), body.get("expires_in")
        if status != 200:
            raise _provider_refusal(body.get("error"), body.get("error_description"), "CIBA")
        if not isinstance(auth_req_id, str) or not isinstance(expires_in, int | float):
            raise PscLoginError(PscFailure.PROVIDER_ERROR, "CIBA answer without auth_req_id")
        interval = body.get("interval")
        wait_s = float(interval) if isinstance(interval, int | float) and interval > 0 else 0.0
        wait_s = wait_s or CIBA_DEFAULT_INTERVAL_S
        deadline = time.monotonic() + float(expires_in)
        log.info("PSC login: CIBA request sent, polling every %.0f s", wait_s)
        while True:
            # The provider says expired_token once the request expired; this only guards
            # against one that keeps answering authorization_pending for ever.
            if time.monotonic() > deadline + wait_s:
                raise PscLoginError(PscFailure.TIMED_OUT, "the CIBA request expired")
            await self._sleep(wait_s, cancel)
            status, body = await self._post(
                discovery.token_endpoint,
                {"grant_type": CIBA_GRANT, "auth_req_id": auth_req_id},
                "token",
            )
            if status == 200:
                return await self._identity(body, None)
            error = body.get("error")
            log.debug("PSC login: CIBA poll answered %s", error)
            if error == "authorization_pending":
                continue
            if error == "slow_down":
                wait_s += CIBA_SLOW_DOWN_S
                continue
            if error == "expired_token":
                raise PscLoginError(PscFailure.TIMED_OUT, "the CIBA request expired")
            raise _provider_refusal(error, body.get("error_description"), "CIBA token")

    async def _identity(self, tokens: Mapping[str, Any], nonce: str | None) -> PscIdentity:
        id_token, access_token = tokens.get("id_token"), tokens.get("access_token")
        if not isinstance(id_token, str) or not isinstance(access_token, str):
            raise PscLoginError(PscFailure.PROVIDER_ERROR, "token response without tokens")
        if str(tokens.get("token_type", "")).lower() != "bearer":
            raise PscLoginError(PscFailure.PROVIDER_ERROR, "token type is not Bearer")
        validator = await self.validator()
        claims = await validator.validate(id_token, nonce=nonce)
        userinfo = await self._userinfo(access_token)
        if userinfo.get("sub") != claims["sub"]:
            raise PscLoginError(PscFailure.INVALID_TOKEN, "userinfo is about another subject")
        id_nat_ps = userinfo.get("SubjectNameID", claims.get("SubjectNameID"))
        if not isinstance(id_nat_ps, str) or not id_nat_ps:
            raise PscLoginError(PscFailure.INVALID_TOKEN, "no SubjectNameID (idNatPs)")
        auth_time = claims.get("auth_time")
        return PscIdentity(
            sub=claims["sub"],
            id_nat_ps=id_nat_ps,
            given_name=_text(userinfo.get("given_name")),
            family_name=_text(userinfo.get("family_name")),
            professions=_professions(userinfo.get("SubjectRefPro")),
            acr=str(claims.get("acr", "")),
            auth_time=auth_time if isinstance(auth_time, int) else None,
            id_token=id_token,
            access_token=access_token,
        )

    async def _userinfo(self, access_token: str) -> dict[str, Any]:
        discovery = await self.discover()
        if discovery.userinfo_endpoint is None:
            raise PscLoginError(PscFailure.PROVIDER_ERROR, "the provider has no userinfo")
        try:
            async with self._client().get(
                discovery.userinfo_endpoint,
                headers={"Authorization": f"Bearer {access_token}"},
                allow_redirects=False,
            ) as response:
                raw = await response.content.read(MAX_RESPONSE_BYTES + 1)
                status, content_type = response.status, response.content_type
        except (aiohttp.ClientError, TimeoutError, OSError) as exc:
            raise PscLoginError(PscFailure.UNREACHABLE, f"userinfo: {type(exc).__name__}") from None
        if status >= 500:
            raise PscLoginError(PscFailure.UNREACHABLE, f"userinfo: HTTP {status}")
        if status != 200 or len(raw) > MAX_RESPONSE_BYTES:
            raise PscLoginError(PscFailure.PROVIDER_ERROR, f"userinfo: HTTP {status}")
        if content_type == "application/jwt":
            return await self._signed_userinfo(raw)
        try:
            claims = json.loads(raw)
        except ValueError:
            claims = None
        if not isinstance(claims, dict):
            raise PscLoginError(PscFailure.PROVIDER_ERROR, "userinfo: not a JSON object")
        return claims

    async def _signed_userinfo(self, raw: bytes) -> dict[str, Any]:
        text = raw.decode("ascii", "replace").strip()
        if text.count(".") == 4:
            raise PscLoginError(
                PscFailure.NOT_SUPPORTED, "userinfo is encrypted (JWE): not supported"
            )
        claims = await (await self.validator()).verified_claims(text)
        aud = claims.get("aud")
        if aud is not None and self._settings.client_id not in (
            [aud] if isinstance(aud, str) else aud if isinstance(aud, list) else []
        ):
            raise PscLoginError(PscFailure.INVALID_TOKEN, "userinfo is for another client")
        return claims

    async def _post(self, url: str, form: dict[str, str], what: str) -> tuple[int, dict[str, Any]]:
        """(status, JSON object) of a client-authenticated POST; UNREACHABLE on 5xx."""
        headers = {"Accept": "application/json"}
        secret = self._settings.client_secret
        if secret is None:
            form = {**form, "client_id": self._settings.client_id}
        else:
            # RFC 6749 §2.3.1: each part form-encoded before the Basic encoding.
            pair = f"{quote(self._settings.client_id, safe='')}:{quote(secret, safe='')}"
            headers["Authorization"] = "Basic " + base64.b64encode(pair.encode()).decode()
        try:
            async with self._client().post(
                url, data=form, headers=headers, allow_redirects=False
            ) as response:
                raw = await response.content.read(MAX_RESPONSE_BYTES + 1)
                status = response.status
        except (aiohttp.ClientError, TimeoutError, OSError) as exc:
            raise PscLoginError(PscFailure.UNREACHABLE, f"{what}: {type(exc).__name__}") from None
        if status >= 500:
            raise PscLoginError(PscFailure.UNREACHABLE, f"{what}: HTTP {status}")
        try:
            body = json.loads(raw) if len(raw) <= MAX_RESPONSE_BYTES else None
        except ValueError:
            body = None
        if not isinstance(body, dict):
            raise PscLoginError(PscFailure.PROVIDER_ERROR, f"{what}: HTTP {status}, not JSON")
        return status, body

    async def _until(
        self,
        future: "asyncio.Future[_T]",
        timeout_s: float,
        cancel: asyncio.Event | None,
        what: str,
    ) -> _T:
        waiters: set[asyncio.Future[Any]] = {future}
        cancelled = asyncio.ensure_future(cancel.wait()) if cancel is not None else None
        if cancelled is not None:
            waiters.add(cancelled)
        try:
            done, _ = await asyncio.wait(
                waiters, timeout=timeout_s, return_when=asyncio.FIRST_COMPLETED
            )
        finally:
            if cancelled is not None:
                cancelled.cancel()
        if future in done:
            return future.result()
        if cancelled is not None and cancelled in done:
            raise PscLoginError(PscFailure.CANCELLED, f"{what} was cancelled")
        raise PscLoginError(PscFailure.TIMED_OUT, f"{what} got no answer in {timeout_s:.0f} s")

    async def _sleep(self, seconds: float, cancel: asyncio.Event | None) -> None:
        if cancel is None:
            await asyncio.sleep(seconds)
            return
        try:
            await asyncio.wait_for(cancel.wait(), seconds)
        except TimeoutError:
            return
        raise PscLoginError(PscFailure.CANCELLED, "the CIBA login was cancelled")

    def _client(self) -> aiohttp.ClientSession:
        if self._session is None or self._session.closed:
            # No keep-alive: CIBA polls come seconds apart, longer than many servers keep an
            # idle connection (Node closes after 5 s), and a request sent on a connection the
            # server is closing fails with ServerDisconnectedError. A login makes a handful of
            # requests, so a fresh connection for each costs nothing that matters.
            self._session = aiohttp.ClientSession(
                timeout=self._timeout, connector=aiohttp.TCPConnector(force_close=True)
            )
        return self._session


def _with_query(url: str, params: dict[str, str]) -> str:
    parts = urlsplit(url)
    query = parse_qsl(parts.query, keep_blank_values=True) + list(params.items())
    return urlunsplit(parts._replace(query=urlencode(query)))


def _provider_refusal(error: object, description: object, what: str) -> PscLoginError:
    text = f"{what}: {error}" + (f" ({description})" if isinstance(description, str) else "")
    if error in {"access_denied", "consent_required", "login_required", "interaction_required"}:
        return PscLoginError(PscFailure.DENIED, text)
    if error == "expired_token":
        return PscLoginError(PscFailure.TIMED_OUT, text)
    return PscLoginError(PscFailure.PROVIDER_ERROR, text)


def _text(value: object) -> str | None:
    return value if isinstance(value, str) and value else None


def _professions(ref_pro: object) -> tuple[str, ...]:
    exercices = ref_pro.get("exercices") if isinstance(ref_pro, dict) else None
    if not isinstance(exercices, list):
        return ()
    codes = (e.get("codeProfession") for e in exercices if isinstance(e, dict))
    return tuple(code for code in codes if isinstance(code, str))
