"""e-CPS login for the workstation: Pro Santé Connect, then our server's token, then renewals.

Implements ``app.ports.ecps_gateway.EcpsGateway``. A login goes through
``PscBackendLogin`` (the server's nonce, PSC in the system browser or by CIBA, the
server's token naming the practitioner's RPPS); the token is kept in the shared
``ServerToken`` that sync reads. Renewal is ``POST /auth/session`` with the current
token (``backend.auth.session_authenticator``): an e-CPS session has no card to sign a
fresh challenge, and PSC's own refresh tokens last under 30 minutes.

PSC's failures become the login screen's reasons (``LoginRefusedReason.ECPS_*``); the
messages kept for the log never carry a token.
"""

import asyncio
import logging
from collections.abc import Awaitable, Callable
from urllib.parse import urljoin

import aiohttp

from app.domain.cps_identity import CpsIdentity
from app.domain.login_refused_error import LoginRefusedError
from app.domain.login_refused_reason import LoginRefusedReason
from sync.auth_answer import AuthAnswer
from sync.psc_backend_login import PscBackendLogin
from sync.psc_login import PscLogin
from sync.psc_login_error import PscFailure, PscLoginError
from sync.server_token import ServerToken

log = logging.getLogger("sync.psc")

RENEW_TIMEOUT_S = 10.0
REASONS = {
    PscFailure.CANCELLED: LoginRefusedReason.ECPS_CANCELLED,
    PscFailure.DENIED: LoginRefusedReason.ECPS_DENIED,
    PscFailure.TIMED_OUT: LoginRefusedReason.ECPS_TIMED_OUT,
    PscFailure.INVALID_TOKEN: LoginRefusedReason.ECPS_INVALID,
    PscFailure.UNREACHABLE: LoginRefusedReason.ECPS_UNREACHABLE,
    # The provider refusing the request itself (this client unknown there, say) is a
    # set-up problem the practitioner cannot fix: the card is the way in meanwhile.
    PscFailure.PROVIDER_ERROR: LoginRefusedReason.ECPS_UNAVAILABLE,
    PscFailure.NOT_SUPPORTED: LoginRefusedReason.ECPS_UNAVAILABLE,
    PscFailure.SERVER_REFUSED: LoginRefusedReason.SERVER_REFUSED,
}


class EcpsBackendGateway:
    """One provider, one server; the token goes to ``tokens``."""

    def __init__(
        self,
        psc: PscLogin,
        tokens: ServerToken,
        *,
        until_ready: Callable[[], Awaitable[None]] | None = None,
    ) -> None:
        self._psc = psc
        self._tokens = tokens
        # The embedded backend: a login while it starts waits for it.
        self._until_ready = until_ready
        self._timeout = aiohttp.ClientTimeout(total=RENEW_TIMEOUT_S, connect=5.0)

    async def login(self, cancel: asyncio.Event, *, id_nat_ps: str | None = None) -> CpsIdentity:
        try:
            if self._until_ready is not None:
                await self._until_ready()
            base = self._tokens.base_url()
        except ConnectionError:
            raise LoginRefusedError(LoginRefusedReason.ECPS_UNREACHABLE, "server down") from None
        backend = PscBackendLogin(base, self._psc)
        try:
            if id_nat_ps is not None and await self._psc.supports_ciba():
                session = await backend.by_ciba(id_nat_ps, cancel=cancel)
            else:
                session = await backend.in_browser(cancel=cancel)
        except PscLoginError as exc:
            log.info("e-CPS login failed: %s", exc)
            raise LoginRefusedError(REASONS[exc.failure], exc.failure.value) from None
        identity = session.identity
        if identity.rpps is None or session.practitioner != identity.rpps:
            # The server would act for someone else than the one PSC named.
            raise LoginRefusedError(LoginRefusedReason.SERVER_REFUSED, "identity mismatch")
        self._tokens.keep(session.access_token, base, session.expires_in)
        return CpsIdentity(
            id_nat_ps=identity.id_nat_ps,
            family_name=identity.family_name or "",
            given_name=identity.given_name or "",
            certificate=b"",
        )

    async def renew(self) -> bool:
        token = self._tokens.usable()
        if token is None:
            raise LoginRefusedError(LoginRefusedReason.SERVER_REFUSED, "no valid token to renew")
        try:
            base = self._tokens.base_url()
            async with aiohttp.ClientSession(timeout=self._timeout) as http:
                status, answer = await AuthAnswer.post(
                    http, urljoin(base, "auth/session"), {}, bearer=token
                )
        except ConnectionError as exc:
            log.info("e-CPS session renewal: server unreachable (%s)", exc)
            return False
        if status >= 500 or status == 429:
            return False
        fresh = answer.get("access_token") if answer is not None else None
        expires_in = answer.get("expires_in") if answer is not None else None
        if status != 200 or not isinstance(fresh, str) or not isinstance(expires_in, int):
            reason = AuthAnswer.diagnostics(answer) or f"HTTP {status}"
            raise LoginRefusedError(LoginRefusedReason.SERVER_REFUSED, reason[:200])
        self._tokens.keep(fresh, base, expires_in)
        return True

    def forget(self) -> None:
        self._tokens.forget()
