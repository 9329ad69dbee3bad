"""A CardReader for unit tests: the test publishes snapshots and says what each reader holds.

The PC/SC adapter itself is tested over pcscd and the card simulator; services only
need the port. ``publish`` plays the card watch; ``cps`` and ``vitale`` map a reader to
the card ``open_cps`` returns and the holders ``read_vitale`` returns (or a CardError
to raise).
"""

from collections.abc import Callable

from app.domain.card_error import CardError
from app.domain.card_error_reason import CardErrorReason
from app.domain.card_reader_state import CardReaderState
from app.domain.vitale_beneficiary import VitaleBeneficiary
from app.ports.cps_card import CpsCard


class FakeCardReader:
    """``state`` is what was last published; ``opened`` lists the readers asked for."""

    def __init__(self, state: CardReaderState | None = None) -> None:
        self._state = state or CardReaderState.unknown()
        self._callbacks: list[Callable[[CardReaderState], None]] = []
        self.cps: dict[str, CpsCard | CardError] = {}
        self.vitale: dict[str, tuple[VitaleBeneficiary, ...] | CardError] = {}
        self.opened: list[str] = []
        self.started = False

    @property
    def state(self) -> CardReaderState:
        return self._state

    def on_state_change(self, callback: Callable[[CardReaderState], None]) -> None:
        self._callbacks.append(callback)

    async def start(self) -> None:
        self.started = True
        self.publish(self._state)

    async def stop(self) -> None:
        self.started = False

    async def open_cps(self, reader: str) -> CpsCard:
        return self._take(self.cps, reader)

    async def read_vitale(self, reader: str) -> tuple[VitaleBeneficiary, ...]:
        return self._take(self.vitale, reader)

    def _take[T](self, held: dict[str, T | CardError], reader: str) -> T:
        """What ``reader`` holds in ``held``: NO_CARD when nothing, the error set there."""
        self.opened.append(reader)
        found = held.get(reader)
        if found is None:
            raise CardError(CardErrorReason.NO_CARD)
        if isinstance(found, CardError):
            raise found
        return found

    def publish(self, state: CardReaderState) -> None:
        self._state = state
        for callback in list(self._callbacks):
            callback(state)
