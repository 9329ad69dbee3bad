"""One card reader as the workstation sees it: its name and the card in it, if any."""

from dataclasses import dataclass

from app.domain.card_kind import CardKind


@dataclass(frozen=True, slots=True)
class CardSlot:
    """A reader and its card.

    ``insertion`` counts the insertions seen in this reader since the watch began: a card
    pulled and pushed back between two looks is a new insertion, so a lock that follows
    one card (reader, insertion) is never fooled by a quick swap.
    """

    reader: str
    kind: CardKind | None  # None: no card in the reader
    insertion: int = 0

    @property
    def has_card(self) -> bool:
        return self.kind is not None
