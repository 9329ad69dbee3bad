"""The server's side of a card login: a challenge to sign, then a token.

Implemented by ``sync.cps_backend_login.CpsBackendLogin`` against the backend's
``/auth/cps/challenge`` and ``/auth/cps/login`` (see ``backend.auth.cps_authenticator``
for the exact bytes signed). The token it obtains is the one sync then uses.
"""

from typing import Protocol


class LoginGateway(Protocol):
    """Raises ``ConnectionError`` when the server cannot be reached (offline login may
    follow) and ``PermissionError`` when it refuses the card (never retried offline)."""

    def signed_message(self, nonce: bytes) -> bytes:
        """The bytes the card must sign for ``nonce``."""

    async def challenge(self) -> bytes:
        """A fresh single-use nonce from the server."""

    async def login(self, certificate: bytes, nonce: bytes, signature: bytes) -> str:
        """Exchange the signed challenge for a session token; returns the practitioner's
        idNatPs as the server understood it. The gateway keeps the token for sync."""
