"""Makes the demo's patients: French identities with a demo INS whose NIR is coherent.

The NIR of each patient agrees with their sex, birth year and birth month, and its key
is valid, so every one of them passes the identity checks of the patient form
(:class:`app.services.patient_draft.PatientDraft`), as a real INS would.
"""

from collections.abc import Sequence
from datetime import date, timedelta

from app.demo.birth_place import BirthPlace
from app.demo.demo_clinician import DemoClinician
from app.demo.demo_patient import DemoPatient
from app.demo.demo_random import DemoRandom
from app.demo.fhir_terms import FhirJson
from app.demo.name_pool import NamePool
from app.domain.identifier_system import IdentifierSystem
from app.domain.nir import Nir
from app.domain.patient import Patient

# (youngest, oldest, weight): roughly the age mix of a French GP's patients.
_AGE_BANDS = ((0, 2, 5), (3, 17, 15), (18, 39, 24), (40, 64, 30), (65, 79, 17), (80, 95, 9))
_STREETS = (
    "rue Paul-Bert", "avenue Jean-Jaurès", "cours Gambetta", "rue de Marseille",
    "rue Garibaldi", "rue Victor-Hugo", "rue Servient", "avenue Berthelot",
    "rue de la Part-Dieu", "quai Claude-Bernard", "rue des Tilleuls", "rue Saint-Maximin",
    "boulevard des États-Unis", "rue du Professeur-Grignard", "place Jean-Macé",
)  # fmt: skip
_TOWNS = (
    ("69003", "Lyon"), ("69007", "Lyon"), ("69008", "Lyon"), ("69006", "Lyon"),
    ("69100", "Villeurbanne"), ("69200", "Vénissieux"), ("69500", "Bron"),
)  # fmt: skip
# Addresses reserved for documentation (RFC 2606): demo mail never reaches anyone.
_MAIL_DOMAINS = ("example.org", "example.net", "example.com")
_ADULT = 18
_SPECIAL_PATIENTS = 3  # two Corsicans and a twin


class DemoPatientFactory:
    """Draws patients from a seeded stream; the same stream gives the same patients."""

    def __init__(self, rng: DemoRandom, today: date, doctors: Sequence[DemoClinician]) -> None:
        self._rng = rng
        self._today = today
        self._doctors = doctors
        self._names = NamePool(rng)
        self._nirs: set[str] = set()
        self._emails: set[str] = set()

    def make(self, count: int) -> list[DemoPatient]:
        """``count`` patients, among them two born in Corsica and a pair of twins."""
        if count < _SPECIAL_PATIENTS + 1:
            raise ValueError(f"the demo needs more than {_SPECIAL_PATIENTS} patients")
        rng = self._rng
        patients = [self._patient() for _ in range(count - _SPECIAL_PATIENTS)]
        # Corsican births after the 1976 split, so the NIR holds 2A or 2B.
        for _ in range(2):
            age = rng.randint(self._today.year - 2005, self._today.year - 1977)
            birth = self._birth_date(age)
            patients.append(
                self._patient(
                    birth, BirthPlace.corsica(rng, birth.year), self._names.corsican_family()
                )
            )
        # Twins: same surname, birth date and place; identity vigilance must tell them apart.
        elder = next(
            (p for p in patients if 8 <= (p.patient.age_on(self._today) or 0) <= 30), patients[0]
        )
        patients.append(self._twin_of(elder))
        rng.shuffle(patients)
        return patients

    def _patient(
        self, birth: date | None = None, place: BirthPlace | None = None, family: str = ""
    ) -> DemoPatient:
        rng = self._rng
        if birth is None:
            low, high, _ = rng.choices(_AGE_BANDS, [w for *_, w in _AGE_BANDS])[0]
            birth = self._birth_date(rng.randint(low, high))
        place = place or BirthPlace.pick(rng)
        female = rng.random() < 0.52
        given = self._names.given(female, birth.year)
        return self._build(
            family or self._names.family(), given, female, birth, place, self._order()
        )

    def _twin_of(self, elder: DemoPatient) -> DemoPatient:
        p = elder.patient
        if p.birth_date is None or p.ins is None:
            raise ValueError("a twin needs the birth date and NIR of the elder")
        female = self._rng.random() < 0.5
        given = p.given
        while given.split()[0] == p.given.split()[0]:
            given = self._names.given(female, p.birth_date.year)
        place = BirthPlace(p.ins.value[5:7], p.ins.value[7:10], "", "")
        twin = self._build(
            p.family, given, female, p.birth_date, place, int(p.ins.value[10:13]) % 999 + 1
        )
        # Same parents, same home: keep the birth place, address, doctor and phone.
        source = dict(twin.patient.source)
        for key in ("extension", "address", "generalPractitioner"):
            source[key] = p.source[key]
        return DemoPatient(twin.patient.with_changes(source=source, phone=p.phone), elder.doctor)

    def _build(
        self, family: str, given: str, female: bool, birth: date, place: BirthPlace, order: int
    ) -> DemoPatient:
        rng = self._rng
        nir = self._nir(female, birth, place, order)
        doctor = self._doctors[0] if rng.random() < 0.55 else self._doctors[1]
        age = self._today.year - birth.year
        source: FhirJson = {
            "extension": [place.to_fhir_extension()],
            "address": [self._address()],
            "generalPractitioner": [{"reference": doctor.reference, "display": doctor.display}],
        }
        if female and age >= 25 and rng.random() < 0.35:
            # Nom d'usage after marriage; the INS keeps the birth name (official).
            source["name"] = [
                {"use": "usual", "family": self._names.family(), "given": given.split()}
            ]
        patient = Patient(
            id=rng.uuid(),
            family=family,
            given=given,
            birth_date=birth,
            gender="female" if female else "male",
            ins=Nir.parse(nir),
            ins_system=IdentifierSystem.INS_NIR_DEMO,
            phone=self._phone() if rng.random() < 0.92 else "",
            email=self._email(given, family) if age >= _ADULT and rng.random() < 0.45 else "",
            source=source,
        )
        return DemoPatient(patient, doctor)

    def _birth_date(self, age: int) -> date:
        """A birth date giving ``age`` full years today (at least a week old)."""
        days = int((age + self._rng.random()) * 365.25)
        birth = self._today - timedelta(days=max(7, days))
        while self._age(birth) > age:
            birth += timedelta(days=1)
        while self._age(birth) < age:
            birth -= timedelta(days=1)
        return birth

    def _age(self, birth: date) -> int:
        t = self._today
        return t.year - birth.year - ((t.month, t.day) < (birth.month, birth.day))

    def _order(self) -> int:
        return self._rng.randint(1, 999)

    def _nir(self, female: bool, birth: date, place: BirthPlace, order: int) -> str:
        while True:
            body = (
                f"{2 if female else 1}{birth.year % 100:02d}{birth.month:02d}"
                f"{place.nir_digits}{order:03d}"
            )
            nir = body + Nir.key_for(body)
            if nir not in self._nirs:
                self._nirs.add(nir)
                return nir
            order = order % 999 + 1

    def _phone(self) -> str:
        # 06 39 98 is one of the ranges ARCEP keeps for fiction: no real person is called.
        digits = " ".join(f"{self._rng.randint(0, 99):02d}" for _ in range(2))
        return f"06 39 98 {digits}"

    def _email(self, given: str, family: str) -> str:
        first = given.split(maxsplit=1)[0]
        local = f"{NamePool.ascii_handle(first)}.{NamePool.ascii_handle(family)}"
        email = f"{local}@{self._rng.choice(_MAIL_DOMAINS)}"
        n = 1
        while email in self._emails:
            n += 1
            email = f"{local}{n}@{email.split('@')[1]}"
        self._emails.add(email)
        return email

    def _address(self) -> FhirJson:
        postal, city = self._rng.choice(_TOWNS)
        return {
            "use": "home",
            "line": [f"{self._rng.randint(1, 120)} {self._rng.choice(_STREETS)}"],
            "city": city,
            "postalCode": postal,
            "country": "FRA",
        }
