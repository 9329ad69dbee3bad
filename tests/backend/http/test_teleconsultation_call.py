"""A teleconsultation end to end: the workstation's call code and the patient's page.

The practitioner's side is :class:`media.call_session.CallSession` (aiortc) in this
process; the patient's side is Debian's Chromium, headless, with its fake camera and
microphone, opening the join link served by the backend — and, for the whole call, also
Debian's Firefox ESR (Safari cannot run here). Video and audio must flow both ways
(decoded frames counted and measured on each side), and the call must survive the loss
of either side's signalling socket.
"""

import asyncio
import contextlib
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import aioice.ice
import pytest
from aiortc.mediastreams import AudioStreamTrack, MediaStreamTrack, VideoStreamTrack

from backend.signalling.ice_servers import IceServers
from media.call_session import CallSession
from tests.backend.http.conftest import LiveServer, ServerFactory
from tests.helpers.browser_page import BrowserPage
from tests.helpers.chromium_page import ChromiumPage
from tests.helpers.firefox_page import FirefoxPage
from tests.helpers.teleconsultation_server import appointment_json
from tests.helpers.turn_server import TurnServer

pytestmark = pytest.mark.asyncio

SCREENSHOTS = Path(__file__).resolve().parents[3] / "test-artifacts" / "screenshots"


class Received:
    """What the practitioner's side decodes from the patient."""

    def __init__(self) -> None:
        self.video_frames = 0
        self.sizes: set[tuple[int, int]] = set()
        self.audio_frames = 0
        self.tasks: list[asyncio.Task[None]] = []

    def track(self, track: MediaStreamTrack) -> None:
        self.tasks.append(asyncio.create_task(self._drain(track)))

    async def _drain(self, track: MediaStreamTrack) -> None:
        with contextlib.suppress(Exception):  # the track ends when the call does
            while True:
                frame: Any = await track.recv()
                if track.kind == "video":
                    self.video_frames += 1
                    self.sizes.add((frame.width, frame.height))
                else:
                    self.audio_frames += 1


async def open_room(server: LiveServer) -> tuple[str, str]:
    """A teleconsultation booked on ``server``: (its id, the patient's join link)."""
    made = await server.create(appointment_json())
    reply = await server.post(f"/Appointment/{made['id']}/$join-link")
    url = next(p["valueUrl"] for p in reply.body["parameter"] if p["name"] == "url")
    return str(made["id"]), str(url)


async def patient_waits(page: BrowserPage) -> None:
    """The device check passed (the fake camera in the preview), consent, join."""
    await page.until("document.getElementById('preview').videoWidth > 0")
    assert await page.evaluate("document.getElementById('join').disabled") is True
    await page.evaluate("document.getElementById('consent').click()")
    await page.evaluate("document.getElementById('join').click()")
    await page.until("window.cabinetState.phase === 'waiting'")


async def media_both_ways(page: BrowserPage, received: Received, *, more_than: int = 0) -> None:
    """Frames decoded in the browser and here (beyond ``more_than`` already counted)."""
    stats = await page.until(
        "window.cabinetStats().then(s => s && s.video && s.video.framesDecoded >= 30"
        " && s.audio && s.audio.samples > 0 ? s : null)",
        within=30,
    )
    assert (stats["video"]["width"], stats["video"]["height"]) == (640, 480)
    wanted = more_than + 30
    for _ in range(300):
        if received.video_frames >= wanted and received.audio_frames >= 50:
            break
        await asyncio.sleep(0.1)
    assert received.video_frames >= wanted and received.audio_frames >= 50
    assert all(width >= 320 and height >= 240 for width, height in received.sizes)


async def let_in(call: CallSession, page: BrowserPage, received: Received) -> None:
    """The waiting patient let in: connected, pictures and sound flowing both ways."""
    await call.until(lambda: call.patient_state == "waiting")
    await call.admit()
    await call.until(lambda: call.connection_state == "connected")
    await media_both_ways(page, received)


@contextlib.asynccontextmanager
async def practitioner_call(
    server: LiveServer, room: str, *, relay_only: bool = False
) -> AsyncIterator[tuple[CallSession, Received]]:
    received = Received()

    async def token() -> str:
        return server.token

    call = CallSession(
        server.url,
        room,
        token,
        video=VideoStreamTrack(),
        audio=AudioStreamTrack(),
        on_track=received.track,
        relay_only=relay_only,
    )
    try:
        await call.open()
        yield call, received
    finally:
        await call.close()
        for task in received.tasks:
            task.cancel()
        await asyncio.gather(*received.tasks, return_exceptions=True)


@pytest.mark.parametrize("browser", [ChromiumPage, FirefoxPage], ids=["chromium", "firefox"])
async def test_the_patient_joins_waits_is_admitted_and_both_sides_see_and_hear(
    server: LiveServer, browser: type[ChromiumPage | FirefoxPage]
) -> None:
    room, url = await open_room(server)
    page_reply = await server.get(f"/join/{room}", auth=False)
    assert page_reply.status == 200
    assert "frame-ancestors 'none'" in page_reply.headers["Content-Security-Policy"]
    assert page_reply.headers["Referrer-Policy"] == "no-referrer"

    async with practitioner_call(server, room) as (call, received), browser.open(url) as page:
        await patient_waits(page)
        assert "salle d'attente" in await page.evaluate(
            "document.getElementById('status').textContent"
        )
        await let_in(call, page, received)
        await page.until("window.cabinetState.phase === 'in-call'")
        await page.until("document.getElementById('remote').videoWidth === 640")
        await page.set_viewport(1100, 760)
        await page.screenshot(SCREENSHOTS / f"patient_page_call_{page.name.lower()}.png")

        status = "document.getElementById('status').textContent"
        # The practitioner's camera off, then back: the page says so.
        await call.set_camera_off(True)
        await page.until(f"{status}.includes('a coupé sa caméra')")
        await call.set_camera_off(False)
        await page.until(f"{status}.includes('caméra de votre médecin est rétablie')")
        # Sound only, asked by the practitioner: the page turns its own camera off too
        # and says so; the practitioner's side hears that the patient is in audio only.
        await call.set_audio_only(True)
        await page.until(f"{status}.includes('votre caméra est coupée aussi')")
        await page.until("window.cabinetState.audioOnly === true")
        await call.until(lambda: call.patient_audio_only)
        await call.set_audio_only(False)
        await page.until("window.cabinetState.audioOnly === false")
        await call.until(lambda: not call.patient_audio_only)

        # The patient switches to audio only by themselves: the practitioner's side is told.
        await page.evaluate("document.getElementById('audio-only').click()")
        await call.until(lambda: call.patient_audio_only)
        assert "Rétablir" in await page.evaluate(
            "document.getElementById('audio-only').textContent"
        )

        # The practitioner hangs up: the page says so.
        await call.hang_up()
        await page.until("window.cabinetState.phase === 'ended'")
        assert "terminé la consultation" in await page.evaluate(
            "document.getElementById('status').textContent"
        )
        assert call.negotiations == 1


async def test_the_call_survives_the_loss_of_either_signalling_socket(server: LiveServer) -> None:
    room, url = await open_room(server)
    async with practitioner_call(server, room) as (call, received), ChromiumPage.open(url) as page:
        await patient_waits(page)
        await let_in(call, page, received)

        # The practitioner's socket drops: the media go on, the socket comes back.
        await call.signalling.drop()
        counted = received.video_frames
        await call.until(lambda: call.signalling.connections == 2)
        await media_both_ways(page, received, more_than=counted)
        assert call.negotiations == 1

        # The patient's socket drops (as on a network change): the page reconnects, is
        # let in at once, and the practitioner's side offers a new connection.
        hub = server.fhir.signalling
        await hub.rooms[room].sockets["patient"].close()
        await page.until("window.cabinetState.reconnects >= 1")
        await call.until(lambda: call.negotiations == 2 and call.connection_state == "connected")
        counted = received.video_frames
        await media_both_ways(page, received, more_than=counted)
        await page.until("window.cabinetState.phase === 'in-call'")

        await call.hang_up()
        await page.until("window.cabinetState.phase === 'ended'")


async def test_a_lost_network_path_is_renegotiated_and_the_call_goes_on(
    server: LiveServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The workstation's network changes mid-call: nothing passes any more on its ICE
    connection's sockets (as when an interface goes away). ICE consent expires, the
    connection ends (aiortc says "closed"), and the practitioner's side offers a new one
    (aiortc has no ICE restart); the patient's page answers it and the pictures come
    back, the signalling untouched."""
    # ICE consent checks every 0.2 s instead of 5 s: the failure shows in seconds.
    monkeypatch.setattr(aioice.ice, "CONSENT_INTERVAL", 0.2)
    room, url = await open_room(server)
    async with practitioner_call(server, room) as (call, received), ChromiumPage.open(url) as page:
        await patient_waits(page)
        await let_in(call, page, received)
        lost = call.peer
        assert lost is not None
        # The fault: every datagram of the ICE connection lost, both ways.
        for transceiver in lost.getTransceivers():
            ice = transceiver.sender.transport.transport
            for protocol in ice._connection._protocols:
                monkeypatch.setattr(protocol.transport, "sendto", lambda *_args: None)
                monkeypatch.setattr(protocol, "datagram_received", lambda *_args: None)
        await call.until(lambda: any("new offer" in e for e in call.events), timeout_s=30)
        await call.until(
            lambda: call.negotiations == 2 and call.connection_state == "connected",
            timeout_s=30,
        )
        assert call.peer is not lost
        counted = received.video_frames
        await media_both_ways(page, received, more_than=counted)
        assert call.signalling.connections == 1  # no socket was lost on the way
        await call.hang_up()
        await page.until("window.cabinetState.phase === 'ended'")


async def test_a_relay_only_call_goes_through_coturn(server_factory: ServerFactory) -> None:
    with TurnServer.start() as turn:
        server = await server_factory(ice=IceServers(turn=[turn.url], turn_secret=turn.secret))
        room, url = await open_room(server)
        async with (
            practitioner_call(server, room, relay_only=True) as (call, received),
            ChromiumPage.open(url) as page,
        ):
            await patient_waits(page)
            # Both sides got TURN credentials made for this room, from the server.
            servers = await page.evaluate("window.cabinetState.iceServers")
            assert servers[0]["urls"] == [turn.url]
            assert servers[0]["username"].endswith(f":{room}-patient")
            await let_in(call, page, received)
            route = await page.evaluate("window.cabinetStats().then(s => s.route)")
            assert route["remote"] == "relay", route
            # The practitioner's address the browser sends to is one coturn relays from.
            assert route["remotePort"] in turn.relay_ports
            await call.hang_up()


async def test_a_broken_link_is_said_in_plain_words(server: LiveServer) -> None:
    made = await server.create(appointment_json())
    url = f"{server.url}/join/{made['id']}#not-a-valid-token"
    async with ChromiumPage.open(url) as page:
        await page.until("document.getElementById('preview').videoWidth > 0")
        await page.evaluate("document.getElementById('consent').click()")
        await page.evaluate("document.getElementById('join').click()")
        error = await page.until(
            "window.cabinetState.phase === 'error' && window.cabinetState.error"
        )
        assert "n'est plus valable" in error
    async with ChromiumPage.open(f"{server.url}/join/{made['id']}") as page:
        error = await page.until("window.cabinetState.error")
        assert "incomplet" in error
