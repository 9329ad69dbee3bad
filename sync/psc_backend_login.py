"""e-CPS login to our FHIR server: PSC vouches for the practitioner, the server issues a token.

The browser login asks the server for a nonce first (``POST /auth/psc/challenge``), so
the id_token PSC issues is good for this one login to this one server; CIBA has no
nonce and goes without. PSC's id_token and access token then go to
``POST /auth/psc/login``, which checks them with PSC itself and answers with the
server's own bearer token naming the practitioner's RPPS number. This is our backend's
protocol: a third-party FHIR server authenticates PSC users its own way.

Failures are PscLoginError: the server refusing is ``SERVER_REFUSED`` (its
OperationOutcome's text, which never carries a token), the server not offering PSC
login ``NOT_SUPPORTED``, the server or PSC not answering ``UNREACHABLE``.
"""

import asyncio
import logging
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urljoin

import aiohttp

from sync.auth_answer import AuthAnswer
from sync.psc_identity import PscIdentity
from sync.psc_login import PscLogin
from sync.psc_login_error import PscFailure, PscLoginError

log = logging.getLogger("sync.psc")

REQUEST_TIMEOUT_S = 30.0  # the server asks PSC's userinfo before it answers


@dataclass(frozen=True, slots=True)
class BackendSession:
    """The server's bearer token for the practitioner PSC vouched for."""

    access_token: str = field(repr=False)
    expires_in: int
    practitioner: str
    identity: PscIdentity


class PscBackendLogin:
    """``await in_browser()`` or ``await by_ciba(id_nat_ps)`` → a :class:`BackendSession`."""

    def __init__(
        self, base_url: str, psc: PscLogin, *, timeout_s: float = REQUEST_TIMEOUT_S
    ) -> None:
        self._base_url = base_url.rstrip("/") + "/"
        self._psc = psc
        self._timeout = aiohttp.ClientTimeout(total=timeout_s, connect=5.0)

    async def in_browser(self, *, cancel: asyncio.Event | None = None) -> BackendSession:
        async with aiohttp.ClientSession(timeout=self._timeout) as session:
            answer = await self._post(session, "auth/psc/challenge", None)
            nonce = answer.get("nonce")
            if not isinstance(nonce, str) or not nonce:
                raise PscLoginError(PscFailure.SERVER_REFUSED, "the server gave no nonce")
            identity = await self._psc.in_browser(nonce=nonce, cancel=cancel)
            return await self._exchange(session, identity)

    async def by_ciba(
        self,
        id_nat_ps: str,
        *,
        binding_message: str | None = None,
        cancel: asyncio.Event | None = None,
    ) -> BackendSession:
        identity = await self._psc.by_ciba(
            id_nat_ps, binding_message=binding_message, cancel=cancel
        )
        async with aiohttp.ClientSession(timeout=self._timeout) as session:
            return await self._exchange(session, identity)

    async def _exchange(
        self, session: aiohttp.ClientSession, identity: PscIdentity
    ) -> BackendSession:
        answer = await self._post(
            session,
            "auth/psc/login",
            {"id_token": identity.id_token, "access_token": identity.access_token},
        )
        token, expires_in = answer.get("access_token"), answer.get("expires_in")
        practitioner = answer.get("practitioner")
        if not isinstance(token, str) or not isinstance(expires_in, int):
            raise PscLoginError(PscFailure.SERVER_REFUSED, "the server's answer has no token")
        log.info("PSC login: the server accepted practitioner %s", practitioner)
        return BackendSession(token, expires_in, str(practitioner), identity)

    async def _post(
        self, session: aiohttp.ClientSession, path: str, body: dict[str, str] | None
    ) -> dict[str, Any]:
        try:
            status, answer = await AuthAnswer.post(session, urljoin(self._base_url, path), body)
        except ConnectionError as exc:
            raise PscLoginError(PscFailure.UNREACHABLE, str(exc)) from None
        if status == 200 and answer is not None:
            return answer
        reason = AuthAnswer.diagnostics(answer) or f"HTTP {status}"
        if status in {404, 501}:
            raise PscLoginError(PscFailure.NOT_SUPPORTED, f"the server: {reason}")
        if status >= 500:
            raise PscLoginError(PscFailure.UNREACHABLE, f"the server: {reason}")
        raise PscLoginError(PscFailure.SERVER_REFUSED, f"the server: {reason}")
