"""CPS card login to our backend: its challenge, the card's signature, its bearer token.

Implements ``app.ports.login_gateway.LoginGateway`` against ``POST /auth/cps/challenge``
and ``POST /auth/cps/login`` (shapes and the exact bytes signed in
``backend.auth.cps_authenticator``; this module does not import the backend, it speaks
its HTTP). The token obtained is kept here and handed to sync through :meth:`token`
(``EmbeddedBackend.use_token_source``).

Failures follow the port: the server unreachable, timing out, answering 5xx or 429
(busy) is ``ConnectionError`` (an offline login may follow); a refusal (4xx, or 501
when the server does not offer card login) is ``PermissionError``. Messages carry the
status and the server's diagnostics, never a token, a certificate or a signature.

The token lives ``expires_in`` seconds (15 min on our backend) and dies with a backend
restart; there is no refresh without the card: the workstation calls
``LoginService.renew_online`` (the still-open card signs a fresh challenge) before
:attr:`expires_at`. An expired token, or one from a backend that has moved since
(the embedded one restarts on a new port), is not handed out: :meth:`token` raises
``ConnectionError`` and sync waits as it does offline.
"""

import base64
import binascii
import logging
import time
from collections.abc import Awaitable, Callable
from typing import Any
from urllib.parse import urljoin

import aiohttp

from sync.auth_answer import AuthAnswer
from sync.server_token import ServerToken

log = logging.getLogger("sync.cps")

SIGNED_PREFIX = b"cabinet-cps-login-v1\x00"
REQUEST_TIMEOUT_S = 10.0
CONNECT_TIMEOUT_S = 5.0
MAX_DIAGNOSTICS = 200
NONCE_BYTES = 32
MAX_PENDING = 8


class CpsBackendLogin:
    """The backend's side of a card login; keeps the last token for sync."""

    def __init__(
        self,
        server: ServerToken | str | Callable[[], str | None],
        *,
        timeout_s: float = REQUEST_TIMEOUT_S,
        clock: Callable[[], float] = time.monotonic,
        until_ready: Callable[[], Awaitable[None]] | None = None,
    ) -> None:
        # A ServerToken shared with the e-CPS login (sync uses whichever login came
        # last), or the server's address for a token of its own.
        self._tokens = (
            server if isinstance(server, ServerToken) else ServerToken(server, clock=clock)
        )
        self._timeout = aiohttp.ClientTimeout(total=timeout_s, connect=CONNECT_TIMEOUT_S)
        # The embedded backend: a login while it starts waits for it rather than going
        # offline (a first login offline is refused, which would puzzle a new user).
        self._until_ready = until_ready
        # The challenge as the server wrote it, per nonce: it is sent back verbatim.
        self._pending: dict[bytes, str] = {}

    @property
    def expires_at(self) -> float | None:
        """When the token expires, on ``clock``'s scale; None without a token."""
        return self._tokens.expires_at

    @property
    def has_token(self) -> bool:
        return self._tokens.has_token

    def signed_message(self, nonce: bytes) -> bytes:
        return SIGNED_PREFIX + nonce

    async def challenge(self) -> bytes:
        if self._until_ready is not None:
            await self._until_ready()
        answer = await self._post("auth/cps/challenge", None)
        text = answer.get("challenge")
        if not isinstance(text, str):
            raise PermissionError("the server's challenge answer has no challenge")
        try:
            nonce = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
        except (binascii.Error, ValueError):
            raise PermissionError("the server's challenge is not base64url") from None
        if len(nonce) != NONCE_BYTES:
            raise PermissionError("the server's challenge is not 32 bytes")
        if len(self._pending) >= MAX_PENDING:
            self._pending.pop(next(iter(self._pending)))
        self._pending[nonce] = text
        return nonce

    async def login(self, certificate: bytes, nonce: bytes, signature: bytes) -> str:
        text = self._pending.pop(nonce, None)
        if text is None:
            raise PermissionError("no challenge of this server is pending for that nonce")
        url = self._tokens.base_url()
        answer = await self._post(
            "auth/cps/login",
            {
                "challenge": text,
                "certificate": base64.b64encode(certificate).decode("ascii"),
                "signature": base64.b64encode(signature).decode("ascii"),
            },
        )
        token, expires_in = answer.get("access_token"), answer.get("expires_in")
        rpps = answer.get("practitioner")
        if not isinstance(token, str) or not token or not isinstance(expires_in, int):
            raise PermissionError("the server's answer has no token")
        if not isinstance(rpps, str) or not rpps:
            raise PermissionError("the server's answer names no practitioner")
        self._tokens.keep(token, url, expires_in)
        log.info("CPS login: the server accepted practitioner %s for %d s", rpps, expires_in)
        # The server names the RPPS number; the idNatPs of an RPPS practitioner is 8 + RPPS.
        return "8" + rpps

    async def token(self) -> str:
        """The bearer token of the logged-in practitioner; ConnectionError without one."""
        return await self._tokens.token()

    def forget(self) -> None:
        """Logout: the token is dropped (it expires on the server by itself)."""
        self._tokens.forget()
        self._pending.clear()

    async def _post(self, path: str, body: dict[str, str] | None) -> dict[str, Any]:
        url = urljoin(self._tokens.base_url(), path)
        async with aiohttp.ClientSession(timeout=self._timeout) as session:
            status, answer = await AuthAnswer.post(session, url, body)
        if status == 200 and answer is not None:
            return answer
        reason = f"HTTP {status}"
        diagnostics = AuthAnswer.diagnostics(answer)
        if diagnostics:
            reason += f": {diagnostics[:MAX_DIAGNOSTICS]}"
        if status == 501:
            raise PermissionError(f"the server does not offer card login ({reason})")
        if status >= 500 or status == 429:
            raise ConnectionError(f"the server: {reason}")
        raise PermissionError(f"the server refused the card login ({reason})")
