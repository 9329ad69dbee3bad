"""Why a login the card accepted still opens no session."""

from enum import StrEnum


class LoginRefusedReason(StrEnum):
    """Each has its own sentence on the login screen."""

    SERVER_REFUSED = "server-refused"  # the backend rejected the certificate or signature
    UNKNOWN_OFFLINE = "unknown-offline"  # server unreachable, card never logged in here
    BAD_SIGNATURE = "bad-signature"  # offline: the signature does not match the certificate
    OTHER_PRACTITIONER = "other-practitioner"  # unlocking needs the session owner's card
    # e-CPS through Pro Santé Connect (no card, so nothing can be proved offline):
    ECPS_CANCELLED = "ecps-cancelled"  # the practitioner (or the screen) gave up
    ECPS_DENIED = "ecps-denied"  # refused at PSC or on the e-CPS app
    ECPS_TIMED_OUT = "ecps-timed-out"  # nobody finished the login in time
    ECPS_UNREACHABLE = "ecps-unreachable"  # PSC or the server cannot be reached
    ECPS_UNAVAILABLE = "ecps-unavailable"  # the server does not offer e-CPS login
    ECPS_INVALID = "ecps-invalid"  # PSC's answer did not pass validation
