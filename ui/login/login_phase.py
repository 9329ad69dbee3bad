"""What the login view is showing."""

from enum import StrEnum


class LoginPhase(StrEnum):
    """Why no PIN can be typed yet (the reader's situation), the PIN, or what became of it;
    or an e-CPS login waiting in the browser or on the phone."""

    NO_SERVICE = "no-service"  # the PC/SC service does not answer
    NO_READER = "no-reader"
    NO_CARD = "no-card"  # readers, but no card in any
    UNKNOWN_CARD = "unknown-card"
    VITALE = "vitale"  # a patient's card where a CPS is expected
    CONTACTLESS = "contactless"  # a CPS3 on the contactless side: no PIN, no signature
    OPENING = "opening"  # the CPS is being read (identity, PIN counter)
    PIN = "pin"  # waiting for the PIN
    CHECKING = "checking"  # the PIN and the proof are under way
    BLOCKED = "blocked"  # no try left: no PIN field, never a VERIFY again
    CARD_ERROR = "card-error"  # the card could not be read (removed, unreadable...)
    OTHER_CARD = "other-card"  # locked: a CPS that is not the session owner's
    ECPS = "ecps"  # an e-CPS login (Pro Santé Connect) is under way: no card, no PIN
    LOGGED_IN = "logged-in"  # the outcome went out; the view waits to be shown again
