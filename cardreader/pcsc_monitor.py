"""Watches the PC/SC readers and their cards on a thread of its own.

The thread holds its own PC/SC context and waits in ``SCardGetStatusChange`` on every
reader plus ``\\\\?PnP?\\Notification`` (readers plugged or unplugged), waking at least
every ``poll_s`` to list the readers again where the service announces no plug events.
Each change becomes a :class:`CardReaderState` handed to ``publish`` (still on this
thread: the caller moves it to its loop).

- A card already in a reader at start is in the first snapshot.
- The service going away (pcscd stopped, restarted, crashed) publishes ``service=False``
  with no reader; the thread then tries to establish a context again until it works.
- Insertions are counted per reader: pcsc-lite and Windows keep a card event counter in
  the high 16 bits of the reader's event state, so a card pulled and pushed back between
  two looks is a new insertion; so is a card seen again after the service came back,
  since nothing proves it stayed in meanwhile.
"""

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from smartcard import scard

from app.domain.card_kind import CardKind
from app.domain.card_reader_state import CardReaderState
from app.domain.card_slot import CardSlot
from cardreader.atr_catalogue import AtrCatalogue
from cardreader.pcsc_call_error import PcscCallError

log = logging.getLogger(__name__)

PNP_NOTIFICATION = "\\\\?PnP?\\Notification"
POLL_S = 0.5
RETRY_S = 0.5
_COUNTER_SHIFT = 16
_STATE_MASK = 0xFFFF
# A service that wakes us without changing anything must not make the thread spin.
_MIN_CYCLE_S = 0.02


@dataclass
class _Reader:
    event_state: int = scard.SCARD_STATE_UNAWARE
    kind: CardKind | None = None
    insertion: int = 0
    counter: int | None = None


class PcscMonitor:
    """``start`` it once; ``publish`` gets every new snapshot, the first one included."""

    def __init__(
        self,
        publish: Callable[[CardReaderState], None],
        catalogue: AtrCatalogue,
        *,
        poll_s: float = POLL_S,
        retry_s: float = RETRY_S,
    ) -> None:
        self._publish = publish
        self._catalogue = catalogue
        self._poll_ms = int(poll_s * 1000)
        self._retry_s = retry_s
        self._stopping = threading.Event()
        self._context: int | None = None
        self._context_lock = threading.Lock()
        self._readers: dict[str, _Reader] = {}
        self._pnp_state = scard.SCARD_STATE_UNAWARE
        self._last: CardReaderState | None = None
        self._thread = threading.Thread(target=self._run, name="cabinet-card-watch", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self, timeout_s: float = 5.0) -> None:
        """Wake the thread out of its wait and let it end; blocking."""
        self._stopping.set()
        with self._context_lock:
            if self._context is not None:
                scard.SCardCancel(self._context)
        self._thread.join(timeout_s)

    # -- the watch thread ------------------------------------------------------------

    def _run(self) -> None:
        while not self._stopping.is_set():
            try:
                self._watch(self._establish())
            except PcscCallError as exc:
                if self._stopping.is_set():
                    break
                if exc.service_lost or exc.hresult == scard.SCARD_E_INVALID_HANDLE:
                    log.info("smart-card service unavailable (%s)", exc)
                else:
                    log.warning("card watch: %s", exc)
                self._lose_service()
                self._stopping.wait(self._retry_s)
            except Exception:
                # The watch must outlive any surprise: without it nothing locks on removal.
                log.exception("card watch failed; starting over")
                self._lose_service()
                self._stopping.wait(self._retry_s)
        self._release()

    def _establish(self) -> int:
        hresult, context = scard.SCardEstablishContext(scard.SCARD_SCOPE_USER)
        PcscCallError.check("SCardEstablishContext", hresult)
        with self._context_lock:
            self._context = context
        self._pnp_state = scard.SCARD_STATE_UNAWARE
        return int(context)

    def _watch(self, context: int) -> None:
        timeout_ms = 0  # the first look answers at once: cards already in readers
        while not self._stopping.is_set():
            started = time.monotonic()
            names = self._list_readers(context)
            for gone in set(self._readers) - set(names):
                del self._readers[gone]
            query = [
                (name, self._readers.setdefault(name, _Reader()).event_state) for name in names
            ]
            query.append((PNP_NOTIFICATION, self._pnp_state))
            hresult, states = scard.SCardGetStatusChange(context, timeout_ms, query)
            if hresult in (scard.SCARD_E_TIMEOUT, scard.SCARD_E_UNKNOWN_READER):
                # Timeout: list again (plug events not announced everywhere). Unknown
                # reader: one was unplugged between the listing and the wait.
                states = []
            elif hresult == scard.SCARD_E_CANCELLED and self._stopping.is_set():
                return
            else:
                PcscCallError.check("SCardGetStatusChange", hresult)
            for name, event_state, atr in states:
                if name == PNP_NOTIFICATION:
                    self._pnp_state = event_state & ~scard.SCARD_STATE_CHANGED
                elif name in self._readers:
                    self._update(self._readers[name], int(event_state), bytes(atr))
            self._emit(CardReaderState(True, self._slots(names)))
            timeout_ms = self._poll_ms
            spent = time.monotonic() - started
            if spent < _MIN_CYCLE_S and states:
                self._stopping.wait(_MIN_CYCLE_S - spent)

    @staticmethod
    def _list_readers(context: int) -> list[str]:
        hresult, names = scard.SCardListReaders(context, [])
        if hresult in (scard.SCARD_E_NO_READERS_AVAILABLE, scard.SCARD_E_READER_UNAVAILABLE):
            return []
        PcscCallError.check("SCardListReaders", hresult)
        return [str(n) for n in names]

    def _update(self, reader: _Reader, event_state: int, atr: bytes) -> None:
        present = bool(event_state & scard.SCARD_STATE_PRESENT)
        counter = (event_state >> _COUNTER_SHIFT) & _STATE_MASK
        if present:
            fresh = reader.kind is None or (
                reader.counter is not None and counter != reader.counter
            )
            if fresh:
                reader.insertion += 1
            if event_state & scard.SCARD_STATE_MUTE:
                reader.kind = CardKind.UNKNOWN
            else:
                reader.kind = self._catalogue.kind_or_unknown(atr)
        else:
            reader.kind = None
        reader.counter = counter
        reader.event_state = event_state & ~scard.SCARD_STATE_CHANGED

    def _slots(self, names: list[str]) -> tuple[CardSlot, ...]:
        return tuple(
            CardSlot(name, self._readers[name].kind, self._readers[name].insertion)
            for name in names
            if name in self._readers
        )

    def _emit(self, state: CardReaderState) -> None:
        if state != self._last:
            self._last = state
            self._publish(state)

    def _lose_service(self) -> None:
        self._release()
        for reader in self._readers.values():
            # Seen again later, a card counts as a new insertion.
            reader.kind = None
            reader.counter = None
            reader.event_state = scard.SCARD_STATE_UNAWARE
        self._emit(CardReaderState(False))

    def _release(self) -> None:
        with self._context_lock:
            context, self._context = self._context, None
        if context is not None:
            scard.SCardReleaseContext(context)
