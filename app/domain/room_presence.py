"""Where a teleconsultation's patient is, as the server's signalling room says."""

from enum import StrEnum


class RoomPresence(StrEnum):
    """The values are the backend's (``GET /Appointment/<id>/$room``)."""

    ABSENT = "absent"  # the patient's page is not connected
    WAITING = "waiting"  # in the virtual waiting room, not let in yet
    ADMITTED = "admitted"  # let in: in the call
