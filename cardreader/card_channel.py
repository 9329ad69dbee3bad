"""One connection to one card over PC/SC: C-APDUs in, whole answers out.

The channel owns its PC/SC context and card handle; every call blocks, so it runs on
the card reader's I/O thread, never on the asyncio loop. It does the ISO 7816-4 response
chaining cards.md lists: ``61 xx`` → GET RESPONSE ``00 C0 00 00 xx`` until the answer is
complete; ``6C xx`` → the same command again with Le = xx.

A card pulled during a command shows up either as a PC/SC error (a hardware reader) or
as an answer without a status word (vsmartcard's vpcd passes the unanswered command on
as an empty success); both are ``CardError(REMOVED)``.
"""

from collections.abc import Iterator
from contextlib import contextmanager

from smartcard import scard

from app.domain.card_error import CardError
from app.domain.card_error_reason import CardErrorReason
from cardreader.apdu_command import ApduCommand
from cardreader.apdu_response import ApduResponse
from cardreader.pcsc_call_error import PcscCallError
from cardreader.status_word import StatusWord

# No answer of a CPS or a Vitale comes near this; a card that keeps announcing more is
# broken or hostile, and must not make us loop or grow without bound.
MAX_ANSWER_BYTES = 16 * 1024


class CardChannel:
    """A connected card; use as a context manager, or call :meth:`close`."""

    def __init__(self, context: int, handle: int, protocol: int, reader: str, atr: bytes) -> None:
        self._context = context
        self._handle = handle
        self._protocol = protocol
        self.reader = reader
        self.atr = atr
        self._closed = False
        # Set once the card, its reader or the service went away under a command.
        self.lost = False

    @classmethod
    def connect(cls, reader: str) -> "CardChannel":
        """A fresh context and a shared connection to the card in ``reader``.

        Raises ``CardError``: NO_SERVICE, NO_READER, NO_CARD, REMOVED, UNREADABLE.
        """
        hresult, context = scard.SCardEstablishContext(scard.SCARD_SCOPE_USER)
        try:
            PcscCallError.check("SCardEstablishContext", hresult)
            hresult, handle, protocol = scard.SCardConnect(
                context,
                reader,
                scard.SCARD_SHARE_SHARED,
                scard.SCARD_PROTOCOL_T0 | scard.SCARD_PROTOCOL_T1,
            )
            PcscCallError.check("SCardConnect", hresult)
            hresult, _name, _state, _protocol, atr = scard.SCardStatus(handle)
            if hresult != scard.SCARD_S_SUCCESS:
                scard.SCardDisconnect(handle, scard.SCARD_LEAVE_CARD)
                PcscCallError.check("SCardStatus", hresult)
        except PcscCallError as exc:
            if exc.call != "SCardEstablishContext":
                scard.SCardReleaseContext(context)
            raise exc.card_error() from None
        return cls(context, handle, protocol, reader, bytes(atr))

    def __enter__(self) -> "CardChannel":
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """Exclusive use of the card for a sequence of commands (SELECT then READ...),
        so another program's SELECT cannot land in the middle of ours."""
        self._check("SCardBeginTransaction", scard.SCardBeginTransaction(self._handle))
        try:
            yield
        finally:
            # Fails harmlessly when the card or the service left meanwhile.
            scard.SCardEndTransaction(self._handle, scard.SCARD_LEAVE_CARD)

    def transmit(self, command: ApduCommand) -> ApduResponse:
        """Send ``command``; return the complete answer (chained parts joined).

        Raises ``CardError`` (REMOVED, NO_SERVICE, NO_READER, UNREADABLE).
        """
        response = self._exchange(command)
        correct_le = response.status.correct_le
        if correct_le is not None:
            response = self._exchange(
                ApduCommand(
                    command.cla, command.ins, command.p1, command.p2, command.data, correct_le
                )
            )
        data = response.data
        while (available := response.status.bytes_available) is not None:
            get_response = ApduCommand(command.cla & 0x03, 0xC0, 0x00, 0x00, le=available)
            response = self._exchange(get_response)
            correct_le = response.status.correct_le
            if correct_le is not None:
                response = self._exchange(
                    ApduCommand(command.cla & 0x03, 0xC0, 0x00, 0x00, le=correct_le)
                )
            data += response.data
            if len(data) > MAX_ANSWER_BYTES:
                raise CardError(CardErrorReason.UNREADABLE, detail="answer too long")
        return ApduResponse(data, response.status)

    def transmit_ok(self, command: ApduCommand, what: str) -> ApduResponse:
        """As :meth:`transmit`, and the card must answer ``90 00``: anything else is
        ``CardError(UNREADABLE)`` naming ``what`` and the status (never the data)."""
        response = self.transmit(command)
        self.require_success(response.status, what)
        return response

    @staticmethod
    def require_success(status: StatusWord, what: str) -> None:
        """``CardError(UNREADABLE)`` unless ``status`` is ``90 00``."""
        if not status.is_success:
            raise CardError(CardErrorReason.UNREADABLE, detail=f"{what} answered {status}")

    def close(self, *, reset: bool = False) -> None:
        """Disconnect (``reset``: power-cycle the card, which forgets a verified PIN) and
        release the context; never fails, also after removal or a second call."""
        if self._closed:
            return
        self._closed = True
        # No reset for a card already gone: there is nothing to forget, and pcscd's vpcd
        # driver is left unable to see the next card after a reset that fails.
        reset = reset and not self.lost
        disposition = scard.SCARD_RESET_CARD if reset else scard.SCARD_LEAVE_CARD
        scard.SCardDisconnect(self._handle, disposition)
        scard.SCardReleaseContext(self._context)

    def _exchange(self, command: ApduCommand) -> ApduResponse:
        if self._closed:
            raise CardError(CardErrorReason.REMOVED, detail="channel closed")
        hresult, raw = scard.SCardTransmit(self._handle, self._protocol, list(command.to_bytes()))
        try:
            self._check("SCardTransmit", hresult)
        except CardError as exc:
            self.lost = exc.reason is not CardErrorReason.UNREADABLE
            raise
        if len(raw) < 2:
            # No status word: the card went away between command and answer (vpcd), or
            # the reader driver lost the answer. Either way its state is unknown.
            self.lost = True
            raise CardError(CardErrorReason.REMOVED, detail=f"{len(raw)}-byte answer")
        return ApduResponse(bytes(raw[:-2]), StatusWord(raw[-2], raw[-1]))

    @staticmethod
    def _check(call: str, hresult: int) -> None:
        try:
            PcscCallError.check(call, hresult)
        except PcscCallError as exc:
            raise exc.card_error() from None
