"""A patient form as typed, validated into a :class:`Patient` (FR Core identity rules)."""

import re
from dataclasses import dataclass
from datetime import date

from app.domain.identifier_system import IdentifierSystem
from app.domain.nir import Nir, NirError, NirProblem
from app.domain.patient import Patient
from app.services.field_error import FieldError, FieldProblem, PatientInvalidError

_DATE = re.compile(r"^\s*(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})\s*$")
_NIR_PROBLEMS = {
    NirProblem.EMPTY: FieldProblem.REQUIRED,
    NirProblem.LENGTH: FieldProblem.NIR_LENGTH,
    NirProblem.FORMAT: FieldProblem.NIR_FORMAT,
    NirProblem.KEY: FieldProblem.NIR_KEY,
}


@dataclass(frozen=True, slots=True)
class PatientDraft:
    """Field values as strings, exactly as the user typed them."""

    family: str
    given: str
    birth_date: str
    gender: str = "unknown"
    nir: str = ""
    ins_system: IdentifierSystem = IdentifierSystem.INS_NIR
    phone: str = ""
    email: str = ""

    @classmethod
    def of(cls, patient: Patient) -> "PatientDraft":
        return cls(
            family=patient.family,
            given=patient.given,
            birth_date=patient.birth_date.strftime("%d/%m/%Y") if patient.birth_date else "",
            gender=patient.gender,
            nir=patient.ins.value if patient.ins else "",
            ins_system=patient.ins_system,
            phone=patient.phone,
            email=patient.email,
        )

    @staticmethod
    def nir_problem(problem: NirProblem) -> FieldProblem:
        """The form's word for why a NIR was refused."""
        return _NIR_PROBLEMS[problem]

    def validate(self, today: date, base: Patient | None = None) -> Patient:
        """The patient to store, or PatientInvalidError naming every bad field."""
        errors: list[FieldError] = []
        if not self.family.strip():
            errors.append(FieldError("family", FieldProblem.REQUIRED))
        if not self.given.strip():
            errors.append(FieldError("given", FieldProblem.REQUIRED))
        birth = self._birth_date(today, errors)
        nir: Nir | None = None
        if self.nir.strip():
            try:
                nir = Nir.parse(self.nir)
            except NirError as exc:
                errors.append(FieldError("nir", self.nir_problem(exc.problem)))
        if nir is not None:
            errors += self._coherence(nir, birth)
        if self.email.strip() and not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", self.email.strip()):
            errors.append(FieldError("email", FieldProblem.EMAIL_FORMAT))
        if errors:
            raise PatientInvalidError(errors)
        fields = {
            "family": " ".join(self.family.split()),
            "given": " ".join(self.given.split()),
            "birth_date": birth,
            "gender": self.gender,
            "ins": nir,
            "ins_system": self.ins_system,
            "phone": self.phone.strip(),
            "email": self.email.strip(),
        }
        if base is None:
            return Patient(id=Patient.new_id(), **fields)  # type: ignore[arg-type]
        return base.with_changes(**fields)

    def _birth_date(self, today: date, errors: list[FieldError]) -> date | None:
        if not self.birth_date.strip():
            errors.append(FieldError("birth_date", FieldProblem.REQUIRED))
            return None
        m = _DATE.match(self.birth_date)
        birth: date | None = None
        if m is not None:
            day, month, year = (int(g) for g in m.groups())
            try:
                birth = date(year, month, day)
            except ValueError:
                birth = None
        if birth is None:
            errors.append(FieldError("birth_date", FieldProblem.DATE_FORMAT))
            return None
        if birth > today:
            errors.append(FieldError("birth_date", FieldProblem.DATE_FUTURE))
        return birth

    def _coherence(self, nir: Nir, birth: date | None) -> list[FieldError]:
        """Identity vigilance: the NIR encodes sex, birth year and month."""
        errors: list[FieldError] = []
        sex_digit = nir.value[0]
        if (self.gender == "male" and sex_digit in "2468") or (
            self.gender == "female" and sex_digit in "1357"
        ):
            errors.append(FieldError("nir", FieldProblem.NIR_SEX_MISMATCH))
        if birth is not None:
            year, month = nir.value[1:3], int(nir.value[3:5])
            # Months 20+ (and 99) mean "unknown month" for people born abroad.
            if year != f"{birth.year % 100:02d}" or (1 <= month <= 12 and month != birth.month):
                errors.append(FieldError("nir", FieldProblem.NIR_BIRTH_MISMATCH))
        return errors
