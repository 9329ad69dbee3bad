"""The logged-in practitioner's bearer token on the server, whichever login earned it.

The card login (``CpsBackendLogin``) and the e-CPS login (``EcpsBackendGateway``) both
keep the token they obtain here, so sync has one source (``TokenSource``) whatever way
the practitioner logged in. A token is handed out only while it is valid and only to
the server that issued it: the embedded backend restarts on a new port with a new
signing key, and an expired or orphaned token would only earn 401s; ``token()`` raises
``ConnectionError`` then and sync waits, as it does offline.
"""

import time
from collections.abc import Callable


class ServerToken:
    """One token at a time: the last login's."""

    def __init__(
        self,
        base_url: str | Callable[[], str | None],
        *,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        # A callable for the embedded backend, whose address changes when it restarts.
        if isinstance(base_url, str):
            fixed = base_url
            self._base_url: Callable[[], str | None] = lambda: fixed
        else:
            self._base_url = base_url
        self._clock = clock
        self._token: str | None = None
        self._token_url: str | None = None
        self._expires_at: float | None = None

    @property
    def expires_at(self) -> float | None:
        """When the token expires, on ``clock``'s scale; None without a token."""
        return self._expires_at

    @property
    def has_token(self) -> bool:
        return self.usable() is not None

    def base_url(self) -> str:
        """The server's address now, ending in ``/``; ConnectionError while it is down."""
        base = normalised(self._base_url())
        if base is None:
            raise ConnectionError("the server is not running")
        return base

    def keep(self, token: str, url: str, expires_in: int) -> None:
        """The token a login earned from the server at ``url``."""
        self._token, self._token_url = token, normalised(url)
        self._expires_at = self._clock() + expires_in

    def usable(self) -> str | None:
        """The token if it is still valid for the server as it is now."""
        if self._token is None or self._expires_at is None:
            return None
        if self._clock() >= self._expires_at:
            return None
        if self._token_url != normalised(self._base_url()):
            return None  # another server, or ours restarted elsewhere: the token died
        return self._token

    async def token(self) -> str:
        """The bearer token of the logged-in practitioner; ConnectionError without one."""
        token = self.usable()
        if token is None:
            raise ConnectionError("no valid session token: the login must be renewed")
        return token

    def forget(self) -> None:
        """Logout: the token is dropped (it expires on the server by itself)."""
        self._token = self._token_url = self._expires_at = None


def normalised(base: str | None) -> str | None:
    return None if base is None else base.rstrip("/") + "/"
