"""Renewing a session without a new proof: ``POST /auth/session`` with the current token.

A CPS card session renews by signing a fresh challenge (the card is in the reader, so
the practitioner is there). An e-CPS session has nothing to sign: Pro Santé Connect's
refresh tokens last under 30 minutes and its logins need the practitioner's phone. The
workstation guards presence itself (idle lock after 30 minutes, card or e-CPS to
unlock), so the server lets a still-valid token be exchanged for a fresh one, keeping
the time of the original proof (``auth_time``): after ``max_session_s`` (a working day
by default) the practitioner must log in again.

``Authorization: Bearer <the current token>``, body ``{}``; the answer is the usual
token response. An expired, forged or too-old token is a 401.
"""

import time
from collections.abc import Callable, Mapping
from typing import Any

from backend.auth.auth_error import AuthError
from backend.auth.principal import Principal
from backend.auth.token_issuer import TokenIssuer

DEFAULT_MAX_SESSION_S = 10 * 3600


class SessionAuthenticator:
    """Vouches again for the practitioner a valid token names, within the session's span."""

    name = "session"
    scheme = "Bearer"

    def __init__(
        self,
        issuer: TokenIssuer,
        max_session_s: int = DEFAULT_MAX_SESSION_S,
        *,
        clock: Callable[[], float] = time.time,
    ) -> None:
        if max_session_s < 1:
            raise ValueError("the maximum session length must be positive")
        self._issuer = issuer
        self._max_session_s = max_session_s
        self._clock = clock

    async def authenticate(
        self,
        authorization: str | None,
        body: Mapping[str, Any],  # noqa: ARG002 - the token says it all
    ) -> Principal:
        scheme, _, credentials = (authorization or "").partition(" ")
        if scheme.lower() != "bearer" or not credentials.strip():
            raise AuthError("the session's bearer token is required", scheme=self.scheme)
        principal = self._issuer.verify(credentials.strip())
        started = principal.session_start
        if started is None or self._clock() - started >= self._max_session_s:
            raise AuthError(
                "the session is over: log in again", scheme=self.scheme, error="invalid_token"
            )
        return principal
