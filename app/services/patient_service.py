"""Patient search, chart opening (an audited read) and identity edits."""

from collections.abc import Callable
from datetime import date

from app.audit.audit_entry import AuditAction
from app.domain.change_set import ChangeSet
from app.domain.patient import Patient
from app.domain.patient_query import PatientQuery
from app.services.patient_draft import PatientDraft
from app.services.session import Session
from app.store.encrypted_store import EncryptedStore
from app.store.resource_write import ResourceWrite

SEARCH_LIMIT = 200


class PatientService:
    """What the Patients section asks of the store, with the audit it owes."""

    def __init__(
        self,
        store: EncryptedStore,
        session: Session,
        today: Callable[[], date] = date.today,
    ) -> None:
        self._store = store
        self._session = session
        self._today = today

    async def search(self, text: str, limit: int = SEARCH_LIMIT) -> list[Patient]:
        """Patients matching a name, a birth date (jj/mm/aaaa) or an INS, as typed.

        Listing search results is not an access to a chart, so it is not audited;
        opening one is.
        """
        query = PatientQuery.parse(text, self._today())
        rows = await self._store.search_patients(query, limit)
        return [Patient.from_fhir(r) for r in rows]

    async def open_chart(self, patient_id: str) -> Patient | None:
        """The patient's chart; the read and its audit entry commit together."""
        ref = f"Patient/{patient_id}"
        res = await self._store.read_audited(
            "Patient", patient_id, self._session.record(AuditAction.READ, ref)
        )
        return None if res is None else Patient.from_fhir(res)

    async def save(
        self, draft: PatientDraft, base: Patient | None = None
    ) -> tuple[Patient, ChangeSet]:
        """Create (``base`` None) or update a patient; PatientInvalidError if the draft is wrong."""
        patient = draft.validate(self._today(), base)
        action = AuditAction.CREATE if base is None else AuditAction.UPDATE
        changes = await self._store.commit(
            # The copy the form was filled from: a change synced meanwhile is merged,
            # not undone.
            [
                ResourceWrite(
                    "Patient",
                    patient.id,
                    patient.to_fhir(),
                    base=None if base is None else base.to_fhir(),
                )
            ],
            [self._session.record(action, patient.reference)],
        )
        return patient, changes
