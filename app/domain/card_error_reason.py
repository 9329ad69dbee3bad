"""Why a card operation failed, in terms the login screen and the front desk act on."""

from enum import StrEnum


class CardErrorReason(StrEnum):
    """Each reason has its own message on screen; none carries card or patient data."""

    NO_SERVICE = "no-service"  # PC/SC service unreachable
    NO_READER = "no-reader"  # the reader named is gone
    NO_CARD = "no-card"  # no card in that reader
    REMOVED = "removed"  # the card left the reader during the operation
    UNKNOWN_CARD = "unknown-card"  # not a card Cabinet knows (ATR)
    NOT_CPS = "not-cps"  # a known card, but not a practitioner's (e.g. a Vitale)
    CONTACTLESS = "contactless"  # CPS3 read contactless: no PIN, no signature
    WRONG_PIN = "wrong-pin"  # 63 Cx: ``tries_left`` says how many remain
    PIN_BLOCKED = "pin-blocked"  # 69 83 or no try left: no VERIFY is ever sent again
    PIN_FORMAT = "pin-format"  # not 4 digits: refused before reaching the card
    VITALE_1 = "vitale-1"  # needs the licensed SESAM-Vitale module
    NOT_VITALE = "not-vitale"  # asked to read a Vitale, found another card
    UNREADABLE = "unreadable"  # the card answered something we cannot use
