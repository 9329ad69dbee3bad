"""A PC/SC call that failed, and what that means for a card operation.

pcsc-lite and the Windows smart-card service report failures as ``SCARD_*`` codes; the
workstation only needs to know whether the service, the reader or the card went away,
or whether the card answered in a way we cannot use.
"""

from smartcard import scard

from app.domain.card_error import CardError
from app.domain.card_error_reason import CardErrorReason

_SERVICE = {scard.SCARD_E_NO_SERVICE, scard.SCARD_E_SERVICE_STOPPED}
_READER = {
    scard.SCARD_E_UNKNOWN_READER,
    scard.SCARD_E_READER_UNAVAILABLE,
    scard.SCARD_E_NO_READERS_AVAILABLE,
}
# A reset by another program, or a power loss, clears the card's verified PIN: for the
# workstation that is the card it logged in with no longer being the same session.
_CARD_GONE = {
    scard.SCARD_W_REMOVED_CARD,
    scard.SCARD_W_RESET_CARD,
    scard.SCARD_W_UNPOWERED_CARD,
    scard.SCARD_E_INVALID_HANDLE,
    scard.SCARD_E_NOT_TRANSACTED,
}


class PcscCallError(Exception):
    """``call`` returned ``hresult``; :attr:`reason` is what the workstation acts on."""

    def __init__(self, call: str, hresult: int) -> None:
        super().__init__(
            f"{call}: {scard.SCardGetErrorMessage(hresult)} ({hresult & 0xFFFFFFFF:#x})"
        )
        self.call = call
        self.hresult = hresult

    @staticmethod
    def check(call: str, hresult: int) -> None:
        """Raise unless ``hresult`` is success."""
        if hresult != scard.SCARD_S_SUCCESS:
            raise PcscCallError(call, hresult)

    @property
    def service_lost(self) -> bool:
        return self.hresult in _SERVICE

    @property
    def reason(self) -> CardErrorReason:
        if self.hresult in _SERVICE:
            return CardErrorReason.NO_SERVICE
        if self.hresult in _READER:
            return CardErrorReason.NO_READER
        if self.hresult == scard.SCARD_E_NO_SMARTCARD:
            return CardErrorReason.NO_CARD
        if self.hresult in _CARD_GONE:
            return CardErrorReason.REMOVED
        # Mute or unsupported card, protocol mismatch, another program holding the card
        # exclusively, transport errors: nothing the user can fix but by trying again.
        return CardErrorReason.UNREADABLE

    def card_error(self) -> CardError:
        return CardError(self.reason, detail=str(self))
