"""Derives the indexed columns of a FHIR resource: what the UI searches by."""

import unicodedata
from dataclasses import dataclass
from typing import Any

from app.domain.identifier_system import IdentifierSystem

FhirJson = dict[str, Any]

# The element holding the patient and the clinically relevant date, per type.
_PATIENT_PATHS: dict[str, tuple[str, ...]] = {
    "Observation": ("subject",),
    "Encounter": ("subject",),
    "Media": ("subject",),
    "DocumentReference": ("subject",),
    "Flag": ("subject",),
    "Goal": ("subject",),
    "MedicationRequest": ("subject",),
    "QuestionnaireResponse": ("subject",),
    "Communication": ("subject",),
}
_DATE_PATHS: dict[str, tuple[str, ...]] = {
    "Observation": ("effectiveDateTime", "issued"),
    "Encounter": ("period.start",),
    "Appointment": ("start",),
    "Slot": ("start",),
    "Media": ("createdDateTime",),
    "DocumentReference": ("date",),
    "AuditEvent": ("recorded",),
    "MedicationRequest": ("authoredOn",),
}


@dataclass(frozen=True, slots=True)
class PatientRow:
    """The patient_index row and the text the full-text index holds."""

    sort_name: str
    birth_date: str | None
    ins: str | None
    names: str


class ResourceIndexer:
    """Pure functions from FHIR JSON to index values."""

    @staticmethod
    def fold(text: str) -> str:
        """Lower case without accents, so « Élodie » sorts and matches like « elodie »."""
        decomposed = unicodedata.normalize("NFKD", text.casefold())
        return "".join(c for c in decomposed if not unicodedata.combining(c))

    @classmethod
    def generic(cls, res: FhirJson) -> tuple[str | None, str | None]:
        """(patient reference, date) for the generic index columns."""
        rtype = res.get("resourceType", "")
        patient: str | None = None
        if rtype == "Appointment":
            for participant in res.get("participant", []):
                ref = participant.get("actor", {}).get("reference", "")
                if ref.startswith("Patient/"):
                    patient = ref
                    break
        else:
            for path in _PATIENT_PATHS.get(rtype, ()):
                ref = res.get(path, {}).get("reference")
                if isinstance(ref, str):
                    patient = ref
                    break
        date: str | None = None
        for path in _DATE_PATHS.get(rtype, ()):
            value: Any = res
            for part in path.split("."):
                value = value.get(part) if isinstance(value, dict) else None
            if isinstance(value, str):
                date = value
                break
        return patient, date

    @classmethod
    def patient(cls, res: FhirJson) -> PatientRow:
        names = res.get("name") or [{}]
        official = next((n for n in names if n.get("use") == "official"), names[0])
        family = str(official.get("family", ""))
        given = " ".join(official.get("given", []))
        every_name = " ".join(" ".join([n.get("family", ""), *n.get("given", [])]) for n in names)
        ins = next(
            (
                str(i.get("value", ""))
                for i in res.get("identifier", [])
                if i.get("system") in IdentifierSystem._value2member_map_
                and IdentifierSystem(i["system"]).is_ins
            ),
            None,
        )
        return PatientRow(
            sort_name=cls.fold(f"{family} {given}").strip(),
            birth_date=res.get("birthDate"),
            ins=ins,
            names=every_name,
        )
