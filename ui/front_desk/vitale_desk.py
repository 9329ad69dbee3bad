"""What the Carte Vitale dialog needs from the front desk service.

``app.services.front_desk_service.FrontDeskService`` is the real one; tests hand in
``tests.fakes.fake_vitale_desk.FakeVitaleDesk``. Naming the five calls here keeps the
dialog off the store and the card reader, so it can be built and tested without either.
"""

from collections.abc import Callable
from typing import Protocol

from app.domain.card_reader_state import CardReaderState
from app.domain.change_set import ChangeSet
from app.domain.identifier_system import IdentifierSystem
from app.domain.patient import Patient
from app.domain.vitale_beneficiary import VitaleBeneficiary
from app.services.vitale_match import VitaleMatch


class VitaleDesk(Protocol):
    """The readers as they are now and as they change; the card; the patients."""

    @property
    def reader_state(self) -> CardReaderState: ...

    def on_reader_state(self, callback: Callable[[CardReaderState], None]) -> None:
        """``callback`` runs on the loop with each new snapshot (no way to unsubscribe)."""
        ...

    async def read_card(self) -> tuple[VitaleBeneficiary, ...]:
        """The holders of the Vitale in a reader; ``CardError`` says why there are none."""
        ...

    async def match(self, beneficiary: VitaleBeneficiary) -> VitaleMatch: ...

    async def create_patient(
        self, beneficiary: VitaleBeneficiary, system: IdentifierSystem
    ) -> tuple[Patient, ChangeSet]:
        """A new patient from the card; ``ValueError`` when the card's data cannot make one."""
        ...
