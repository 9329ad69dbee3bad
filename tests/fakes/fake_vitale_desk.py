"""An in-memory front desk for GUI tests, with FrontDeskService's API.

It plays the card watch (:meth:`publish` a new snapshot, :meth:`insert` and
:meth:`remove` a card) and answers ``read_card`` from the snapshot as the real service
does: no service, no reader, another card, a Vitale 1, or the holders it was given.
``read_failure`` makes the read itself fail (REMOVED, UNREADABLE...); ``hold`` (and
``hold_create``) keep reads (creations) waiting so a test can see the dialog meanwhile.
``matches`` says what the store holds per NIR; ``create_failure`` refuses a creation.
"""

import asyncio
from collections.abc import Callable

from app.domain.card_error import CardError
from app.domain.card_error_reason import CardErrorReason
from app.domain.card_kind import CardKind
from app.domain.card_reader_state import CardReaderState
from app.domain.card_slot import CardSlot
from app.domain.change_set import ChangeSet
from app.domain.identifier_system import IdentifierSystem
from app.domain.nir import Nir
from app.domain.patient import Patient
from app.domain.vitale_beneficiary import VitaleBeneficiary
from app.services.vitale_match import VitaleMatch

READER = "Lecteur accueil"


class FakeVitaleDesk:
    """``reads``, ``matched`` and ``created`` record what the dialog asked for."""

    def __init__(
        self,
        holders: tuple[VitaleBeneficiary, ...] = (),
        kind: CardKind | None = CardKind.VITALE_2,
    ) -> None:
        self.holders = holders
        self._state = CardReaderState(service=True, slots=(CardSlot(READER, kind, 1),))
        self._listeners: list[Callable[[CardReaderState], None]] = []
        self.read_failure: Exception | None = None
        self.hold: asyncio.Event | None = None
        self.hold_create: asyncio.Event | None = None
        self.matches: dict[str, tuple[Patient | None, tuple[Patient, ...]]] = {}
        self.match_failure: Exception | None = None
        self.create_failure: Exception | None = None
        self.reads = 0
        self.matched: list[VitaleBeneficiary] = []
        self.created: list[tuple[VitaleBeneficiary, IdentifierSystem]] = []

    # -- FrontDeskService's API --------------------------------------------------------

    @property
    def reader_state(self) -> CardReaderState:
        return self._state

    def on_reader_state(self, callback: Callable[[CardReaderState], None]) -> None:
        self._listeners.append(callback)

    async def read_card(self) -> tuple[VitaleBeneficiary, ...]:
        self.reads += 1
        slot = self._state.holding(
            lambda kind: kind.is_vitale,
            [
                (lambda kind: kind is CardKind.UNKNOWN, CardErrorReason.UNKNOWN_CARD),
                (lambda kind: kind.is_cps, CardErrorReason.NOT_VITALE),
            ],
        )
        if slot.kind is CardKind.VITALE_1:
            raise CardError(CardErrorReason.VITALE_1)
        if self.hold is not None:
            await self.hold.wait()
        else:
            await asyncio.sleep(0)  # a real read gives the loop a turn
        if self.read_failure is not None:
            raise self.read_failure
        return self.holders

    async def match(self, beneficiary: VitaleBeneficiary) -> VitaleMatch:
        self.matched.append(beneficiary)
        await asyncio.sleep(0)
        if self.match_failure is not None:
            raise self.match_failure
        patient, candidates = self.matches.get(beneficiary.nir, (None, ()))
        return VitaleMatch(beneficiary, patient, candidates)

    async def create_patient(
        self, beneficiary: VitaleBeneficiary, system: IdentifierSystem
    ) -> tuple[Patient, ChangeSet]:
        if self.hold_create is not None:
            await self.hold_create.wait()
        else:
            await asyncio.sleep(0)
        if self.create_failure is not None:
            raise self.create_failure
        if not beneficiary.nir_key_valid:
            raise ValueError("the NIR key on the card is wrong")
        self.created.append((beneficiary, system))
        patient = Patient(
            id=Patient.new_id(),
            family=beneficiary.surname,
            given=beneficiary.first_name,
            birth_date=beneficiary.birth_date,
            ins=Nir.parse(beneficiary.nir),
            ins_system=system,
        )
        return patient, ChangeSet.of(patient.reference)

    # -- the card watch ----------------------------------------------------------------

    def publish(self, state: CardReaderState) -> None:
        self._state = state
        for callback in list(self._listeners):
            callback(state)

    def insert(self, kind: CardKind = CardKind.VITALE_2) -> None:
        """A card goes into the reader: a new insertion, even of the same card."""
        slot = self._state.slot(READER)
        count = slot.insertion if slot is not None else 0
        self.publish(CardReaderState(service=True, slots=(CardSlot(READER, kind, count + 1),)))

    def remove(self) -> None:
        slot = self._state.slot(READER)
        count = slot.insertion if slot is not None else 0
        self.publish(CardReaderState(service=True, slots=(CardSlot(READER, None, count),)))

    @property
    def listeners(self) -> int:
        return len(self._listeners)
