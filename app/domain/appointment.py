"""An appointment as the agenda shows it, read from and written back to FHIR R4.

FHIR mapping (R4 Appointment): ``start``/``end``/``minutesDuration``; participants:
the patient (``Patient/…``) and the practitioner (``Practitioner/…``, type PPRF);
``serviceType`` SNOMED CT 448337001 for a teleconsultation, 11429006 in person;
``description`` the reason as typed (also ``reasonCode.text``); ``comment`` the note;
``cancelationReason.text`` why it was cancelled; ``slot`` the free Slot it was booked
from. A recurring series is an identifier (``SERIES_SYSTEM`` | series id) shared by
its appointments, each a complete Appointment of its own (R4 has no recurrence), so
sync and other FHIR clients see ordinary appointments.

Writing back (:meth:`Appointment.apply`) changes only the elements the agenda owns on
the JSON it was read from, so what another system put there survives an edit.
"""

import copy
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from app.domain.appointment_status import AppointmentStatus
from app.domain.fhir_code import FhirCode

FhirJson = dict[str, Any]

SERIES_SYSTEM = "urn:cabinet:appointment-series"


@dataclass(frozen=True, slots=True)
class Appointment:
    """Aware ``start`` and ``end``; references as ``Type/id``."""

    id: str
    start: datetime
    end: datetime
    status: AppointmentStatus
    practitioner_ref: str
    practitioner_name: str
    patient_ref: str | None
    patient_name: str
    reason: str = ""
    note: str = ""
    teleconsultation: bool = False
    series_id: str | None = None
    cancel_reason: str = ""
    slot_ref: str | None = None

    @property
    def ref(self) -> str:
        return f"Appointment/{self.id}"

    @property
    def minutes(self) -> int:
        return int((self.end - self.start).total_seconds() // 60)

    def overlaps(self, start: datetime, end: datetime) -> bool:
        return self.start < end and start < self.end

    @classmethod
    def from_fhir(cls, res: FhirJson) -> "Appointment":
        """ValueError when it has no start, end or practitioner: not an agenda entry."""
        start, end = _instant(res.get("start")), _instant(res.get("end"))
        if start is None or end is None or end <= start:
            raise ValueError("an appointment needs a start before its end")
        practitioner: tuple[str, str] | None = None
        patient: tuple[str, str] | None = None
        for participant in res.get("participant", []):
            actor = participant.get("actor", {}) if isinstance(participant, dict) else {}
            ref = actor.get("reference")
            if not isinstance(ref, str):
                continue
            shown = actor.get("display")
            display = shown if isinstance(shown, str) else ""
            if ref.startswith("Practitioner/") and practitioner is None:
                practitioner = (ref, display)
            elif ref.startswith("Patient/") and patient is None:
                patient = (ref, display)
        if practitioner is None:
            raise ValueError("an appointment needs a practitioner")
        series = next(
            (
                i.get("value")
                for i in res.get("identifier", [])
                if isinstance(i, dict) and i.get("system") == SERIES_SYSTEM
            ),
            None,
        )
        slots = [s.get("reference") for s in res.get("slot", []) if isinstance(s, dict)]
        return cls(
            id=str(res["id"]),
            start=start,
            end=end,
            status=AppointmentStatus.from_fhir(res.get("status")),
            practitioner_ref=practitioner[0],
            practitioner_name=practitioner[1],
            patient_ref=patient[0] if patient else None,
            patient_name=patient[1] if patient else "",
            reason=str(res.get("description") or _first_text(res.get("reasonCode")) or ""),
            note=str(res.get("comment") or ""),
            teleconsultation=any(
                c.get("code") == FhirCode.TELECONSULTATION
                for concept in res.get("serviceType", [])
                if isinstance(concept, dict)
                for c in concept.get("coding", [])
                if isinstance(c, dict)
            ),
            series_id=series if isinstance(series, str) else None,
            cancel_reason=str((res.get("cancelationReason") or {}).get("text") or ""),
            slot_ref=next((s for s in slots if isinstance(s, str)), None),
        )

    def apply(self, base: FhirJson | None) -> FhirJson:
        """``base`` (the stored JSON, or None for a new one) with this appointment's
        values; everything else in ``base`` is kept."""
        res: FhirJson = copy.deepcopy(base) if base is not None else {"resourceType": "Appointment"}
        res["id"] = self.id
        res["status"] = self.status.value
        res["start"] = self.start.isoformat(timespec="seconds")
        res["end"] = self.end.isoformat(timespec="seconds")
        res["minutesDuration"] = self.minutes
        code, display = (
            (FhirCode.TELECONSULTATION, "Téléconsultation")
            if self.teleconsultation
            else (FhirCode.CONSULTATION, "Consultation")
        )
        coding = {"system": FhirCode.SNOMED, "code": code}
        res["serviceType"] = [{"coding": [coding], "text": display}]
        _set_text(res, "description", self.reason)
        if self.reason:
            res["reasonCode"] = [{"text": self.reason}]
        else:
            res.pop("reasonCode", None)
        _set_text(res, "comment", self.note)
        if self.status is AppointmentStatus.CANCELLED and self.cancel_reason:
            res["cancelationReason"] = {"text": self.cancel_reason}
        else:
            res.pop("cancelationReason", None)
        others = [
            i
            for i in res.get("identifier", [])
            if not (isinstance(i, dict) and i.get("system") == SERIES_SYSTEM)
        ]
        if self.series_id is not None:
            others.append({"system": SERIES_SYSTEM, "value": self.series_id})
        if others:
            res["identifier"] = others
        else:
            res.pop("identifier", None)
        if self.slot_ref is not None:
            res["slot"] = [{"reference": self.slot_ref}]
        else:
            res.pop("slot", None)
        res["participant"] = self._participants(res.get("participant", []))
        return res

    def _participants(self, existing: list[Any]) -> list[FhirJson]:
        """Ours replaced, anyone else (an interpreter, a room) kept."""
        kept = [
            p
            for p in existing
            if isinstance(p, dict)
            and not str(p.get("actor", {}).get("reference", "")).startswith(
                ("Patient/", "Practitioner/")
            )
        ]
        ours: list[FhirJson] = []
        if self.patient_ref is not None:
            ours.append(
                {
                    "actor": _reference(self.patient_ref, self.patient_name),
                    "required": "required",
                    "status": "accepted",
                }
            )
        ours.append(
            {
                "type": [
                    {
                        "coding": [
                            {
                                "system": FhirCode.PARTICIPATION_TYPE,
                                "code": "PPRF",
                                "display": "primary performer",
                            }
                        ]
                    }
                ],
                "actor": _reference(self.practitioner_ref, self.practitioner_name),
                "required": "required",
                "status": "accepted",
            }
        )
        return ours + kept


def _instant(value: object) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return None
    return moment if moment.tzinfo is not None else None


def _first_text(concepts: object) -> str | None:
    if isinstance(concepts, list):
        for concept in concepts:
            if isinstance(concept, dict) and isinstance(concept.get("text"), str):
                return str(concept["text"])
    return None


def _set_text(res: FhirJson, key: str, value: str) -> None:
    if value:
        res[key] = value
    else:
        res.pop(key, None)


def _reference(ref: str, display: str) -> FhirJson:
    return {"reference": ref, "display": display} if display else {"reference": ref}
