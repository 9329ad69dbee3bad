"""The ``CardReader`` port over PC/SC: the reader watch, the CPS, the Carte Vitale.

Two threads of its own: the watch (:class:`PcscMonitor`, its own PC/SC context) and the
card I/O thread (:class:`CardIo`), where every command to a card runs in order. Results
and snapshots come back on the asyncio loop that called :meth:`start`.
"""

import asyncio
import contextlib
import logging
from collections.abc import Callable

from app.domain.card_error import CardError
from app.domain.card_error_reason import CardErrorReason
from app.domain.card_reader_state import CardReaderState
from app.domain.vitale_beneficiary import VitaleBeneficiary
from app.ports.cps_card import CpsCard
from cardreader.atr_catalogue import AtrCatalogue
from cardreader.card_io import CardIo
from cardreader.pcsc_cps_card import PcscCpsCard
from cardreader.pcsc_monitor import PcscMonitor
from cardreader.vitale_reader import VitaleReader

log = logging.getLogger(__name__)

FIRST_LOOK_S = 3.0


class PcscCardReader:
    """Watches the readers once started; opens the cards the workstation asks for."""

    def __init__(self, catalogue: AtrCatalogue | None = None, *, poll_s: float = 0.5) -> None:
        self._catalogue = catalogue or AtrCatalogue()
        self._state = CardReaderState.unknown()
        self._callbacks: list[Callable[[CardReaderState], None]] = []
        self._io = CardIo()
        self._monitor = PcscMonitor(self._from_watch, self._catalogue, poll_s=poll_s)
        self._loop: asyncio.AbstractEventLoop | None = None
        self._first_look = asyncio.Event()

    @property
    def state(self) -> CardReaderState:
        return self._state

    def on_state_change(self, callback: Callable[[CardReaderState], None]) -> None:
        self._callbacks.append(callback)

    async def start(self) -> None:
        """Start watching; returns once the first look is published (cards already in
        readers included), or after a few seconds when the service does not answer."""
        self._loop = asyncio.get_running_loop()
        self._monitor.start()
        try:
            await asyncio.wait_for(self._first_look.wait(), FIRST_LOOK_S)
        except TimeoutError:
            log.warning("no answer from the smart-card service yet")

    async def stop(self) -> None:
        await asyncio.to_thread(self._monitor.stop)
        await asyncio.to_thread(self._io.shutdown)

    async def open_cps(self, reader: str) -> CpsCard:
        insertion = self._slot_insertion(reader)
        return await self._io.run(
            lambda: PcscCpsCard.open(reader, insertion, self._io, self._catalogue)
        )

    async def read_vitale(self, reader: str) -> tuple[VitaleBeneficiary, ...]:
        self._slot_insertion(reader)
        vitale = VitaleReader(self._catalogue)
        return await self._io.run(lambda: vitale.read(reader))

    def _slot_insertion(self, reader: str) -> int:
        """The insertion of the card in ``reader`` as last seen; CardError when the
        last snapshot already says there is none (the card itself is checked anyway)."""
        if not self._state.service:
            raise CardError(CardErrorReason.NO_SERVICE)
        slot = self._state.slot(reader)
        if slot is None:
            raise CardError(CardErrorReason.NO_READER)
        if not slot.has_card:
            raise CardError(CardErrorReason.NO_CARD)
        return slot.insertion

    def _from_watch(self, state: CardReaderState) -> None:
        """On the watch thread: hand the snapshot to the loop."""
        loop = self._loop
        if loop is None or loop.is_closed():
            return
        # The loop may close between the check and the call: then nobody is left to tell.
        with contextlib.suppress(RuntimeError):
            loop.call_soon_threadsafe(self._apply, state)

    def _apply(self, state: CardReaderState) -> None:
        self._state = state
        self._first_look.set()
        for callback in list(self._callbacks):
            try:
                callback(state)
            except Exception:
                log.exception("card state callback failed")
