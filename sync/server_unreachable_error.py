"""The server did not answer usably: the network, a timeout, or a 5xx."""


class ServerUnreachableError(Exception):
    """``outcome_unknown``: a write may have been applied although no answer came."""

    def __init__(self, reason: str, *, outcome_unknown: bool) -> None:
        super().__init__(reason)
        self.outcome_unknown = outcome_unknown
