"""A camera that goes away mid-call is replaced on the same connection, with no drop.

A real aiortc pair in this process. The sending side's camera is a synthetic camera
behind the relay the call uses; it is stopped mid-call, as an unplugged camera's track
ends. The receiver must go on decoding pictures, now the second camera's (told apart
by their size), with no gap longer than a second and no renegotiation; with no camera
left the video ends and the audio goes on.
"""

import asyncio
import contextlib
import time
from collections.abc import AsyncIterator, Callable
from typing import Any

import pytest
from aiortc import RTCConfiguration, RTCPeerConnection
from aiortc.contrib.media import MediaRelay
from aiortc.mediastreams import AudioStreamTrack, MediaStreamTrack

from media.adaptive_video import AdaptiveVideo
from media.synthetic_camera import SyntheticCamera

pytestmark = pytest.mark.asyncio


class Seen:
    """Decoded pictures at the receiver: sizes in order, and the longest gap."""

    def __init__(self) -> None:
        self.sizes: list[tuple[int, int]] = []
        self.audio = 0
        self.last: float | None = None
        self.longest_gap = 0.0
        self.tasks: list[asyncio.Task[None]] = []

    def track(self, track: MediaStreamTrack) -> None:
        self.tasks.append(asyncio.create_task(self._read(track)))

    async def _read(self, track: MediaStreamTrack) -> None:
        with contextlib.suppress(Exception):
            while True:
                frame: Any = await track.recv()
                if track.kind == "audio":
                    self.audio += 1
                    continue
                now = time.monotonic()
                if self.last is not None:
                    self.longest_gap = max(self.longest_gap, now - self.last)
                self.last = now
                self.sizes.append((frame.width, frame.height))


async def until(condition: Callable[[], bool], within: float) -> None:
    async with asyncio.timeout(within):
        while not condition():  # noqa: ASYNC110 - polling what aiortc's tasks change
            await asyncio.sleep(0.05)


@contextlib.asynccontextmanager
async def sending(video: AdaptiveVideo) -> AsyncIterator[tuple[RTCPeerConnection, Seen]]:
    """``video`` (and a silent microphone) sent from one connection to another, what
    the receiver decodes counted by ``Seen``."""
    sender, receiver = (RTCPeerConnection(RTCConfiguration(iceServers=[])) for _ in range(2))
    seen = Seen()
    receiver.on("track", seen.track)
    sender.addTrack(video)
    sender.addTrack(AudioStreamTrack())
    try:
        await sender.setLocalDescription(await sender.createOffer())
        await receiver.setRemoteDescription(sender.localDescription)
        await receiver.setLocalDescription(await receiver.createAnswer())
        await sender.setRemoteDescription(receiver.localDescription)
        yield sender, seen
    finally:
        await sender.close()
        await receiver.close()
        for task in seen.tasks:
            task.cancel()
        await asyncio.gather(*seen.tasks, return_exceptions=True)


async def test_an_unplugged_camera_is_replaced_without_dropping_the_call() -> None:
    relay = MediaRelay()
    first, second = SyntheticCamera(640, 480, 30), SyntheticCamera(320, 240, 30)
    spares = [second]
    video = AdaptiveVideo(
        relay.subscribe(first, buffered=False),
        on_source_ended=lambda: relay.subscribe(spares.pop(), buffered=False) if spares else None,
    )
    async with sending(video) as (sender, seen):
        await until(lambda: seen.sizes.count((640, 480)) >= 30, within=15)

        first.stop()  # unplugged
        await until(lambda: seen.sizes.count((320, 240)) >= 30, within=15)
        assert video.switches == 1
        assert sender.connectionState == "connected"
        switch = seen.sizes.index((320, 240))
        assert set(seen.sizes[:switch]) == {(640, 480)}
        assert set(seen.sizes[switch:]) == {(320, 240)}
        assert seen.longest_gap < 1.0, f"a gap of {seen.longest_gap:.2f} s"

        # No camera left: the video stops, the audio goes on.
        second.stop()
        await asyncio.sleep(0.5)
        count, audio = len(seen.sizes), seen.audio
        await asyncio.sleep(1.0)
        assert len(seen.sizes) == count
        assert seen.audio > audio
        assert sender.connectionState == "connected"


async def test_a_camera_chosen_by_hand_takes_over_and_is_not_taken_for_a_lost_one() -> None:
    """The practitioner picks another camera mid-call: its pictures follow on the same
    connection; the old camera, stopped after the switch, is not mistaken for an
    unplugged one (no spare camera is asked for)."""
    relay = MediaRelay()
    first, second = SyntheticCamera(640, 480, 30), SyntheticCamera(320, 240, 30)
    asked: list[str] = []

    def lost() -> None:
        asked.append("a spare camera")

    video = AdaptiveVideo(relay.subscribe(first, buffered=False), on_source_ended=lost)
    async with sending(video) as (sender, seen):
        await until(lambda: seen.sizes.count((640, 480)) >= 30, within=15)
        video.replace_source(relay.subscribe(second, buffered=False))
        first.stop()  # let go after the switch, as CallSession.switch_camera does
        await until(lambda: seen.sizes.count((320, 240)) >= 30, within=15)
        assert asked == [] and video.switches == 1
        assert seen.longest_gap < 1.0, f"a gap of {seen.longest_gap:.2f} s"
        assert sender.connectionState == "connected"
        second.stop()
