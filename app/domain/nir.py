"""The NIR (French social security number) as a checked value, via python-stdnum."""

from dataclasses import dataclass
from enum import StrEnum

from stdnum import exceptions as stdnum_errors
from stdnum.fr import nir as stdnum_nir


class NirProblem(StrEnum):
    """Why a NIR was refused; the UI turns each into a sentence."""

    EMPTY = "empty"
    LENGTH = "length"
    FORMAT = "format"
    KEY = "key"


class NirError(ValueError):
    """A NIR that cannot be accepted. Carries no digits, so it is safe to log."""

    def __init__(self, problem: NirProblem) -> None:
        super().__init__(f"invalid NIR: {problem.value}")
        self.problem = problem


@dataclass(frozen=True, slots=True)
class Nir:
    """A 15-character NIR whose control key has been verified."""

    value: str

    @classmethod
    def parse(cls, text: str) -> "Nir":
        """Accept spaces, dots and dashes as typed or printed on cards; check the key."""
        if not text.strip():
            raise NirError(NirProblem.EMPTY)
        try:
            # stdnum drops spaces and dots; dashes are common in copied numbers too.
            return cls(stdnum_nir.validate(text.upper().replace("-", " ")))
        except stdnum_errors.InvalidLength:
            raise NirError(NirProblem.LENGTH) from None
        except stdnum_errors.InvalidChecksum:
            raise NirError(NirProblem.KEY) from None
        except stdnum_errors.ValidationError:
            raise NirError(NirProblem.FORMAT) from None

    @staticmethod
    def key_for(first_13: str) -> str:
        """The two-digit key of a 13-character NIR body (Corsica handled by stdnum)."""
        return str(stdnum_nir.calc_check_digits(first_13))

    def formatted(self) -> str:
        """Grouped as printed on the Carte Vitale: ``1 84 12 76 451 089 46``."""
        v = self.value
        return f"{v[0]} {v[1:3]} {v[3:5]} {v[5:7]} {v[7:10]} {v[10:13]} {v[13:15]}"

    def __repr__(self) -> str:
        # Keep identifiers out of tracebacks and logs.
        return "Nir(<hidden>)"
