"""The one error every card operation raises, with a reason the UI can word."""

from app.domain.card_error_reason import CardErrorReason


class CardError(Exception):
    """A card operation did not succeed; ``tries_left`` is set for WRONG_PIN.

    The message is for logs and never holds a PIN, a certificate or patient data.
    """

    def __init__(
        self, reason: CardErrorReason, *, tries_left: int | None = None, detail: str = ""
    ) -> None:
        super().__init__(f"{reason.value}{f' ({detail})' if detail else ''}")
        self.reason = reason
        self.tries_left = tries_left
        self.detail = detail
