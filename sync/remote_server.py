"""A FHIR server the practice runs (``--server URL``): the ``FhirServer`` port for it.

Nothing to start or stop: the server is someone else's process. Its reachability is
what sync sees request by request; the token is the logged-in practitioner's, from
their card login (:class:`CpsBackendLogin` against the same address).
"""

from collections.abc import Callable

from app.ports.server_state import ServerState
from sync.token_source import TokenSource


class RemoteServer:
    """A configured server address and the practitioner's token source."""

    def __init__(self, base_url: str, tokens: TokenSource) -> None:
        self._base_url = base_url.rstrip("/")
        self._tokens = tokens
        self.restarts = 0

    @property
    def base_url(self) -> str | None:
        return self._base_url

    @property
    def state(self) -> ServerState:
        return ServerState.RUNNING

    def on_state_change(self, callback: Callable[[ServerState], None]) -> None:
        """Never called: the state of a remote server is only known request by request."""

    async def start(self) -> None:
        """Nothing to start."""

    async def stop(self) -> None:
        """Nothing to stop."""

    async def token(self) -> str:
        return await self._tokens.token()
