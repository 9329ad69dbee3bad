"""The server answered but will not let us in (401/403): no retry will change that."""


class ServerRefusedError(Exception):
    """Carries the HTTP status; a fresh token is tried once before this is raised."""

    def __init__(self, status: int) -> None:
        super().__init__(f"HTTP {status}")
        self.status = status
