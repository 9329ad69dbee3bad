"""How a caller proves who they are before the server issues a bearer token.

Each authenticator answers ``POST /auth/<name>``: it checks the request's
``Authorization`` header (its own scheme) and JSON body, and names the practitioner the
token will be issued to. The bootstrap secret is the first; the card-login issue adds
the CPS challenge and Pro Santé Connect beside it without touching the HTTP layer.
"""

from collections.abc import Mapping
from typing import Any, Protocol

from backend.auth.principal import Principal


class Authenticator(Protocol):
    """One way to earn a token."""

    @property
    def name(self) -> str:
        """The path segment of its endpoint: ``/auth/<name>``."""

    @property
    def scheme(self) -> str:
        """The ``Authorization`` scheme it expects (``Bootstrap``), for the 401 challenge."""

    async def authenticate(self, authorization: str | None, body: Mapping[str, Any]) -> Principal:
        """The practitioner vouched for; raises AuthError (401) or ValueError (400)."""
