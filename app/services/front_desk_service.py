"""The front desk's Carte Vitale: read the holders, find each patient, or create one.

Identity only: Vitale 2 names, birth dates and NIRs (reverse-engineered layout, see
``cardreader.vitale_layout``). Rights data need GIE SESAM-Vitale's licensed module,
behind ``app.ports.sesam_vitale`` (an interface; no implementation is shipped).

Matching is identity vigilance's helper, not its judge: a NIR found on a patient whose
birth date agrees is the match; anything less (a NIR with another birth date, the same
surname and birth date without the NIR, two patients with one NIR) is shown as
candidates for the staff to decide.
"""

from collections.abc import Callable
from datetime import date

from app.audit.audit_entry import AuditAction, AuditRecord
from app.domain.card_error import CardError
from app.domain.card_error_reason import CardErrorReason
from app.domain.card_kind import CardKind
from app.domain.card_reader_state import CardReaderState
from app.domain.change_set import ChangeSet
from app.domain.identifier_system import IdentifierSystem
from app.domain.nir import Nir
from app.domain.patient import Patient
from app.domain.patient_query import PatientQuery
from app.domain.vitale_beneficiary import VitaleBeneficiary
from app.ports.card_reader import CardReader
from app.services.patient_draft import PatientDraft
from app.services.session import Session
from app.services.vitale_match import VitaleMatch
from app.store.encrypted_store import EncryptedStore
from app.store.resource_indexer import ResourceIndexer
from app.store.resource_write import ResourceWrite

# The audit entity of a card read: no patient is known yet, and the NIR stays out of it.
VITALE_READ_ENTITY = "Device/carte-vitale"
MATCH_LIMIT = 50
# The NIR's first digit: 1 and 2 for most people, 3/4 (foreign-born, provisional) and
# 7/8 (temporary numbers) keep the same odd = man, even = woman rule.
_MALE_DIGITS = "137"
_FEMALE_DIGITS = "248"
_CARD_SYSTEMS = frozenset(
    {IdentifierSystem.INS_NIR, IdentifierSystem.INS_NIR_TEST, IdentifierSystem.INS_NIR_DEMO}
)


class FrontDeskService:
    """What the front desk asks of a Carte Vitale and of the patient list."""

    def __init__(
        self,
        store: EncryptedStore,
        cards: CardReader,
        session: Session,
        today: Callable[[], date] = date.today,
    ) -> None:
        self._store = store
        self._cards = cards
        self._session = session
        self._today = today

    @property
    def reader_state(self) -> CardReaderState:
        return self._cards.state

    def on_reader_state(self, callback: Callable[[CardReaderState], None]) -> None:
        self._cards.on_state_change(callback)

    async def read_card(self) -> tuple[VitaleBeneficiary, ...]:
        """The holders of the Vitale in the first reader holding one (``CardError``:
        NO_CARD, VITALE_1 with its own message, REMOVED, UNREADABLE...)."""
        slot = self._cards.state.holding(
            lambda kind: kind.is_vitale,
            [
                (lambda kind: kind is CardKind.UNKNOWN, CardErrorReason.UNKNOWN_CARD),
                (lambda kind: kind.is_cps, CardErrorReason.NOT_VITALE),
            ],
        )
        if slot.kind is CardKind.VITALE_1:
            # Its data are readable only through the licensed module: do not even try.
            raise CardError(CardErrorReason.VITALE_1)
        try:
            holders = await self._cards.read_vitale(slot.reader)
        except CardError:
            await self._store.commit([], [self._read_record("4")])
            raise
        await self._store.commit([], [self._read_record("0")])
        return holders

    async def match(self, beneficiary: VitaleBeneficiary) -> VitaleMatch:
        """The store's patients for this holder (an audited read when one is found)."""
        by_nir = [
            Patient.from_fhir(r)
            for r in await self._store.search_patients(
                PatientQuery(ins_prefix=beneficiary.nir), MATCH_LIMIT
            )
        ]
        by_nir = [p for p in by_nir if _carries_nir(p, beneficiary.nir)]
        consistent = [p for p in by_nir if _same_birth(p, beneficiary)]
        found: Patient | None = consistent[0] if len(consistent) == 1 else None
        candidates: dict[str, Patient] = {p.id: p for p in by_nir if p is not found}
        for p in await self._by_names(beneficiary):
            if p.id not in candidates and (found is None or p.id != found.id):
                candidates[p.id] = p
        if found is not None:
            # Showing the matched chart is an access to it: the read and its audit
            # entry commit together.
            fresh = await self._store.read_audited(
                "Patient", found.id, self._session.record(AuditAction.READ, found.reference)
            )
            found = None if fresh is None else Patient.from_fhir(fresh)
        return VitaleMatch(beneficiary, found, tuple(candidates.values()))

    async def create_patient(
        self, beneficiary: VitaleBeneficiary, system: IdentifierSystem
    ) -> tuple[Patient, ChangeSet]:
        """A new patient from the card: names, birth date, sex from the NIR, and the NIR
        as an FR Core INS identifier of ``system`` (INS-NIR, or INS-NIR-DEMO/TEST for
        synthetic data). Refused (``ValueError``) when the NIR key is wrong."""
        if system not in _CARD_SYSTEMS:
            raise ValueError("a Carte Vitale NIR is an INS-NIR (or its TEST/DEMO systems)")
        if not beneficiary.nir_key_valid:
            raise ValueError("the NIR key on the card is wrong")
        nir = Nir.parse(beneficiary.nir)  # NirError (a ValueError) on a bad key or format
        gender = _gender_of(nir)
        birth = beneficiary.birth_date
        if birth is not None:
            # The form's own rules: required names, date not in the future, NIR agreeing
            # with the sex and the birth year/month (PatientInvalidError, a ValueError).
            patient = PatientDraft(
                family=beneficiary.surname,
                given=beneficiary.first_name,
                birth_date=birth.strftime("%d/%m/%Y"),
                gender=gender,
                nir=nir.value,
                ins_system=system,
            ).validate(self._today())
        else:
            if not beneficiary.surname.strip() or not beneficiary.first_name.strip():
                raise ValueError("the card holds no name for this holder")
            # A lunar birth date (day or month 00...) is not a calendar date: FHIR keeps
            # what is real of it, the year and, when it is one, the month.
            text = beneficiary.birth_date_text
            year, month = text[0:4], text[4:6]
            partial = f"{year}-{month}" if month.isdigit() and 1 <= int(month) <= 12 else year
            patient = Patient(
                id=Patient.new_id(),
                family=" ".join(beneficiary.surname.split()),
                given=" ".join(beneficiary.first_name.split()),
                birth_date=None,
                gender=gender,
                ins=nir,
                ins_system=system,
                source={"birthDate": partial} if year.isdigit() else {},
            )
        changes = await self._store.commit(
            [ResourceWrite("Patient", patient.id, patient.to_fhir())],
            [self._session.record_create(patient.reference)],
        )
        return patient, changes

    async def _by_names(self, beneficiary: VitaleBeneficiary) -> list[Patient]:
        """Patients with the holder's surname and birth date (any NIR or none)."""
        tokens = tuple(beneficiary.surname.replace("-", " ").split())
        if not tokens:
            return []
        rows = await self._store.search_patients(
            PatientQuery(name_tokens=tokens, birth_date=beneficiary.birth_date), MATCH_LIMIT
        )
        wanted = _folded_name(beneficiary.surname)
        found = [Patient.from_fhir(r) for r in rows]
        return [
            p
            for p in found
            if _folded_name(p.family) == wanted
            and (beneficiary.birth_date is not None or _same_birth(p, beneficiary))
        ]

    def _read_record(self, outcome: str) -> AuditRecord:
        return AuditRecord(
            who=self._session.practitioner_ref,
            action=AuditAction.READ,
            entity=VITALE_READ_ENTITY,
            workstation=self._session.workstation,
            outcome=outcome,
        )


def _carries_nir(patient: Patient, nir: str) -> bool:
    """Any INS identifier of the patient (NIR, NIA, TEST, DEMO) with this value."""
    for ident in patient.source.get("identifier", []):
        system = ident.get("system")
        if (
            isinstance(system, str)
            and system in IdentifierSystem._value2member_map_
            and IdentifierSystem(system).is_ins
            and str(ident.get("value", "")).replace(" ", "").upper() == nir.upper()
        ):
            return True
    return False


def _same_birth(patient: Patient, beneficiary: VitaleBeneficiary) -> bool:
    if beneficiary.birth_date is not None:
        return patient.birth_date == beneficiary.birth_date
    # A lunar date: only the year (and month, when real) can agree.
    stored = str(patient.source.get("birthDate", ""))
    text = beneficiary.birth_date_text
    return patient.birth_date is None and bool(stored) and stored.replace("-", "") in text


def _folded_name(name: str) -> str:
    return " ".join(ResourceIndexer.fold(name).replace("-", " ").split())


def _gender_of(nir: Nir) -> str:
    digit = nir.value[0]
    if digit in _MALE_DIGITS:
        return "male"
    if digit in _FEMALE_DIGITS:
        return "female"
    return "unknown"
