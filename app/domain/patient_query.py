"""What the user typed in the patient search, split into name, birth date and INS parts."""

import re
from dataclasses import dataclass
from datetime import date

_DATE_FR = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{2}|\d{4})$")
_DATE_ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
# An INS is typed with or without spaces; 2A/2B stand for Corsica in the NIR.
_INS_PART = re.compile(r"^[0-9]*(2[AB])?[0-9]*$", re.IGNORECASE)
MIN_INS_DIGITS = 4


@dataclass(frozen=True, slots=True)
class PatientQuery:
    """A parsed search: every part given must match."""

    name_tokens: tuple[str, ...] = ()
    birth_date: date | None = None
    ins_prefix: str | None = None

    @property
    def is_empty(self) -> bool:
        return not self.name_tokens and self.birth_date is None and self.ins_prefix is None

    @classmethod
    def parse(cls, text: str, today: date | None = None) -> "PatientQuery":
        """« dupont 12/03/1954 », « 2 55 08 14 », « Élo » all work as typed."""
        tokens = text.split()
        birth: date | None = None
        digits: list[str] = []
        names: list[str] = []
        for token in tokens:
            parsed = cls._date(token, today or date.today())
            if parsed is not None and birth is None:
                birth = parsed
            elif _INS_PART.match(token) and (digits or token[0].isdigit()):
                digits.append(token.upper())
            else:
                names.append(token)
        ins = "".join(digits)
        if ins and len(ins) < MIN_INS_DIGITS:
            # Too short to be an INS: « 12 » is more likely a typo than a search.
            ins = ""
        return cls(tuple(names), birth, ins or None)

    @staticmethod
    def _date(token: str, today: date) -> date | None:
        m = _DATE_FR.match(token)
        try:
            if m:
                day, month, year = (int(g) for g in m.groups())
                if year < 100:
                    # Two-digit years: the most recent past century, as a receptionist means it.
                    year += 2000 if 2000 + year <= today.year else 1900
                return date(year, month, day)
            m = _DATE_ISO.match(token)
            if m:
                return date(*(int(g) for g in m.groups()))
        except ValueError:
            return None
        return None
