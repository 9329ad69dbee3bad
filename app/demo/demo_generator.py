"""The synthetic demo profile, generated from a seed as FHIR R4 resources to store.

``DemoGenerator(today=date.today()).resources()`` gives a small practice in Lyon:
three doctors, about 200 patients with demo INS identities, this week's agenda, six
months of vitals for chronic patients and a few lesion photos. The same seed and
``today`` always give byte-identical resources.
"""

from dataclasses import replace
from datetime import date, timedelta

from app.demo.chronic_condition import ChronicCondition
from app.demo.demo_agenda import DemoAgenda
from app.demo.demo_clinician import SESSIONS, DemoClinician
from app.demo.demo_patient import DemoPatient
from app.demo.demo_patient_factory import DemoPatientFactory
from app.demo.demo_photos import DemoPhotos
from app.demo.demo_random import DemoRandom
from app.demo.fhir_terms import FhirJson, FhirTerms
from app.demo.name_pool import NamePool
from app.demo.paris_clock import ParisClock
from app.demo.vital_series import VitalSeries
from app.domain.identifier_system import FR_CORE_IDENTIFIER_TYPE, IdentifierSystem
from app.store.resource_write import ResourceWrite

T = FhirTerms
DEFAULT_SEED = 2026
PATIENT_COUNT = 200
CHRONIC_COUNT = 30
GOAL_COUNT = 10
_CHRONIC_MIN_AGE = 45
# Half of the chronic patients have hypertension, 30 % diabetes, 20 % COPD.
_CONDITION_MIX = (
    (ChronicCondition.HYPERTENSION,) * 5
    + (ChronicCondition.DIABETES,) * 3
    + (ChronicCondition.COPD,) * 2
)
_PRACTICE = {
    "name": "Maison de santé des Tilleuls",
    "line": "12 rue des Tilleuls",
    "postalCode": "69003",
    "city": "Lyon",
    "phone": "04 65 71 12 34",  # an ARCEP range kept for fiction
    "email": "accueil.tilleuls@example.org",
}
# (given, family, gender, RPPS, specialty code, specialty display, label, slot
# minutes, half-days off). RPPS numbers are obviously made up.
_DOCTORS: tuple[tuple[str, str, str, str, str, str, str, int, frozenset[tuple[int, int]]], ...] = (
    ("Claire", "Lefèvre", "female", "10000000001", "SM54", "Médecine générale (SM)",
     "Médecine générale", 15, frozenset({(2, 1)})),
    ("Karim", "Benali", "male", "10000000002", "SM54", "Médecine générale (SM)",
     "Médecine générale", 20, frozenset({(3, 0)})),
    ("Anne-Sophie", "Delorme", "female", "10000000003", "SM15",
     "Dermatologie et Vénéréologie (SM)", "Dermatologie", 20, frozenset({(0, 0), (4, 1)})),
)  # fmt: skip
_DAYS = ("mon", "tue", "wed", "thu", "fri")


class DemoGenerator:
    """Makes the demo profile's resources; nothing is random between two runs."""

    def __init__(self, seed: int = DEFAULT_SEED, *, today: date) -> None:
        self._seed = seed
        self._today = today
        rng = DemoRandom.stream(seed, "practice")
        self._organization_id = rng.uuid()
        self._specialty_displays = {d[4]: d[5] for d in _DOCTORS}
        self._clinicians = tuple(
            DemoClinician(
                practitioner_id=rng.uuid(),
                role_id=rng.uuid(),
                schedule_id=rng.uuid(),
                given=given,
                family=family,
                gender=gender,
                rpps=rpps,
                specialty_code=code,
                specialty_label=label,
                slot_minutes=minutes,
                half_days_off=off,
            )
            for given, family, gender, rpps, code, _, label, minutes, off in _DOCTORS
        )

    @property
    def lead_practitioner(self) -> tuple[str, str]:
        """The doctor who "logs in" to the demo: (``Practitioner/<id>``, ``Dr Claire LEFÈVRE``)."""
        lead = self._clinicians[0]
        return lead.reference, lead.display

    @property
    def lead_card_holder(self) -> tuple[str, str, str]:
        """What the demo CPS's certificate says of the lead doctor: (idNatPs, SURNAME,
        given name); the login finds her Practitioner by that idNatPs."""
        lead = self._clinicians[0]
        return "8" + lead.rpps, lead.family.upper(), lead.given

    def resources(self) -> list[ResourceWrite]:
        """Everything to store, referenced resources before those that point at them:
        Organization, Practitioners, PractitionerRoles, Schedules, Patients, Binaries,
        Media, Appointments, Slots, Observations, Goals, Flags."""
        seed, today = self._seed, self._today
        gps = [c for c in self._clinicians if c.is_gp]
        dermatologist = next(c for c in self._clinicians if not c.is_gp)
        factory = DemoPatientFactory(DemoRandom.stream(seed, "patients"), today, gps)
        patients = self._with_conditions(factory.make(PATIENT_COUNT))
        writes = [self._organization()]
        writes += [self._practitioner(c) for c in self._clinicians]
        writes += [self._role(c) for c in self._clinicians]
        writes += [self._schedule(c) for c in self._clinicians]
        writes += [ResourceWrite("Patient", p.patient.id, p.patient.to_fhir()) for p in patients]
        writes += DemoPhotos(DemoRandom.stream(seed, "photos"), today, dermatologist).resources(
            patients
        )
        writes += DemoAgenda(
            DemoRandom.stream(seed, "agenda"), today, self._clinicians, patients
        ).resources()
        writes += VitalSeries(DemoRandom.stream(seed, "vitals"), today).resources(
            patients, GOAL_COUNT
        )
        for write in writes:
            if write.json is not None:
                write.json["meta"] = T.demo_meta()
        return writes

    def _with_conditions(self, patients: list[DemoPatient]) -> list[DemoPatient]:
        """Gives a chronic condition to some older patients: half HTA, then diabetes, COPD."""
        rng = DemoRandom.stream(self._seed, "chronic")
        older = [p for p in patients if (p.patient.age_on(self._today) or 0) >= _CHRONIC_MIN_AGE]
        chosen = rng.sample(older, min(CHRONIC_COUNT, len(older)))
        conditions = {
            p.patient.id: _CONDITION_MIX[i * len(_CONDITION_MIX) // len(chosen)]
            for i, p in enumerate(chosen)
        }
        return [replace(p, condition=conditions.get(p.patient.id)) for p in patients]

    def _organization(self) -> ResourceWrite:
        res: FhirJson = {
            "resourceType": "Organization",
            "id": self._organization_id,
            "active": True,
            "type": [T.concept(T.ORGANIZATION_TYPE, "prov", "Healthcare Provider")],
            "name": _PRACTICE["name"],
            "telecom": [
                {"system": "phone", "value": _PRACTICE["phone"], "use": "work"},
                {"system": "email", "value": _PRACTICE["email"], "use": "work"},
            ],
            "address": [
                {
                    "use": "work",
                    "line": [_PRACTICE["line"]],
                    "city": _PRACTICE["city"],
                    "postalCode": _PRACTICE["postalCode"],
                    "country": "FRA",
                }
            ],
        }
        return ResourceWrite("Organization", self._organization_id, res)

    def _practitioner(self, c: DemoClinician) -> ResourceWrite:
        res: FhirJson = {
            "resourceType": "Practitioner",
            "id": c.practitioner_id,
            "identifier": [
                _identifier(IdentifierSystem.IDNATPS, "8" + c.rpps),
                _identifier(IdentifierSystem.RPPS, c.rpps),
            ],
            "active": True,
            "name": [{"use": "official", "family": c.family, "given": [c.given], "prefix": ["Dr"]}],
            "telecom": [{"system": "email", "value": _email(c), "use": "work"}],
            "gender": c.gender,
            "qualification": [{"code": self._specialty(c)}],
        }
        return ResourceWrite("Practitioner", c.practitioner_id, res)

    def _role(self, c: DemoClinician) -> ResourceWrite:
        available = []
        for session, (opens, closes) in enumerate(SESSIONS):
            days = [d for i, d in enumerate(_DAYS) if c.consults(i, session)]
            available.append(
                {
                    "daysOfWeek": days,
                    "availableStartTime": opens.isoformat(),
                    "availableEndTime": closes.isoformat(),
                }
            )
        res: FhirJson = {
            "resourceType": "PractitionerRole",
            "id": c.role_id,
            "active": True,
            "practitioner": T.reference(c.reference, c.display),
            "organization": T.reference(f"Organization/{self._organization_id}", _PRACTICE["name"]),
            "code": [T.concept(T.PROFESSION_SANTE, "10", "Médecin", "Médecin")],
            "specialty": [self._specialty(c)],
            "telecom": [{"system": "phone", "value": _PRACTICE["phone"], "use": "work"}],
            "availableTime": available,
        }
        return ResourceWrite("PractitionerRole", c.role_id, res)

    def _schedule(self, c: DemoClinician) -> ResourceWrite:
        monday = self._today - timedelta(days=self._today.weekday())
        friday = monday + timedelta(days=4)
        res: FhirJson = {
            "resourceType": "Schedule",
            "id": c.schedule_id,
            "active": True,
            "specialty": [self._specialty(c)],
            "actor": [
                T.reference(c.reference, c.display),
                T.reference(f"PractitionerRole/{c.role_id}"),
            ],
            "planningHorizon": {
                "start": ParisClock.iso(ParisClock.at(monday, 8, 30)),
                "end": ParisClock.iso(ParisClock.at(friday, 19, 0)),
            },
            "comment": f"Agenda du {c.display}",
        }
        return ResourceWrite("Schedule", c.schedule_id, res)

    def _specialty(self, c: DemoClinician) -> FhirJson:
        return T.concept(
            T.SPECIALITE_ORDINALE,
            c.specialty_code,
            self._specialty_displays[c.specialty_code],
            c.specialty_label,
        )


def _identifier(system: IdentifierSystem, value: str) -> FhirJson:
    return {
        "use": "official",
        "type": T.concept(FR_CORE_IDENTIFIER_TYPE, system.type_code),
        "system": system.value,
        "value": value,
    }


def _email(c: DemoClinician) -> str:
    return f"dr.{NamePool.ascii_handle(c.family)}@example.org"
