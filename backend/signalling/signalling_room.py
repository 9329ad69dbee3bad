"""One teleconsultation's room: who is connected, and whether the patient was let in."""

import time
from dataclasses import dataclass, field

from aiohttp import web

from backend.signalling.signalling_message import PATIENT, PRACTITIONER


@dataclass
class SignallingRoom:
    """``sockets`` holds at most one connection per role (the latest: a reconnection
    replaces the one a lost network left behind). ``admitted`` outlives the patient's
    connection, so a patient who reconnects mid-call does not wait again."""

    appointment_id: str
    sockets: dict[str, web.WebSocketResponse] = field(default_factory=dict)
    admitted: bool = False
    # When the patient's current wait began (time.time()), for the practitioner's view.
    waiting_since: float | None = None
    # How many times the patient's page connected: a new one (a reload, another device)
    # has no call yet, and the practitioner's side offers it one.
    patient_connections: int = 0

    def patient_state(self) -> str:
        """``absent``, ``waiting`` (in the virtual waiting room) or ``admitted``."""
        if PATIENT not in self.sockets:
            return "absent"
        return "admitted" if self.admitted else "waiting"

    def state(self) -> dict[str, object]:
        return {
            "appointment": self.appointment_id,
            "patient": self.patient_state(),
            "practitioner": PRACTITIONER in self.sockets,
            "waitingSince": int(self.waiting_since) if self.waiting_since is not None else None,
            "patientConnections": self.patient_connections,
        }

    def arrived(self, role: str, socket: web.WebSocketResponse) -> web.WebSocketResponse | None:
        """Registers ``socket`` for ``role``; the connection it replaces, if any."""
        replaced = self.sockets.get(role)
        self.sockets[role] = socket
        if role == PATIENT:
            self.patient_connections += 1
        if role == PATIENT and not self.admitted and self.waiting_since is None:
            self.waiting_since = time.time()
        return replaced

    def left(self, role: str, socket: web.WebSocketResponse) -> bool:
        """Forgets ``socket`` if it is still ``role``'s (not already replaced)."""
        if self.sockets.get(role) is not socket:
            return False
        del self.sockets[role]
        if role == PATIENT and not self.admitted:
            self.waiting_since = None
        return True

    @staticmethod
    def other(role: str) -> str:
        return PATIENT if role == PRACTITIONER else PRACTITIONER
