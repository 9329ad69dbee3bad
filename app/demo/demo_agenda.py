"""Two weeks of consultations for the demo practice: Appointments, and free Slots between them.

The weeks are the ISO week (Monday to Friday) of the ``today`` given and the next one, so
the agenda opens full whatever the day (at the weekend it shows the coming week). Past
appointments are done (or missed), today's patients are arriving, the rest is booked.
"""

from collections.abc import Sequence
from datetime import date, datetime, timedelta

from app.demo.demo_clinician import SESSIONS, DemoClinician
from app.demo.demo_patient import DemoPatient
from app.demo.demo_random import DemoRandom
from app.demo.fhir_terms import FhirJson, FhirTerms
from app.demo.paris_clock import ParisClock
from app.store.resource_write import ResourceWrite

T = FhirTerms
FILL_RATE = 0.7
TELECONSULTATION_RATE = 0.1
_NO_SHOW_RATE = 0.08
_ARRIVED_TODAY = 2
_CHILD_AGE = 16
# Today's appointments before this hour are over: the demo "opens" mid-morning.
_DONE_BEFORE_HOUR = 10

_ADULT_REASONS = (
    "Renouvellement d'ordonnance", "Fièvre", "Toux persistante", "Lombalgie", "Angine",
    "Certificat médical", "Vaccination", "Gastro-entérite", "Résultats d'analyses",
    "Céphalées", "Douleur abdominale", "Fatigue", "Entorse de cheville",
    "Infection urinaire", "Douleur à l'épaule", "Troubles du sommeil", "Vertiges",
)  # fmt: skip
_CHILD_REASONS = (
    "Fièvre", "Vaccination", "Otite", "Certificat de sport", "Suivi pédiatrique",
    "Toux", "Éruption cutanée", "Gastro-entérite",
)  # fmt: skip
_DERMATOLOGY_REASONS = (
    "Contrôle de grain de beauté", "Suivi de lésion pigmentée", "Eczéma", "Acné",
    "Psoriasis", "Verrues", "Dépistage des cancers cutanés", "Chute de cheveux",
)  # fmt: skip
_CHECKUP_REASONS = frozenset(
    {"Vaccination", "Certificat médical", "Certificat de sport", "Suivi pédiatrique",
     "Dépistage des cancers cutanés", "Contrôle de grain de beauté"}
)  # fmt: skip
_FOLLOW_UP_PREFIXES = ("Suivi", "Renouvellement", "Résultats")
# HL7 v2 table 0276 (appointment reason codes) and their official displays.
_APPOINTMENT_TYPES = {
    "ROUTINE": "Routine appointment - default if not valued",
    "FOLLOWUP": "A follow up visit from a previous appointment",
    "CHECKUP": "A routine check-up, such as an annual physical",
}


class DemoAgenda:
    """Fills each practitioner's sessions of the week, about 70 % of the slots."""

    def __init__(
        self,
        rng: DemoRandom,
        today: date,
        clinicians: Sequence[DemoClinician],
        patients: Sequence[DemoPatient],
    ) -> None:
        self._rng = rng
        self._today = today
        self._clinicians = clinicians
        self._patients = patients
        self._monday = today - timedelta(days=today.weekday())
        self._own = {c.practitioner_id: [p for p in patients if p.doctor == c] for c in clinicians}

    def resources(self) -> list[ResourceWrite]:
        """Appointments first, then the free Slots."""
        appointments: list[FhirJson] = []
        slots: list[FhirJson] = []
        for offset in (*range(5), *range(7, 12)):
            day = self._monday + timedelta(days=offset)
            seen_today: set[str] = set()
            for clinician in self._clinicians:
                arrived = 0
                for start, end in self._slot_times(clinician, day):
                    if self._rng.random() >= FILL_RATE:
                        slots.append(self._slot(clinician, start, end))
                        continue
                    patient = self._pick_patient(clinician, seen_today)
                    status = self._status(day, start, arrived)
                    arrived += status == "arrived"
                    appointments.append(self._appointment(clinician, patient, start, end, status))
        return [ResourceWrite(r["resourceType"], r["id"], r) for r in appointments + slots]

    def _slot_times(self, clinician: DemoClinician, day: date) -> list[tuple[datetime, datetime]]:
        step = timedelta(minutes=clinician.slot_minutes)
        out = []
        for session, (opens, closes) in enumerate(SESSIONS):
            if not clinician.consults(day.weekday(), session):
                continue
            start = ParisClock.at(day, opens.hour, opens.minute)
            close = ParisClock.at(day, closes.hour, closes.minute)
            while start + step <= close:
                out.append((start, start + step))
                start += step
        return out

    def _pick_patient(self, clinician: DemoClinician, seen_today: set[str]) -> DemoPatient:
        """Mostly the doctor's own patients; nobody twice the same day."""
        rng = self._rng
        own = self._own[clinician.practitioner_id]
        while True:
            pool = own if own and rng.random() < 0.75 else self._patients
            patient = rng.choice(pool)
            if patient.patient.id not in seen_today:
                seen_today.add(patient.patient.id)
                return patient

    def _status(self, day: date, start: datetime, arrived_so_far: int) -> str:
        if day < self._today or (day == self._today and start.hour < _DONE_BEFORE_HOUR):
            return "noshow" if self._rng.random() < _NO_SHOW_RATE else "fulfilled"
        # Those due in the hour after the done ones are in the waiting room (not an
        # afternoon patient: the demo's now is mid-morning).
        if (
            day == self._today
            and start.hour == _DONE_BEFORE_HOUR
            and arrived_so_far < _ARRIVED_TODAY
        ):
            return "arrived"
        return "booked"

    def _reason(self, clinician: DemoClinician, p: DemoPatient) -> str:
        rng = self._rng
        if not clinician.is_gp:
            return rng.choice(_DERMATOLOGY_REASONS)
        if p.condition is not None and rng.random() < 0.6:
            return rng.choice((p.condition.follow_up_reason, "Renouvellement d'ordonnance"))
        age = p.patient.age_on(self._today) or 0
        return rng.choice(_CHILD_REASONS if age < _CHILD_AGE else _ADULT_REASONS)

    def _appointment(
        self,
        clinician: DemoClinician,
        p: DemoPatient,
        start: datetime,
        end: datetime,
        status: str,
    ) -> FhirJson:
        rng = self._rng
        reason = self._reason(clinician, p)
        if reason in _CHECKUP_REASONS:
            kind = "CHECKUP"
        elif reason.startswith(_FOLLOW_UP_PREFIXES):
            kind = "FOLLOWUP"
        else:
            kind = "ROUTINE"
        if rng.random() < TELECONSULTATION_RATE:
            service = T.concept(
                T.SNOMED,
                T.TELECONSULTATION_CODE,
                "Telemedicine consultation with patient",
                "Téléconsultation",
            )
        else:
            service = T.concept(T.SNOMED, T.CONSULTATION_CODE, "Consultation", "Consultation")
        created = start.date() - timedelta(days=rng.randint(1, 30))
        return {
            "resourceType": "Appointment",
            "id": rng.uuid(),
            "status": status,
            "serviceType": [service],
            "specialty": [
                T.concept(
                    T.SPECIALITE_ORDINALE,
                    clinician.specialty_code,
                    text=clinician.specialty_label,
                )
            ],
            "appointmentType": T.concept(T.APPOINTMENT_TYPE, kind, _APPOINTMENT_TYPES[kind]),
            "reasonCode": [{"text": reason}],
            "description": reason,
            "start": ParisClock.iso(start),
            "end": ParisClock.iso(end),
            "minutesDuration": clinician.slot_minutes,
            "created": created.isoformat(),
            "participant": [
                {
                    "actor": T.reference(p.patient.reference, p.patient.display_name),
                    "required": "required",
                    "status": "accepted",
                },
                {
                    "type": [T.concept(T.PARTICIPATION_TYPE, "PPRF", "primary performer")],
                    "actor": T.reference(clinician.reference, clinician.display),
                    "required": "required",
                    "status": "accepted",
                },
            ],
        }

    def _slot(self, clinician: DemoClinician, start: datetime, end: datetime) -> FhirJson:
        return {
            "resourceType": "Slot",
            "id": self._rng.uuid(),
            "schedule": T.reference(f"Schedule/{clinician.schedule_id}"),
            "status": "free",
            "start": ParisClock.iso(start),
            "end": ParisClock.iso(end),
        }
