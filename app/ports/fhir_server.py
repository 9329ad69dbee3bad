"""The FHIR R4 server as the workstation needs it: an address, a token, a state.

Implemented by ``sync.embedded_backend.EmbeddedBackend`` (the backend the workstation
starts itself); a remote server configured with ``--server`` gets its own adapter with
card login.
"""

from collections.abc import Callable
from typing import Protocol

from app.ports.server_state import ServerState


class FhirServer(Protocol):
    """Start, stop, and what to send requests to."""

    @property
    def base_url(self) -> str | None:
        """``http(s)://host:port`` while running, else None."""

    @property
    def state(self) -> ServerState: ...

    @property
    def restarts(self) -> int:
        """How many times the server had to be restarted after stopping on its own."""

    def on_state_change(self, callback: Callable[[ServerState], None]) -> None: ...

    async def start(self) -> None: ...

    async def stop(self) -> None: ...

    async def token(self) -> str:
        """A bearer token valid for at least a minute (refreshed as needed)."""
