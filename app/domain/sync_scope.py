"""What a workstation keeps offline: the practice's patients, a window of the agenda,
recent observations and images. Each profile has its own (a laptop may keep less).

The first sync asks the server only for what is in scope (search parameters per
type); later changes arrive for every resource the server changed, and a resource new
to this workstation is kept only when :meth:`SyncScope.wants` it. A resource already
held is always kept up to date.
"""

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

FhirJson = dict[str, Any]

# Pulled whole: the practice's directory and patients' records without a date window.
_WHOLE = (
    "Organization",
    "Practitioner",
    "PractitionerRole",
    "Patient",
    "Schedule",
    "Goal",
    "Flag",
    "DocumentReference",
    "MedicationRequest",
    "Questionnaire",
    "QuestionnaireResponse",
    "Communication",
)


@dataclass(frozen=True, slots=True)
class SyncScope:
    """Windows in weeks and months around today."""

    agenda_weeks_back: int = 4
    agenda_weeks_ahead: int = 12
    observation_months: int = 24
    image_months: int = 12
    # Images are kept for the patients seen in this many days (an appointment or an
    # encounter), or booked within the agenda window: the photos a practitioner may
    # compare offline, not the whole practice's.
    seen_days: int = 90

    def seen_window(self, today: date) -> tuple[date, date]:
        """Appointments and encounters in this window make a patient "seen recently"."""
        return today - timedelta(days=self.seen_days), today + timedelta(
            weeks=self.agenda_weeks_ahead
        )

    def types(self) -> tuple[str, ...]:
        """Types pulled, in the order the first sync asks for them (patients first)."""
        return (*_WHOLE, "Slot", "Appointment", "Encounter", "Observation", "Media")

    def _windows(self, today: date) -> dict[str, tuple[str, date]]:
        back = today - timedelta(weeks=self.agenda_weeks_back)
        return {
            "Slot": ("start", back),
            "Appointment": ("date", back),
            "Encounter": ("date", back),
            "Observation": ("date", today - timedelta(days=round(self.observation_months * 30.44))),
            "Media": ("created", today - timedelta(days=round(self.image_months * 30.44))),
        }

    def search_params(self, rtype: str, today: date) -> list[tuple[str, str]]:
        """The first sync's search for ``rtype`` (empty: every resource of the type)."""
        window = self._windows(today).get(rtype)
        if window is None:
            return []
        param, since = window
        params = [(param, f"ge{since.isoformat()}")]
        if rtype in {"Slot", "Appointment"}:
            ahead = today + timedelta(weeks=self.agenda_weeks_ahead)
            params.append((param, f"le{ahead.isoformat()}"))
        return params

    def wants(
        self,
        rtype: str,
        resource: FhirJson | None,
        today: date,
        seen: frozenset[str] | None = None,
    ) -> bool:
        """Whether a resource new to this workstation belongs in it.

        ``seen``: references (``Patient/id``) of the patients seen recently; an image
        of anyone else stays on the server. None: not known, no such filter.
        """
        if resource is None or rtype not in self.types():
            return False
        if rtype == "Media" and seen is not None:
            subject = (resource.get("subject") or {}).get("reference")
            if subject not in seen:
                return False
        window = self._windows(today).get(rtype)
        if window is None:
            return True
        days = self._days_of(rtype, resource)
        if days is None:
            return True
        first, last = days
        _, since = window
        if last < since:
            return False
        if rtype in {"Slot", "Appointment"}:
            return first <= today + timedelta(weeks=self.agenda_weeks_ahead)
        return True

    @staticmethod
    def _days_of(rtype: str, resource: FhirJson) -> tuple[date, date] | None:
        """The first and last day the resource's date can be.

        A partial date is its whole year or month, as a FHIR date search reads it: the
        first sync's ``date=ge…`` finds an observation of "2024-11" in a window opening
        on 22 November, so a new one arriving later must be kept too.
        """
        value: Any
        if rtype in {"Slot", "Appointment"}:
            value = resource.get("start")
        elif rtype == "Encounter":
            value = (resource.get("period") or {}).get("start")
        elif rtype == "Observation":
            value = resource.get("effectiveDateTime") or (
                resource.get("effectivePeriod") or {}
            ).get("start")
        else:
            value = resource.get("createdDateTime")
        if not isinstance(value, str) or len(value) < 4:
            return None
        try:
            if len(value) == 4:
                first = date.fromisoformat(value + "-01-01")
                return first, first.replace(month=12, day=31)
            if len(value) == 7:
                first = date.fromisoformat(value + "-01")
                following = (first.replace(day=28) + timedelta(days=4)).replace(day=1)
                return first, following - timedelta(days=1)
            day = date.fromisoformat(value[:10])
        except ValueError:
            return None
        return day, day
