"""Why the workstation shows the lock screen instead of patient data."""

from enum import StrEnum


class WorkstationLockReason(StrEnum):
    """Each has its own sentence on the lock screen."""

    NOT_LOGGED_IN = "not-logged-in"  # start-up: nobody has logged in yet
    CARD_REMOVED = "card-removed"  # the session's CPS left its reader
    IDLE = "idle"  # no keyboard or mouse activity for the configured time
    MANUAL = "manual"  # the user locked it (Ctrl+L)
    SESSION_ENDED = "session-ended"  # an e-CPS session the server no longer renews
