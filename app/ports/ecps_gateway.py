"""The server's side of an e-CPS login (Pro Santé Connect): PSC vouches, the server issues.

Implemented by ``sync.ecps_backend_gateway.EcpsBackendGateway`` (the browser or CIBA flow
of ``sync.psc_login`` and the backend's ``/auth/psc`` and ``/auth/session``). The token
it obtains is the one sync then uses. There is no offline e-CPS login: without PSC and
the server nobody can vouch for the practitioner.
"""

import asyncio
from typing import Protocol

from app.domain.cps_identity import CpsIdentity


class EcpsGateway(Protocol):
    """Every failure is ``LoginRefusedError`` with an ``ECPS_*`` reason or SERVER_REFUSED."""

    async def login(self, cancel: asyncio.Event, *, id_nat_ps: str | None = None) -> CpsIdentity:
        """The practitioner PSC vouched for (``certificate`` empty: there is no card).
        ``id_nat_ps`` given: a request pushed to that practitioner's e-CPS app (CIBA)
        where the provider offers it, else the system browser."""

    async def renew(self) -> bool:
        """A fresh server token for the session, before the current one expires. False
        when the server cannot be reached; LoginRefusedError when it refuses (the
        session reached its maximum length, or the token already expired)."""

    def forget(self) -> None:
        """The session ended: drop the token."""
