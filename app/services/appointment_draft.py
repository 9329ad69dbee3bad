"""What the agenda's booking form gives: who, when, why, how."""

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True, slots=True)
class AppointmentDraft:
    """A new appointment; ``slot_ref`` when it books one of the practice's free Slots."""

    start: datetime
    end: datetime
    practitioner_ref: str
    practitioner_name: str
    patient_ref: str
    patient_name: str
    reason: str = ""
    note: str = ""
    teleconsultation: bool = False
    slot_ref: str | None = None
