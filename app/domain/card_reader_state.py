"""Everything the card reader watch knows at one moment: the service and each reader."""

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from app.domain.card_error import CardError
from app.domain.card_error_reason import CardErrorReason
from app.domain.card_kind import CardKind
from app.domain.card_slot import CardSlot

type KindTest = Callable[[CardKind], bool]


@dataclass(frozen=True, slots=True)
class CardReaderState:
    """A snapshot; a new one is published whenever anything in it changes.

    ``service`` is False while the PC/SC service (pcscd, the Windows smart-card service)
    cannot be reached; ``slots`` is then empty. The first snapshot after start already
    holds a card that was in a reader before the workstation started.
    """

    service: bool
    slots: tuple[CardSlot, ...] = ()

    @classmethod
    def unknown(cls) -> "CardReaderState":
        """Before the watch has looked: no service, no reader."""
        return cls(service=False)

    def first(self, wanted: KindTest) -> CardSlot | None:
        """The first reader holding a card of a wanted kind (``CardKind.is_cps``...)."""
        return next((s for s in self.slots if s.kind is not None and wanted(s.kind)), None)

    def slot(self, reader: str) -> CardSlot | None:
        return next((s for s in self.slots if s.reader == reader), None)

    def holding(
        self, wanted: KindTest, instead: Sequence[tuple[KindTest, CardErrorReason]]
    ) -> CardSlot:
        """The first reader holding a wanted card, else ``CardError`` saying why: no
        service, no reader, then the first reason of ``instead`` whose kind of card is
        in a reader (the most telling first), else NO_CARD."""
        if not self.service:
            raise CardError(CardErrorReason.NO_SERVICE)
        if not self.slots:
            raise CardError(CardErrorReason.NO_READER)
        slot = self.first(wanted)
        if slot is not None:
            return slot
        for test, reason in instead:
            if self.first(test) is not None:
                raise CardError(reason)
        raise CardError(CardErrorReason.NO_CARD)
