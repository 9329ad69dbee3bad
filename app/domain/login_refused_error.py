"""A login that the card accepted but that cannot open a session."""

from app.domain.login_refused_reason import LoginRefusedReason


class LoginRefusedError(Exception):
    """Raised by ``LoginService``; the message is for logs (no secrets, no patient data)."""

    def __init__(self, reason: LoginRefusedReason, detail: str = "") -> None:
        super().__init__(f"{reason.value}{f' ({detail})' if detail else ''}")
        self.reason = reason
