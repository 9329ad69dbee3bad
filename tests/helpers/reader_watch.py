"""Waiting on the loop for the card reader to publish a given situation (tests, bench)."""

import asyncio
from collections.abc import Callable

from app.domain.card_kind import CardKind
from app.domain.card_reader_state import CardReaderState
from app.ports.card_reader import CardReader

WAIT_S = 5.0


class ReaderWatch:
    """The snapshots the reader published since, and a way to wait for one."""

    def __init__(self, cards: CardReader) -> None:
        self.states: list[CardReaderState] = []
        self._changed = asyncio.Event()
        cards.on_state_change(self._seen)

    def _seen(self, state: CardReaderState) -> None:
        self.states.append(state)
        self._changed.set()

    async def until(
        self, test: Callable[[CardReaderState], bool], within_s: float = WAIT_S
    ) -> CardReaderState:
        """The first snapshot (the last published, or a later one) that passes ``test``;
        AssertionError listing what was seen when none does within ``within_s``."""
        try:
            async with asyncio.timeout(within_s):
                while not self.states or not test(self.states[-1]):
                    self._changed.clear()
                    await self._changed.wait()
        except TimeoutError:
            raise AssertionError(f"not reached in {within_s} s; seen {self.states}") from None
        return self.states[-1]

    @staticmethod
    def kind_in(reader: str, kind: CardKind | None) -> Callable[[CardReaderState], bool]:
        """``reader`` holds a card of ``kind`` (None: no card), the service running."""

        def test(state: CardReaderState) -> bool:
            slot = state.slot(reader)
            return state.service and slot is not None and slot.kind is kind

        return test
