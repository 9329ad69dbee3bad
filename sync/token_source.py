"""Whatever hands out the bearer token sync sends: the embedded backend's bootstrap, or a
practitioner's login (``sync.cps_backend_login.CpsBackendLogin``)."""

from typing import Protocol


class TokenSource(Protocol):
    """``token()`` raises ConnectionError when it has none to give (sync then waits)."""

    async def token(self) -> str: ...
