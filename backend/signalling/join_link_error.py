"""Why a patient's join link was refused, in words safe to show (never the link itself)."""


class JoinLinkError(Exception):
    """``reason`` is one of: malformed, forged, expired, other-room."""

    def __init__(self, reason: str) -> None:
        super().__init__(f"join link refused: {reason}")
        self.reason = reason
