"""A form field the service refused, with a code the UI turns into a sentence."""

from dataclasses import dataclass
from enum import StrEnum


class FieldProblem(StrEnum):
    """Why a field was refused."""

    REQUIRED = "required"
    DATE_FORMAT = "date_format"
    DATE_FUTURE = "date_future"
    NIR_LENGTH = "nir_length"
    NIR_FORMAT = "nir_format"
    NIR_KEY = "nir_key"
    NIR_BIRTH_MISMATCH = "nir_birth_mismatch"
    NIR_SEX_MISMATCH = "nir_sex_mismatch"
    EMAIL_FORMAT = "email_format"


@dataclass(frozen=True, slots=True)
class FieldError:
    """``field`` is the draft's attribute name."""

    field: str
    problem: FieldProblem


class PatientInvalidError(ValueError):
    """The draft was not saved; ``errors`` says which fields to fix."""

    def __init__(self, errors: list[FieldError]) -> None:
        super().__init__("invalid patient: " + ", ".join(f"{e.field}={e.problem}" for e in errors))
        self.errors = errors
