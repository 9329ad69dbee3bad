"""Everything the card reader watch knows at one moment: the service and each reader."""

from collections.abc import Callable
from dataclasses import dataclass

from app.domain.card_kind import CardKind
from app.domain.card_slot import CardSlot


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

    def first(self, wanted: Callable[[CardKind], bool]) -> CardSlot | None:
        """The first reader holding a card of a wanted kind (``CardKind.is_cps``...)."""
        return next((s for s in self.slots if s.kind is not None and wanted(s.kind)), None)

    def slot(self, reader: str) -> CardSlot | None:
        return next((s for s in self.slots if s.reader == reader), None)
