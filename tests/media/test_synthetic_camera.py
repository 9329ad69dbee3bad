"""The synthetic camera: its frame counter survives coding, its pace, a real aiortc call.

The call test is aiortc's own kind of test double: two peer connections in one event
loop, the offer and answer handed over in Python, ICE on the machine's own addresses.
"""

import asyncio
import itertools
import statistics
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from fractions import Fraction

import numpy as np
import pytest
from aiortc import (
    MediaStreamTrack,
    RTCConfiguration,
    RTCPeerConnection,
    RTCRtpSender,
)
from aiortc.mediastreams import MediaStreamError
from av import VideoFrame

from media.frame_counter import MODULUS, FrameCounter
from media.synthetic_camera import SyntheticCamera

# ---------------------------------------------------------------- the counter itself


def test_counter_reads_back_the_number_of_every_frame_rendered() -> None:
    camera = SyntheticCamera()
    try:
        for number in [*range(150), 4095, 65_536, MODULUS - 1]:
            frame = camera.render(number)
            assert FrameCounter.read(frame.to_ndarray(format="rgb24")) == number
            assert FrameCounter.read(frame) == number
    finally:
        camera.stop()


def test_counter_wraps_after_24_bits() -> None:
    camera = SyntheticCamera()
    try:
        assert FrameCounter.read(camera.render(MODULUS + 5)) == 5
    finally:
        camera.stop()


@pytest.mark.parametrize(("width", "height"), [(256, 144), (320, 240), (1280, 720), (642, 362)])
def test_counter_reads_back_at_any_size_the_camera_makes(width: int, height: int) -> None:
    camera = SyntheticCamera(width, height)
    try:
        frame = camera.render(777)
        assert (frame.width, frame.height) == (width, height)
        assert FrameCounter.read(frame.to_ndarray(format="rgb24")) == 777
    finally:
        camera.stop()


def test_counter_still_reads_in_a_picture_scaled_down_on_the_way() -> None:
    camera = SyntheticCamera(1280, 720)
    try:
        scaled = camera.render(123_456).reformat(width=480, height=270, format="rgb24")
        assert FrameCounter.read(scaled.to_ndarray()) == 123_456
    finally:
        camera.stop()


def test_counter_paints_the_same_into_rgb_and_reads_it() -> None:
    picture = np.full((240, 320, 3), 90, np.uint8)
    FrameCounter.paint(picture, 4242)
    assert FrameCounter.read(picture) == 4242


@pytest.mark.parametrize(
    "picture",
    [
        pytest.param(np.full((480, 640, 3), 128, np.uint8), id="grey"),
        pytest.param(np.zeros((480, 640, 3), np.uint8), id="black"),
        pytest.param(np.full((480, 640, 3), 255, np.uint8), id="white"),
        pytest.param(
            np.random.default_rng(7).integers(0, 256, (480, 640, 3), dtype=np.uint8), id="noise"
        ),
        pytest.param(np.zeros((8, 8, 3), np.uint8), id="tiny"),
    ],
)
def test_counter_is_none_in_a_picture_it_was_not_painted_in(
    picture: np.ndarray[tuple[int, ...], np.dtype[np.uint8]],
) -> None:
    assert FrameCounter.read(picture) is None


def test_counter_refuses_a_flipped_bit_rather_than_misread() -> None:
    picture = np.zeros((480, 640, 3), np.uint8)
    FrameCounter.paint(picture, 0b1010_1010_1010)
    block = 640 // 16
    # Block 20 (row 1, column 4) holds a counter bit; flipping it breaks the check.
    top, left = block, 4 * block
    picture[top : top + block, left : left + block] ^= 255
    assert FrameCounter.read(picture) is None


def test_counter_refuses_a_block_caught_half_way() -> None:
    picture = np.zeros((480, 640, 3), np.uint8)
    FrameCounter.paint(picture, 99)
    block = 640 // 16
    picture[0:block, 5 * block : 6 * block] = 128
    assert FrameCounter.read(picture) is None


def test_counter_does_not_fit_a_picture_too_small() -> None:
    with pytest.raises(ValueError, match="too small"):
        FrameCounter.paint(np.zeros((120, 160), np.uint8), 1)


@pytest.mark.parametrize(
    ("width", "height", "fps"), [(641, 480, 30), (160, 120, 30), (640, 480, 0)]
)
def test_camera_refuses_a_size_or_rate_it_cannot_make(width: int, height: int, fps: float) -> None:
    with pytest.raises(ValueError, match=r"even|small|positive"):
        SyntheticCamera(width, height, fps)


def test_camera_is_labelled_for_the_device_list() -> None:
    assert SyntheticCamera.label == "Caméra de synthèse"


# ---------------------------------------------------------------- pace and capture times


@pytest.mark.asyncio
@pytest.mark.parametrize(("width", "height", "fps"), [(640, 480, 30.0), (320, 240, 15.0)])
async def test_frames_come_at_the_requested_rate_and_size(
    width: int, height: int, fps: float
) -> None:
    camera = SyntheticCamera(width, height, fps)
    try:
        frames: list[VideoFrame] = []
        start = time.monotonic()
        while time.monotonic() - start < 1.0:
            frames.append(await camera.recv())
        # Frame 0 comes at once, then one every 1/fps: fps + 1 in a second when on
        # time. The machine is shared and noisy: only a gross error should fail.
        assert 0.7 * fps <= len(frames) <= 1.3 * fps + 1
        assert {(f.width, f.height) for f in frames} == {(width, height)}
        assert {f.time_base for f in frames} == {Fraction(1, 90_000)}
        assert [f.pts for f in frames] == [round(i * 90_000 / fps) for i in range(len(frames))]
        assert [FrameCounter.read(f) for f in frames] == list(range(len(frames)))
    finally:
        camera.stop()


@pytest.mark.asyncio
async def test_capture_times_are_kept_for_the_recent_frames_only() -> None:
    camera = SyntheticCamera(fps=100.0, history_s=0.1)
    try:
        before = time.monotonic()
        for _ in range(25):
            await camera.recv()
        kept = [camera.capture_time(n) for n in range(25)]
        assert kept[:15] == [None] * 15
        times = [t for t in kept[15:] if t is not None]
        assert len(times) == 10
        assert before <= times[0]
        assert times == sorted(times)
        assert times[-1] <= time.monotonic()
    finally:
        camera.stop()


@pytest.mark.asyncio
async def test_a_stopped_camera_gives_no_more_frames() -> None:
    camera = SyntheticCamera()
    await camera.recv()
    camera.stop()
    with pytest.raises(MediaStreamError):
        await camera.recv()


# ---------------------------------------------------------------- through a real call


@dataclass(frozen=True)
class _Received:
    width: int
    height: int
    counter: int | None
    latency_s: float | None


@asynccontextmanager
async def _loopback_call(camera: SyntheticCamera, codec: str) -> AsyncIterator[MediaStreamTrack]:
    """Sends ``camera`` from one peer to the other; yields the receiver's track."""
    sender = RTCPeerConnection(RTCConfiguration(iceServers=[]))
    receiver = RTCPeerConnection(RTCConfiguration(iceServers=[]))
    try:
        transceiver = sender.addTransceiver(camera, direction="sendonly")
        transceiver.setCodecPreferences(
            [
                c
                for c in RTCRtpSender.getCapabilities("video").codecs
                if c.mimeType.lower() in {f"video/{codec}", "video/rtx"}
            ]
        )
        remote: asyncio.Future[MediaStreamTrack] = asyncio.get_running_loop().create_future()
        receiver.on("track", remote.set_result)
        # aiortc gathers every candidate before it completes setLocalDescription: the
        # descriptions carry them, there is nothing to trickle.
        await sender.setLocalDescription(await sender.createOffer())
        await receiver.setRemoteDescription(sender.localDescription)
        await receiver.setLocalDescription(await receiver.createAnswer())
        await sender.setRemoteDescription(receiver.localDescription)
        yield await asyncio.wait_for(remote, 5)
    finally:
        camera.stop()
        await sender.close()
        await receiver.close()


async def _receive(
    track: MediaStreamTrack, camera: SyntheticCamera, wanted: int, within_s: float
) -> list[_Received]:
    received: list[_Received] = []
    deadline = time.monotonic() + within_s
    while len(received) < wanted and (left := deadline - time.monotonic()) > 0:
        try:
            frame = await asyncio.wait_for(track.recv(), left)
        except TimeoutError:
            break
        arrived = time.monotonic()
        assert isinstance(frame, VideoFrame)
        counter = FrameCounter.read(frame.to_ndarray(format="rgb24"))
        captured = None if counter is None else camera.capture_time(counter)
        latency = None if captured is None else arrived - captured
        received.append(_Received(frame.width, frame.height, counter, latency))
    return received


@pytest.mark.asyncio
@pytest.mark.parametrize("codec", ["vp8", "h264"])
async def test_frames_cross_a_loopback_call_readable_in_order_and_soon(codec: str) -> None:
    camera = SyntheticCamera(640, 480, 30.0)
    async with _loopback_call(camera, codec) as track:
        received = await _receive(track, camera, wanted=60, within_s=10.0)

    assert len(received) >= 30
    counters = [r.counter for r in received if r.counter is not None]
    assert len(counters) >= 0.9 * len(received)
    # Frames may be dropped on the way, never reordered by the jitter buffer.
    assert all(a < b for a, b in itertools.pairwise(counters))
    # aiortc codes each frame at the size it is given, from the first keyframe on: no
    # ramp-up from a lower resolution as browsers do.
    assert {(r.width, r.height) for r in received} == {(640, 480)}
    latencies = [r.latency_s for r in received if r.latency_s is not None]
    assert len(latencies) == len(counters)
    assert statistics.median(latencies) < 0.5
