"""Step-down under packet loss and step-up after it, on a real aiortc pair.

The ladder's rules first, on figures given by hand; then two peer connections in this
process with the synthetic camera, packets dropped at the sender's DTLS transport at 5,
15 and 30 %: the receiver's reports must bring the video down (smaller, slower, audio
only under heavy loss), and back up once the loss stops.
"""

import asyncio
import contextlib
import random
from collections.abc import AsyncIterator, Callable
from typing import Any

import pytest
from aiortc import RTCConfiguration, RTCPeerConnection
from aiortc.mediastreams import AudioStreamTrack, MediaStreamTrack

from media.adaptive_video import AdaptiveVideo
from media.quality_ladder import RUNGS, QualityLadder
from media.quality_monitor import QualityMonitor
from media.synthetic_camera import SyntheticCamera


def test_the_ladder_goes_down_fast_up_slowly_and_waits_longer_after_a_relapse() -> None:
    ladder = QualityLadder(down_every_s=2.0, up_after_s=8.0)
    assert not ladder.observe(0.0, 0.05, now=0.0)
    assert ladder.observe(0.05, 0.05, now=1.0) and ladder.index == 1
    assert not ladder.observe(0.2, 0.05, now=2.0), "not twice within 2 s"
    assert ladder.observe(0.2, 0.05, now=3.5) and ladder.index == 3  # heavy: two rungs
    assert ladder.observe(0.0, 0.9, now=6.0) and ladder.index == 4  # slow round trip
    # Climbing back to rung 3, left once already, waits twice as long: 16 s of quiet.
    for t in (7.0, 15.5, 20.0):
        assert not ladder.observe(0.0, 0.05, now=t)
    assert ladder.observe(0.0, 0.05, now=23.5) and ladder.index == 3
    # Rung 2 was never left: 8 s of quiet; a little loss (under 2 %) is still quiet.
    assert not ladder.observe(0.01, 0.05, now=30.0)
    assert ladder.observe(0.01, 0.05, now=31.6) and ladder.index == 2
    assert ladder.observe(0.3, None, now=40.0) and ladder.index == 4
    assert ladder.observe(0.3, None, now=42.5) and ladder.rung.audio_only
    assert not ladder.observe(0.5, None, now=45.0), "nothing below audio only"
    assert ladder.observe(0.03, 0.45, now=50.0) is False, "not quiet: no climb"


async def _drain(track: MediaStreamTrack) -> None:
    with contextlib.suppress(Exception):
        while True:
            await track.recv()


@contextlib.asynccontextmanager
async def lossy_call() -> AsyncIterator[
    tuple[QualityMonitor, AdaptiveVideo, Callable[[float], None]]
]:
    sender, receiver = (RTCPeerConnection(RTCConfiguration(iceServers=[])) for _ in range(2))
    drains: list[asyncio.Task[None]] = []
    receiver.on("track", lambda track: drains.append(asyncio.create_task(_drain(track))))
    camera = SyntheticCamera(640, 480, 30)
    video = AdaptiveVideo(camera)
    video_sender = sender.addTrack(video)
    audio_sender = sender.addTrack(AudioStreamTrack())
    await sender.setLocalDescription(await sender.createOffer())
    await receiver.setRemoteDescription(sender.localDescription)
    await receiver.setLocalDescription(await receiver.createAnswer())
    await sender.setRemoteDescription(receiver.localDescription)

    loss = [0.0]
    rng = random.Random(7)
    transport: Any = video_sender.transport
    send_rtp = transport._send_rtp

    async def dropping(data: bytes) -> None:
        # RTP only (RTCP keeps flowing, as on a real lossy link most reports get through).
        if 128 <= data[0] <= 191 and not 192 <= data[1] <= 223 and rng.random() < loss[0]:
            return
        await send_rtp(data)

    transport._send_rtp = dropping

    def set_loss(fraction: float) -> None:
        loss[0] = fraction

    ladder = QualityLadder(down_every_s=1.0, up_after_s=3.0)
    monitor = QualityMonitor(video_sender, audio_sender, video, ladder, interval_s=0.25)
    monitor.start()
    try:
        yield monitor, video, set_loss
    finally:
        await monitor.stop()
        await sender.close()
        await receiver.close()
        for task in drains:
            task.cancel()
        await asyncio.gather(*drains, return_exceptions=True)


async def _until(condition: Callable[[], bool], within: float) -> None:
    async with asyncio.timeout(within):
        while not condition():  # noqa: ASYNC110 - polling what aiortc's tasks change
            await asyncio.sleep(0.1)


@pytest.mark.asyncio
@pytest.mark.parametrize(("loss", "lowest"), [(0.05, 1), (0.15, 3), (0.30, len(RUNGS) - 1)])
async def test_loss_steps_the_video_down_then_it_steps_up_again(loss: float, lowest: int) -> None:
    async with lossy_call() as (monitor, video, set_loss):
        await _until(lambda: monitor.last is not None, within=10)
        assert monitor.ladder.index == 0, "no step-down on a clean link"
        set_loss(loss)
        await _until(lambda: monitor.ladder.index >= lowest, within=20)
        deepest = monitor.ladder.index
        assert monitor.last is not None and monitor.last.packets_lost > 0
        if not monitor.ladder.rung.audio_only:
            await _until(lambda: any(w < 640 for w, _ in video.sent_sizes), within=10)
        set_loss(0.0)
        await _until(lambda: monitor.ladder.index < deepest, within=30)
