"""A small PC/SC client for tests, on pyscard's ``smartcard.scard`` API.

The tests talk to pcscd the way the application will, but through the plain PC/SC
calls, so a failure points at pcscd, vpcd or the simulator rather than at our own
reader code. The low-level API is used (not ``CardConnection``) because its objects
have no destructor: after a card is pulled or pcscd restarts, a ``CardConnection``
fails to disconnect again in ``__del__`` and pytest reports that as an error.
"""

import time
from types import TracebackType

from smartcard import scard

# pcscd checks vpcd's slots every 400 ms; a few cycles is plenty.
CARD_TIMEOUT_S = 5.0


class PcscError(Exception):
    """A PC/SC call failed; ``hresult`` is its code (e.g. ``scard.SCARD_W_REMOVED_CARD``)."""

    def __init__(self, call: str, hresult: int) -> None:
        super().__init__(
            f"{call}: {scard.SCardGetErrorMessage(hresult)} ({hresult & 0xFFFFFFFF:#x})"
        )
        self.hresult = hresult


def _check(call: str, hresult: int) -> None:
    if hresult != scard.SCARD_S_SUCCESS:
        raise PcscError(call, hresult)


class PcscCardHandle:
    """A connection to the card in one reader."""

    def __init__(self, handle: int, protocol: int) -> None:
        self._handle = handle
        self._protocol = protocol

    @property
    def atr(self) -> bytes:
        hresult, _reader, _state, _protocol, atr = scard.SCardStatus(self._handle)
        _check("SCardStatus", hresult)
        return bytes(atr)

    def transmit(self, apdu: bytes) -> bytes:
        hresult, response = scard.SCardTransmit(self._handle, self._protocol, list(apdu))
        _check("SCardTransmit", hresult)
        return bytes(response)

    def disconnect(self) -> None:
        """Leave the card powered; errors (card gone, pcscd gone) are ignored."""
        scard.SCardDisconnect(self._handle, scard.SCARD_LEAVE_CARD)


class PcscClient:
    """One PC/SC context; use as a context manager."""

    def __init__(self) -> None:
        hresult, context = scard.SCardEstablishContext(scard.SCARD_SCOPE_USER)
        _check("SCardEstablishContext", hresult)
        self._context: int = context

    def close(self) -> None:
        scard.SCardReleaseContext(self._context)

    def __enter__(self) -> "PcscClient":
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    def readers(self) -> list[str]:
        hresult, readers = scard.SCardListReaders(self._context, [])
        if hresult == scard.SCARD_E_NO_READERS_AVAILABLE:
            return []
        _check("SCardListReaders", hresult)
        return [str(name) for name in readers]

    def state(self, reader: str) -> int:
        """The reader's current ``SCARD_STATE_*`` flags."""
        hresult, states = scard.SCardGetStatusChange(
            self._context, 0, [(reader, scard.SCARD_STATE_UNAWARE)]
        )
        _check("SCardGetStatusChange", hresult)
        return int(states[0][1])

    def card_present(self, reader: str) -> bool:
        return bool(self.state(reader) & scard.SCARD_STATE_PRESENT)

    def wait_for_card(
        self, reader: str, *, present: bool = True, timeout: float = CARD_TIMEOUT_S
    ) -> float:
        """Wait until a card is in ``reader`` (or gone); return the seconds it took."""
        start = time.monotonic()
        while self.card_present(reader) != present:
            if time.monotonic() - start > timeout:
                raise TimeoutError(f"{reader}: card still {'absent' if present else 'present'}")
            time.sleep(0.02)
        return time.monotonic() - start

    def connect(self, reader: str) -> PcscCardHandle:
        hresult, handle, protocol = scard.SCardConnect(
            self._context,
            reader,
            scard.SCARD_SHARE_SHARED,
            scard.SCARD_PROTOCOL_T0 | scard.SCARD_PROTOCOL_T1,
        )
        _check("SCardConnect", hresult)
        return PcscCardHandle(handle, protocol)
