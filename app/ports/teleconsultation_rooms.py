"""Where the agenda learns whether a teleconsultation's patient has joined.

Implemented by ``sync.teleconsultation_rooms_client.TeleconsultationRoomsClient`` (the
backend's ``GET /Appointment/<id>/$room``, under the practitioner's token).
"""

from typing import Protocol

from app.domain.room_state import RoomState


class TeleconsultationRooms(Protocol):
    """One question: who is in this appointment's room."""

    async def room(self, appointment_id: str) -> RoomState:
        """The room now; ConnectionError when the server cannot say (offline, no token)."""
