"""The front desk's Carte Vitale: read the holders, find each patient, or create one.

Identity only: Vitale 2 names, birth dates and NIRs (reverse-engineered layout, see
``cardreader.vitale_layout``). Rights data need GIE SESAM-Vitale's licensed module,
behind ``app.ports.sesam_vitale`` (an interface; no implementation is shipped).
"""

from collections.abc import Callable

from app.domain.card_reader_state import CardReaderState
from app.domain.change_set import ChangeSet
from app.domain.identifier_system import IdentifierSystem
from app.domain.patient import Patient
from app.domain.vitale_beneficiary import VitaleBeneficiary
from app.ports.card_reader import CardReader
from app.services.session import Session
from app.services.vitale_match import VitaleMatch
from app.store.encrypted_store import EncryptedStore


class FrontDeskService:
    """What the front desk asks of a Carte Vitale and of the patient list."""

    def __init__(self, store: EncryptedStore, cards: CardReader, session: Session) -> None:
        raise NotImplementedError

    @property
    def reader_state(self) -> CardReaderState: ...

    def on_reader_state(self, callback: Callable[[CardReaderState], None]) -> None: ...

    async def read_card(self) -> tuple[VitaleBeneficiary, ...]:
        """The holders of the Vitale in the first reader holding one (``CardError``:
        NO_CARD, VITALE_1 with its own message, REMOVED, UNREADABLE...)."""
        raise NotImplementedError

    async def match(self, beneficiary: VitaleBeneficiary) -> VitaleMatch:
        """The store's patients for this holder (an audited read when one is found)."""
        raise NotImplementedError

    async def create_patient(
        self, beneficiary: VitaleBeneficiary, system: IdentifierSystem
    ) -> tuple[Patient, ChangeSet]:
        """A new patient from the card: names, birth date, sex from the NIR, and the NIR
        as an FR Core INS identifier of ``system`` (INS-NIR, or INS-NIR-DEMO/TEST for
        synthetic data). Refused (``ValueError``) when the NIR key is wrong."""
        raise NotImplementedError
