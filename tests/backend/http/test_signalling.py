"""Teleconsultation signalling over real WebSockets: join links, the waiting room, relaying.

The practitioner connects with a bearer token, the patient with the join link's token;
each test reads what the other side receives. A link altered, expired or for another
room is refused, and so is a message that is not part of the protocol.
"""

import asyncio
import json
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import datetime, timedelta
from typing import Any

import aiohttp
import pytest

from app.domain.room_presence import RoomPresence
from backend.signalling.join_link import JoinLink
from backend.signalling.join_link_error import JoinLinkError
from sync.server_token import ServerToken
from sync.teleconsultation_rooms_client import TeleconsultationRoomsClient
from tests.backend.http.conftest import LiveServer, ServerFactory
from tests.helpers.fhir_r4 import assert_valid_r4
from tests.helpers.teleconsultation_server import appointment_json

pytestmark = pytest.mark.asyncio

KEY = bytes(range(100, 132))
OFFER = "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n"
Socket = aiohttp.ClientWebSocketResponse


async def join_link(server: LiveServer, appointment_id: str) -> tuple[str, str]:
    """(the link's URL, its token)."""
    reply = await server.post(f"/Appointment/{appointment_id}/$join-link")
    assert reply.status == 200, reply.raw
    assert_valid_r4(reply.body)
    url = next(p["valueUrl"] for p in reply.body["parameter"] if p["name"] == "url")
    return url, url.partition("#")[2]


@asynccontextmanager
async def practitioner(server: LiveServer, appointment_id: str) -> AsyncIterator[Socket]:
    async with server.session.ws_connect(
        f"{server.url}/signalling/{appointment_id}",
        headers={"Authorization": f"Bearer {server.token}"},
    ) as socket:
        yield socket


@asynccontextmanager
async def patient(
    server: LiveServer, appointment_id: str, token: str | None
) -> AsyncIterator[Socket]:
    async with server.session.ws_connect(f"{server.url}/signalling/{appointment_id}") as socket:
        if token is not None:
            await socket.send_str(json.dumps({"type": "join", "token": token}))
        yield socket


async def received(socket: Socket, kind: str | None = None) -> dict[str, Any]:
    """The next message (of that type, skipping room updates when another is wanted)."""
    while True:
        frame = await socket.receive(timeout=5)
        assert frame.type == aiohttp.WSMsgType.TEXT, frame
        message: dict[str, Any] = json.loads(frame.data)
        if kind is None or message["type"] == kind:
            return message


async def room_until(socket: Socket, patient_state: str) -> dict[str, Any]:
    """Room updates until the patient is in that state; the last one."""
    while True:
        update = await received(socket, "room")
        if update["room"]["patient"] == patient_state:
            return update


async def closed_with(socket: Socket) -> tuple[int | None, str]:
    frame = await socket.receive(timeout=5)
    while frame.type == aiohttp.WSMsgType.TEXT:
        frame = await socket.receive(timeout=5)
    assert frame.type in (aiohttp.WSMsgType.CLOSE, aiohttp.WSMsgType.CLOSED), frame
    return socket.close_code, str(frame.extra or "")


async def test_a_join_link_names_one_teleconsultation_and_is_audited(
    server: LiveServer,
) -> None:
    made = await server.create(appointment_json())
    url, token = await join_link(server, made["id"])
    assert url.startswith(f"{server.url}/join/{made['id']}#")
    reply = await server.post(f"/Appointment/{made['id']}/$join-link")
    expires = next(p["valueInstant"] for p in reply.body["parameter"] if p["name"] == "expires")
    end = datetime.fromisoformat(made["end"])
    assert datetime.fromisoformat(expires) == (end + timedelta(hours=1)).replace(microsecond=0)
    assert "." in token and len(token) < 300
    await server.flush_audit()
    events = (await server.get("/AuditEvent?patient=Patient/p-1")).body.get("entry", [])
    operations = [
        e["resource"] for e in events if e["resource"]["subtype"][0]["code"] == "operation"
    ]
    assert len(operations) == 2
    assert {"reference": f"Appointment/{made['id']}"} in [
        entity["what"] for entity in operations[0]["entity"]
    ]

    in_person = await server.create(appointment_json(video=False))
    cancelled = await server.create(appointment_json(status="cancelled"))
    over = await server.create(appointment_json(starts_in=timedelta(hours=-5)))
    for target, status in (
        (in_person["id"], 409),
        (cancelled["id"], 409),
        (over["id"], 409),
        ("no-such-one", 404),
    ):
        assert (await server.post(f"/Appointment/{target}/$join-link")).status == status
    refused = await server.post(f"/Appointment/{made['id']}/$join-link", auth=False)
    assert refused.status == 401


async def test_the_waiting_room_then_the_call_relayed_both_ways(server: LiveServer) -> None:
    made = await server.create(appointment_json())
    room = made["id"]
    _, token = await join_link(server, room)
    async with practitioner(server, room) as doctor:
        welcome = await received(doctor, "welcome")
        assert welcome["role"] == "practitioner"
        assert welcome["room"]["patient"] == "absent"
        async with patient(server, room, token) as person:
            hello = await received(person, "welcome")
            assert hello["role"] == "patient" and hello["room"]["practitioner"] is True
            update = await room_until(doctor, "waiting")
            assert update["room"]["waitingSince"] <= time.time()
            state = await server.get(f"/Appointment/{room}/$room")
            assert state.body["patient"] == "waiting"

            # The waiting room holds: nothing of the patient's reaches the practitioner.
            await person.send_json({"type": "offer", "sdp": OFFER})
            assert (await received(person, "error"))["reason"] == "not admitted yet"

            await doctor.send_json({"type": "admit"})
            assert (await received(person, "admitted")) == {"type": "admitted"}
            await doctor.send_json({"type": "offer", "sdp": OFFER, "extra": "dropped"})
            assert await received(person, "offer") == {
                "type": "offer",
                "sdp": OFFER,
                "from": "practitioner",
            }
            await person.send_json({"type": "answer", "sdp": OFFER})
            assert (await received(doctor, "answer"))["from"] == "patient"
            candidate = {
                "type": "candidate",
                "candidate": "candidate:1 1 udp 2122260223 127.0.0.1 50000 typ host",
                "sdpMid": "0",
                "sdpMLineIndex": 0,
            }
            await person.send_json(candidate)
            assert await received(doctor, "candidate") == {**candidate, "from": "patient"}
            await person.send_json({"type": "mode", "audio_only": True, "extra": "dropped"})
            assert await received(doctor, "mode") == {
                "type": "mode",
                "audio_only": True,
                "both_ways": False,
                "from": "patient",
            }
            await doctor.send_json({"type": "mode", "audio_only": True, "both_ways": True})
            assert (await received(person, "mode"))["both_ways"] is True
            state = await server.get(f"/Appointment/{room}/$room")
            assert state.body["patient"] == "admitted"

            # The patient's network drops and comes back: let in again at once.
            async with patient(server, room, token) as again:
                assert (await closed_with(person))[0] == 4409
                await received(again, "welcome")
                assert await received(again, "admitted") == {"type": "admitted"}
                await again.send_json({"type": "answer", "sdp": OFFER})
                assert (await received(doctor, "answer"))["from"] == "patient"

                # Hang up: the call ends, the patient still connected waits again.
                await doctor.send_json({"type": "hangup"})
                assert (await received(again, "hangup"))["from"] == "practitioner"
                state = await server.get(f"/Appointment/{room}/$room")
                assert state.body["patient"] == "waiting"
        await room_until(doctor, "absent")
    assert (await server.get(f"/Appointment/{room}/$room")).body["patient"] == "absent"


async def test_altered_expired_and_foreign_links_are_refused(
    server_factory: ServerFactory,
) -> None:
    server = await server_factory(join_link_key=KEY)
    made = await server.create(appointment_json())
    other = await server.create(appointment_json())
    _, token = await join_link(server, made["id"])
    payload, _, signature = token.partition(".")
    tampered = ("A" if payload[0] != "A" else "B") + payload[1:] + "." + signature
    expired = JoinLink(KEY, clock=lambda: time.time() + 10).issue(made["id"], int(time.time()))
    for link, room, reason in (
        (tampered, made["id"], "forged"),
        (token[:-2] + ("AA" if token[-2:] != "AA" else "BB"), made["id"], "forged"),
        (expired, made["id"], "expired"),
        (token, other["id"], "other-room"),
        ("not a link", made["id"], "malformed"),
        (JoinLink(bytes(32)).issue(made["id"], int(time.time()) + 600), made["id"], "forged"),
    ):
        async with patient(server, room, link) as socket:
            assert await closed_with(socket) == (4401, reason)
    assert (await server.get(f"/Appointment/{made['id']}/$room")).body["patient"] == "absent"

    # The key is the server's: a link it made is good with JoinLink under that key only.
    assert JoinLink(KEY).verify(token, made["id"]) > time.time()
    with pytest.raises(JoinLinkError):
        JoinLink(bytes(reversed(KEY))).verify(token, made["id"])


async def test_no_join_message_bad_tokens_and_closed_appointments(server: LiveServer) -> None:
    made = await server.create(appointment_json())
    server.fhir.signalling.join_timeout_s = 0.3
    async with patient(server, made["id"], None) as silent:
        assert await closed_with(silent) == (4401, "no join message")
    refused = await server.session.get(
        f"{server.url}/signalling/{made['id']}",
        headers={"Authorization": "Bearer forged.token.here"},
    )
    assert refused.status == 401
    assert (await server.session.get(f"{server.url}/signalling/missing")).status == 404
    done = await server.create(appointment_json(status="fulfilled"))
    assert (await server.session.get(f"{server.url}/signalling/{done['id']}")).status == 409


async def test_sockets_that_never_join_are_capped(server: LiveServer) -> None:
    made = await server.create(appointment_json())
    _, token = await join_link(server, made["id"])
    hub = server.fhir.signalling
    hub.max_unproven, hub.join_timeout_s = 1, 2.0
    async with patient(server, made["id"], None) as silent:
        await asyncio.sleep(0.1)  # connected, no join message yet
        with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
            async with patient(server, made["id"], token):
                pass
        assert refused.value.status == 503
        assert await closed_with(silent) == (4401, "no join message")
    async with patient(server, made["id"], token) as person:
        assert (await received(person, "welcome"))["role"] == "patient"


async def test_messages_outside_the_protocol_are_refused_then_the_socket_closed(
    server: LiveServer,
) -> None:
    made = await server.create(appointment_json())
    _, token = await join_link(server, made["id"])
    bad = [
        "not json",
        "[1, 2]",
        json.dumps({"type": "admit"}),  # only the practitioner lets in
        json.dumps({"type": "offer", "sdp": "hello"}),
        json.dumps({"type": "offer", "sdp": "v=0" + "x" * 70_000}),
        json.dumps({"type": "candidate", "candidate": 5}),
        json.dumps({"type": "candidate", "candidate": "", "sdpMLineIndex": True}),
        json.dumps({"type": "mode", "audio_only": "yes"}),
        json.dumps({"type": "mode", "audio_only": True, "both_ways": 1}),
        json.dumps({"type": "join", "token": token}),  # already joined
        json.dumps({"type": "surprise"}),
    ]
    async with (
        practitioner(server, made["id"]) as doctor,
        patient(server, made["id"], token) as person,
    ):
        await received(person, "welcome")
        await doctor.send_json({"type": "admit"})
        await received(person, "admitted")
        for text in bad:
            await person.send_str(text)
            assert (await received(person, "error"))["reason"]
        await person.send_bytes(b"\x00\x01")
        assert (await received(person, "error"))["reason"] == "text messages only"
        # Nothing of it reached the practitioner.
        await person.send_json({"type": "mode", "audio_only": False})
        assert (await received(doctor, "mode"))["audio_only"] is False
        for _ in range(20):
            await person.send_str("{}")
        code, _ = await closed_with(person)
        assert code == aiohttp.WSCloseCode.POLICY_VIOLATION


async def test_the_workstation_reads_the_virtual_waiting_room(server: LiveServer) -> None:
    made = await server.create(appointment_json())
    room = made["id"]
    _, token = await join_link(server, room)
    tokens = ServerToken(server.url)
    rooms = TeleconsultationRoomsClient(tokens)
    with pytest.raises(ConnectionError):
        await rooms.room(room)  # no login yet: nothing to ask with
    tokens.keep(server.token, server.url, 600)
    assert (await rooms.room(room)).patient is RoomPresence.ABSENT
    async with patient(server, room, token) as person:
        await received(person, "welcome")
        state = await rooms.room(room)
        assert state.patient is RoomPresence.WAITING and not state.practitioner
        assert state.waiting_since is not None
        assert abs(state.waiting_since.timestamp() - time.time()) < 30
        async with practitioner(server, room) as doctor:
            await doctor.send_json({"type": "admit"})
            await received(person, "admitted")
            state = await rooms.room(room)
            assert state.patient is RoomPresence.ADMITTED and state.practitioner
    tokens.keep("forged", server.url, 600)
    with pytest.raises(ConnectionError):
        await rooms.room(room)
