"""One made-up practitioner of the demo practice, with the ids of their FHIR resources."""

from dataclasses import dataclass
from datetime import time

# Opening hours of the practice: (start, end) of the morning and afternoon sessions.
SESSIONS: tuple[tuple[time, time], ...] = ((time(8, 30), time(12, 0)), (time(14, 0), time(19, 0)))


@dataclass(frozen=True, slots=True)
class DemoClinician:
    """A practitioner, their role in the practice and their agenda (Schedule).

    ``half_days_off`` holds ``(weekday, session)`` pairs, Monday 0 and morning 0, when
    they do not consult: French GPs often keep a half-day a week for other duties.
    """

    practitioner_id: str
    role_id: str
    schedule_id: str
    given: str
    family: str
    gender: str
    rpps: str
    specialty_code: str
    specialty_label: str
    slot_minutes: int
    half_days_off: frozenset[tuple[int, int]]

    GP_SPECIALTY = "SM54"

    @property
    def reference(self) -> str:
        return f"Practitioner/{self.practitioner_id}"

    @property
    def display(self) -> str:
        """``Dr Claire LEFÈVRE``: title, first name, surname in capitals."""
        return f"Dr {self.given} {self.family.upper()}"

    @property
    def is_gp(self) -> bool:
        return self.specialty_code == self.GP_SPECIALTY

    def consults(self, weekday: int, session: int) -> bool:
        """Whether they see patients on that weekday (0 = Monday) and session."""
        return weekday < 5 and (weekday, session) not in self.half_days_off
