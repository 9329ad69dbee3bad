"""The patient's page in headless Chromium (fake camera and microphone) against the server.

The practitioner's side is aiortc in this process, speaking the signalling protocol over
a real WebSocket; the patient's side is Debian's Chromium opening the join link. Video
and audio must flow both ways: decoded frames counted and measured on each side.
"""

import asyncio
import contextlib
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from aiortc import RTCConfiguration, RTCPeerConnection, RTCSessionDescription
from aiortc.mediastreams import AudioStreamTrack, MediaStreamTrack, VideoStreamTrack

from tests.backend.http.conftest import LiveServer
from tests.helpers.chromium_page import ChromiumPage

pytestmark = pytest.mark.asyncio

SCREENSHOTS = Path(__file__).resolve().parents[3] / "test-artifacts" / "screenshots"


def teleconsultation() -> dict[str, Any]:
    start = datetime.now(UTC) + timedelta(minutes=5)
    return {
        "resourceType": "Appointment",
        "status": "booked",
        "start": start.isoformat(),
        "end": (start + timedelta(minutes=20)).isoformat(),
        "serviceType": [{"coding": [{"system": "http://snomed.info/sct", "code": "448337001"}]}],
        "participant": [
            {"actor": {"reference": "Patient/p-1"}, "status": "accepted"},
            {"actor": {"reference": "Practitioner/dr-1"}, "status": "accepted"},
        ],
    }


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


async def message(socket: aiohttp.ClientWebSocketResponse, kind: str) -> dict[str, Any]:
    while True:
        frame = await socket.receive(timeout=20)
        assert frame.type == aiohttp.WSMsgType.TEXT, frame
        data: dict[str, Any] = json.loads(frame.data)
        if data["type"] == kind:
            return data


async def test_the_patient_joins_waits_is_admitted_and_both_sides_see_and_hear(
    server: LiveServer,
) -> None:
    made = await server.create(teleconsultation())
    room = made["id"]
    reply = await server.post(f"/Appointment/{room}/$join-link")
    url = next(p["valueUrl"] for p in reply.body["parameter"] if p["name"] == "url")
    page_reply = await server.get(f"/join/{room}", auth=False)
    assert page_reply.status == 200
    assert "frame-ancestors 'none'" in page_reply.headers["Content-Security-Policy"]
    assert page_reply.headers["Referrer-Policy"] == "no-referrer"

    received = Received()
    peer = RTCPeerConnection(RTCConfiguration(iceServers=[]))
    peer.on("track", received.track)
    video, audio = VideoStreamTrack(), AudioStreamTrack()
    peer.addTrack(video)
    peer.addTrack(audio)
    async with (
        server.session.ws_connect(
            f"{server.url}/signalling/{room}",
            headers={"Authorization": f"Bearer {server.token}"},
        ) as doctor,
        ChromiumPage.open(url) as page,
    ):
        try:
            # The device check: the fake camera's picture in the preview, then consent.
            await page.until("document.getElementById('preview').videoWidth > 0")
            assert await page.evaluate("document.getElementById('join').disabled") is True
            await page.evaluate("document.getElementById('consent').click()")
            await page.evaluate("document.getElementById('join').click()")
            await page.until("window.cabinetState.phase === 'waiting'")
            assert "salle d'attente" in await page.evaluate(
                "document.getElementById('status').textContent"
            )
            while (await message(doctor, "room"))["room"]["patient"] != "waiting":
                pass

            await doctor.send_json({"type": "admit"})
            await page.until("window.cabinetState.phase === 'in-call'")
            await peer.setLocalDescription(await peer.createOffer())
            await doctor.send_json({"type": "offer", "sdp": peer.localDescription.sdp})
            answer = await message(doctor, "answer")
            await peer.setRemoteDescription(RTCSessionDescription(answer["sdp"], "answer"))

            # Both ways: the patient's camera and microphone here, ours in the browser.
            stats = await page.until(
                "window.cabinetStats().then(s => s && s.video && s.video.framesDecoded >= 30"
                " && s.audio && s.audio.samples > 0 ? s : null)",
                within=30,
            )
            assert (stats["video"]["width"], stats["video"]["height"]) == (640, 480)
            for _ in range(300):
                if received.video_frames >= 30 and received.audio_frames >= 50:
                    break
                await asyncio.sleep(0.1)
            assert received.video_frames >= 30 and received.audio_frames >= 50
            assert all(width >= 320 and height >= 240 for width, height in received.sizes)
            await page.until("document.getElementById('remote').videoWidth === 640")
            await page.call(
                "Emulation.setDeviceMetricsOverride",
                width=1100,
                height=760,
                deviceScaleFactor=1,
                mobile=False,
            )
            await page.screenshot(SCREENSHOTS / "patient_page_call.png")

            # The patient switches to audio only: the practitioner is told.
            await page.evaluate("document.getElementById('audio-only').click()")
            assert (await message(doctor, "mode"))["audio_only"] is True
            assert "Rétablir" in await page.evaluate(
                "document.getElementById('audio-only').textContent"
            )

            # The practitioner hangs up: the page says so.
            await doctor.send_json({"type": "hangup"})
            await page.until("window.cabinetState.phase === 'ended'")
            assert "terminé la consultation" in await page.evaluate(
                "document.getElementById('status').textContent"
            )
        finally:
            await peer.close()
            for task in received.tasks:
                task.cancel()
            await asyncio.gather(*received.tasks, return_exceptions=True)


async def test_a_broken_link_is_said_in_plain_words(server: LiveServer) -> None:
    made = await server.create(teleconsultation())
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
