"""The kinds of card Cabinet tells apart by their ATR (``cardreader.atr_catalogue``)."""

from enum import StrEnum


class CardKind(StrEnum):
    """A recognised card, or UNKNOWN for a well-formed ATR we do not know."""

    CPS3_CONTACT = "cps3"
    CPS3_CONTACTLESS = "cps3-contactless"
    CPS4 = "cps4"
    VITALE_1 = "vitale1"
    VITALE_2 = "vitale2"
    UNKNOWN = "unknown"

    @property
    def is_cps(self) -> bool:
        """A practitioner card, in any mode."""
        return self in {CardKind.CPS3_CONTACT, CardKind.CPS3_CONTACTLESS, CardKind.CPS4}

    @property
    def can_sign(self) -> bool:
        """Whether the card holds a PIN and a usable private key (contactless CPS: neither)."""
        return self in {CardKind.CPS3_CONTACT, CardKind.CPS4}

    @property
    def is_vitale(self) -> bool:
        """A patient's Carte Vitale, of either generation."""
        return self in {CardKind.VITALE_1, CardKind.VITALE_2}
