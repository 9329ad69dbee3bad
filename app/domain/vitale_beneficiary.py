"""One holder of a Carte Vitale 2, as read from the card (reverse-engineered layout)."""

import datetime
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class VitaleBeneficiary:
    """A beneficiary; ``rank`` is the order on the card (1 = the insured person).

    ``birth_date_text`` is kept as the card holds it (``YYYYMMDD``): lunar birth dates
    (a day or month of 00, or above the calendar's) exist in the NIR world and must not
    be "corrected". ``nir`` is the 15 characters (13 + key); ``nir_key_valid`` is False
    when the key does not match, which the front desk must show before using it.
    """

    rank: int
    surname: str
    first_name: str
    birth_date_text: str
    nir: str
    nir_key_valid: bool

    @property
    def birth_date(self) -> datetime.date | None:
        """The birth date when it is a calendar date, else None (lunar date)."""
        try:
            return datetime.date(
                int(self.birth_date_text[0:4]),
                int(self.birth_date_text[4:6]),
                int(self.birth_date_text[6:8]),
            )
        except ValueError:
            return None
