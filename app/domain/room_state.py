"""Who is in a teleconsultation's virtual room, as the server last said."""

from dataclasses import dataclass
from datetime import datetime

from app.domain.room_presence import RoomPresence


@dataclass(frozen=True, slots=True)
class RoomState:
    """``waiting_since`` is when the patient's current wait began (aware), if waiting."""

    patient: RoomPresence
    practitioner: bool = False
    waiting_since: datetime | None = None
