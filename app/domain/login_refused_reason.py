"""Why a login the card accepted still opens no session."""

from enum import StrEnum


class LoginRefusedReason(StrEnum):
    """Each has its own sentence on the login screen."""

    SERVER_REFUSED = "server-refused"  # the backend rejected the certificate or signature
    UNKNOWN_OFFLINE = "unknown-offline"  # server unreachable, card never logged in here
    BAD_SIGNATURE = "bad-signature"  # offline: the signature does not match the certificate
    OTHER_PRACTITIONER = "other-practitioner"  # unlocking needs the session owner's card
