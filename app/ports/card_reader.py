"""The card readers as the workstation needs them: a watch, a CPS to open, a Vitale to read.

Implemented by ``cardreader.pcsc_card_reader.PcscCardReader`` over PC/SC (pcscd, or the
Windows/macOS smart-card service). The PC/SC calls run on the adapter's own threads;
callbacks and awaited results come back on the asyncio loop.
"""

from collections.abc import Callable
from typing import Protocol

from app.domain.card_reader_state import CardReaderState
from app.domain.vitale_beneficiary import VitaleBeneficiary
from app.ports.cps_card import CpsCard


class CardReader(Protocol):
    """Watches readers and cards; opens the cards the workstation uses."""

    @property
    def state(self) -> CardReaderState: ...

    def on_state_change(self, callback: Callable[[CardReaderState], None]) -> None:
        """``callback`` runs on the asyncio loop with each new snapshot."""

    async def start(self) -> None:
        """Begin watching; the first snapshot (cards already inserted included) follows."""

    async def stop(self) -> None: ...

    async def open_cps(self, reader: str) -> CpsCard:
        """Connect to the CPS in ``reader``, select the IAS application, read its
        authentication certificate and PIN counter.

        Raises ``CardError``: CONTACTLESS, NOT_CPS, UNKNOWN_CARD, NO_CARD, REMOVED,
        NO_READER, NO_SERVICE, UNREADABLE.
        """

    async def read_vitale(self, reader: str) -> tuple[VitaleBeneficiary, ...]:
        """The beneficiaries of the Vitale 2 in ``reader``, in card order.

        Raises ``CardError``: VITALE_1, NOT_VITALE, UNKNOWN_CARD, NO_CARD, REMOVED,
        NO_READER, NO_SERVICE, UNREADABLE.
        """
