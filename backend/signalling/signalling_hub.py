"""WebSocket signalling for teleconsultations: one room per Appointment.

Routes (added by :class:`backend.http.fhir_app.FhirApp`):

- ``POST /Appointment/<id>/$join-link`` (practitioner's bearer token): a FHIR
  Parameters with ``url`` (``<base>/join/<id>#<token>``, the token in the fragment so
  that no server or proxy ever logs it) and ``expires``. Only for a teleconsultation
  (``serviceType`` SNOMED CT 448337001) that is not cancelled, finished or over; valid
  until one hour after the appointment's end, at most seven days. Audited.
- ``GET /Appointment/<id>/$room`` (bearer): ``{"appointment", "patient": "absent" |
  "waiting" | "admitted", "practitioner": bool, "waitingSince": Unix seconds | null,
  "patientConnections": n}``, for the agenda to show who is in the virtual waiting room
  (n counts the patient's page connections: a new one needs a new offer).
- ``GET /signalling/<id>``: the room's WebSocket. The practitioner's connection carries
  ``Authorization: Bearer <token>`` (checked before the upgrade: 401 otherwise, and the
  practitioner's joining is audited). The patient's first message, within
  ``join_timeout_s``, is ``{"type": "join", "token": <the link's token>}``; a refused
  link closes the socket with code 4401 and the reason (malformed, forged, expired,
  other-room), a cancelled or deleted appointment with 4404.

Messages are JSON objects, each at most 128 KiB, checked by :class:`SignallingMessage`:

- server → client: ``{"type": "welcome", "role", "room": <state>, "iceServers": [...]}``
  on joining (the STUN/TURN servers to use, TURN credentials made for this participant:
  :class:`IceServers`);
  ``{"type": "room", "room": <state>}`` whenever someone arrives, leaves or is let in;
  ``{"type": "admitted"}`` to the patient let in; ``{"type": "error", "reason"}`` for a
  message refused (the connection stays, up to 20 refusals, then 1008);
- client → server, relayed to the other side with ``"from": <role>``: ``offer`` and
  ``answer`` (``sdp``), ``candidate`` (``candidate``, ``sdpMid``, ``sdpMLineIndex``:
  trickle ICE from browsers), ``mode`` (``audio_only``: the sender's camera off or
  back; with ``both_ways`` the other side is asked to do the same — the practitioner's
  « Audio seul »), ``hangup``; the practitioner's
  ``admit`` lets the waiting patient in. Before that, the patient's offers, answers,
  candidates and modes are refused ("not admitted yet"): the waiting room holds.
  A ``hangup`` ends the call; a patient still connected waits again.

A second connection for a role replaces the first (closed with 4409): that is how a
side reconnects after a network loss, and the patient, once let in, stays let in. The
rooms live in this process's memory: a restarted server has empty rooms and both sides
reconnect.
"""

import asyncio
import contextlib
import json
import logging
import time
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import aiohttp
from aiohttp import web

from backend.auth.auth_error import AuthError
from backend.auth.principal import Principal
from backend.auth.token_issuer import TokenIssuer
from backend.http.fhir_context import FhirContext
from backend.http.fhir_error import FhirError
from backend.http.fhir_response import FhirResponse
from backend.http.patient_links import PatientLinks
from backend.signalling.ice_servers import IceServers
from backend.signalling.join_link import JoinLink
from backend.signalling.join_link_error import JoinLinkError
from backend.signalling.signalling_message import (
    MAX_MESSAGE_BYTES,
    PATIENT,
    PRACTITIONER,
    SignallingMessage,
)
from backend.signalling.signalling_room import SignallingRoom

log = logging.getLogger(__name__)

# Appointment.serviceType of a teleconsultation (SNOMED CT "Telemedicine consultation
# with patient"), as the workstation writes it.
TELECONSULTATION = ("http://snomed.info/sct", "448337001")
LINK_AFTER_END_S = 3600
MAX_LINK_S = 7 * 86400
MAX_REFUSALS = 20
# Sockets still to prove their link (no token yet): each may hold on for join_timeout_s,
# so their number is capped, server-wide, and the rest are told to come back (503).
MAX_UNPROVEN = 64
HEARTBEAT_S = 15.0
_CLOSED_STATUSES = frozenset({"cancelled", "noshow", "fulfilled", "entered-in-error"})
_RELAYED = frozenset({"offer", "answer", "candidate", "mode"})


class SignallingHub:
    """The rooms of this server process, and their HTTP and WebSocket handlers."""

    def __init__(
        self,
        ctx: FhirContext,
        issuer: TokenIssuer,
        links: JoinLink,
        *,
        ice: IceServers | None = None,
        join_timeout_s: float = 10.0,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.ice = ice or IceServers()
        self._ctx = ctx
        self._issuer = issuer
        self._links = links
        self.join_timeout_s = join_timeout_s
        self.max_unproven = MAX_UNPROVEN
        self._unproven = 0
        self._clock = clock
        self.rooms: dict[str, SignallingRoom] = {}

    # -- HTTP --------------------------------------------------------------------------

    async def join_link(self, request: web.Request) -> web.Response:
        appointment_id = request.match_info["id"]
        appointment = await self._teleconsultation(appointment_id)
        now = self._clock()
        expires = int(min(_end_of(appointment) + LINK_AFTER_END_S, now + MAX_LINK_S))
        if expires <= now:
            raise FhirError(409, "This appointment is over: no join link is given for it")
        token = self._links.issue(appointment_id, expires)
        self._audit(self._ctx.principal(request), appointment_id, appointment, request)
        url = f"{self._ctx.base(request)}/join/{appointment_id}#{token}"
        return FhirResponse.json(
            {
                "resourceType": "Parameters",
                "parameter": [
                    {"name": "url", "valueUrl": url},
                    {"name": "expires", "valueInstant": _instant(expires)},
                ],
            }
        )

    async def room_state(self, request: web.Request) -> web.Response:
        appointment_id = request.match_info["id"]
        room = self.rooms.get(appointment_id) or SignallingRoom(appointment_id)
        return web.json_response(room.state())

    # -- WebSocket ---------------------------------------------------------------------

    async def websocket(self, request: web.Request) -> web.StreamResponse:
        appointment_id = request.match_info["id"]
        principal = self._bearer(request)
        appointment = await self._open_appointment(appointment_id)
        if principal is None and self._unproven >= self.max_unproven:
            raise FhirError(
                503,
                "Too many connections waiting to join: try again shortly",
                headers={"Retry-After": "2"},
            )
        socket = web.WebSocketResponse(heartbeat=HEARTBEAT_S, max_msg_size=MAX_MESSAGE_BYTES)
        await socket.prepare(request)
        if principal is not None:
            role = PRACTITIONER
            self._audit(principal, appointment_id, appointment, request)
        else:
            role = PATIENT
            self._unproven += 1
            try:
                joined = await self._patient_joined(socket, appointment_id)
            finally:
                self._unproven -= 1
            if not joined:
                return socket
        room = self.rooms.setdefault(appointment_id, SignallingRoom(appointment_id))
        replaced = room.arrived(role, socket)
        if replaced is not None:
            await replaced.close(code=4409, message=b"replaced by a new connection")
        log.info("signalling: %s joined a room", role)
        try:
            await _send(
                socket,
                {
                    "type": "welcome",
                    "role": role,
                    "room": room.state(),
                    "iceServers": self.ice.for_participant(appointment_id, role),
                },
            )
            if role == PATIENT and room.admitted:
                await _send(socket, {"type": "admitted"})
            await self._announce(room)
            await self._serve(socket, room, role)
        finally:
            if room.left(role, socket):
                log.info("signalling: %s left a room", role)
                await self._announce(room)
            if not room.sockets and self.rooms.get(appointment_id) is room:
                del self.rooms[appointment_id]
        return socket

    async def close_all(self) -> None:
        """Server shutdown: every socket closed (1001, going away)."""
        for room in list(self.rooms.values()):
            for socket in list(room.sockets.values()):
                await socket.close(code=aiohttp.WSCloseCode.GOING_AWAY, message=b"server stopping")

    async def _serve(self, socket: web.WebSocketResponse, room: SignallingRoom, role: str) -> None:
        refusals = 0
        async for frame in socket:
            if frame.type != aiohttp.WSMsgType.TEXT:
                if frame.type == aiohttp.WSMsgType.BINARY:
                    refusals += 1
                    await _send(socket, {"type": "error", "reason": "text messages only"})
                continue
            try:
                message = SignallingMessage.parse(frame.data, role)
                await self._handle(room, role, message)
            except ValueError as exc:
                refusals += 1
                await _send(socket, {"type": "error", "reason": str(exc)})
            if refusals >= MAX_REFUSALS:
                await socket.close(
                    code=aiohttp.WSCloseCode.POLICY_VIOLATION, message=b"too many bad messages"
                )
                return

    async def _handle(self, room: SignallingRoom, role: str, message: dict[str, Any]) -> None:
        kind = message["type"]
        other = room.sockets.get(SignallingRoom.other(role))
        if kind == "join":
            raise ValueError("already joined")
        if kind == "admit":
            room.admitted = True
            room.waiting_since = None
            patient = room.sockets.get(PATIENT)
            if patient is not None:
                await _send(patient, {"type": "admitted"})
            await self._announce(room)
            return
        if kind == "hangup":
            room.admitted = False
            if PATIENT in room.sockets:
                room.waiting_since = self._clock()
            if other is not None:
                await _send(other, {**message, "from": role})
            await self._announce(room)
            return
        if kind in _RELAYED:
            if not room.admitted:
                raise ValueError("not admitted yet")
            if other is None:
                raise ValueError(f"the {SignallingRoom.other(role)} is not connected")
            await _send(other, {**message, "from": role})

    async def _patient_joined(self, socket: web.WebSocketResponse, appointment_id: str) -> bool:
        """The patient's first message proves the link; False (socket closed) otherwise."""
        try:
            frame = await socket.receive(timeout=self.join_timeout_s)
        except TimeoutError:
            await socket.close(code=4401, message=b"no join message")
            return False
        reason = "malformed"
        if frame.type == aiohttp.WSMsgType.TEXT:
            try:
                message = SignallingMessage.parse(frame.data, PATIENT)
                if message["type"] == "join":
                    self._links.verify(message["token"], appointment_id)
                    return True
            except JoinLinkError as exc:
                reason = exc.reason
            except ValueError:
                pass
        log.info("signalling: a join link was refused (%s)", reason)
        await socket.close(code=4401, message=reason.encode())
        return False

    async def _announce(self, room: SignallingRoom) -> None:
        """Everyone in the room learns its new state."""
        state = {"type": "room", "room": room.state()}
        for socket in list(room.sockets.values()):
            await _send(socket, state)

    # -- helpers -----------------------------------------------------------------------

    def _bearer(self, request: web.Request) -> Principal | None:
        header = request.headers.get("Authorization")
        if header is None:
            return None
        scheme, _, token = header.partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            raise AuthError("a Bearer access token is required", error="invalid_request")
        return self._issuer.verify(token.strip())

    async def _open_appointment(self, appointment_id: str) -> dict[str, Any]:
        stored = await self._ctx.storage.read("Appointment", appointment_id)
        if stored is None or stored.deleted or stored.json is None:
            raise FhirError(404, "No such appointment")
        if stored.json.get("status") in _CLOSED_STATUSES:
            raise FhirError(409, "This appointment is closed: its room is too")
        return stored.json

    async def _teleconsultation(self, appointment_id: str) -> dict[str, Any]:
        appointment = await self._open_appointment(appointment_id)
        codes = {
            (coding.get("system"), coding.get("code"))
            for concept in appointment.get("serviceType", [])
            if isinstance(concept, dict)
            for coding in concept.get("coding", [])
            if isinstance(coding, dict)
        }
        if TELECONSULTATION not in codes:
            raise FhirError(409, "This appointment is not a teleconsultation")
        return appointment

    def _audit(
        self,
        principal: Principal,
        appointment_id: str,
        appointment: dict[str, Any],
        request: web.Request,
    ) -> None:
        self._ctx.audit.defer(
            self._ctx.audit.event(
                principal,
                "E",
                "operation",
                patients=PatientLinks.patients("Appointment", appointment_id, appointment),
                resources=[f"Appointment/{appointment_id}"],
                address=self._ctx.address(request),
            )
        )


async def _send(socket: web.WebSocketResponse, message: dict[str, Any]) -> None:
    # A side that went away meanwhile: what it misses, it learns from the welcome
    # message when it reconnects.
    with contextlib.suppress(ConnectionError, RuntimeError, asyncio.CancelledError):
        if not socket.closed:
            await socket.send_str(json.dumps(message, separators=(",", ":")))


def _end_of(appointment: dict[str, Any]) -> float:
    """The appointment's end (or start) as Unix seconds; now when it has neither."""
    for key in ("end", "start"):
        value = appointment.get(key)
        if isinstance(value, str):
            with contextlib.suppress(ValueError):
                moment = datetime.fromisoformat(value)
                if moment.tzinfo is None:
                    moment = moment.replace(tzinfo=UTC)
                return moment.timestamp()
    return time.time()


def _instant(unix: int) -> str:
    return datetime.fromtimestamp(unix, UTC).isoformat().replace("+00:00", "Z")
