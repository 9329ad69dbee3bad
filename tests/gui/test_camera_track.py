"""Qt Multimedia's pictures as aiortc frames: every camera format, a real Qt video pipeline,
and a camera that is not there.

No camera can be plugged into this machine (no v4l2 device, no loopback module), so the
path from ``QCamera`` is tested up to what Qt does without one: a missing camera ends
its track at once and fails the "works" probe. What a camera's pictures go through after
that — ``QVideoSink`` to PyAV — is tested with Qt's own pictures: frames built in each
format cameras deliver, and a film decoded by Qt's media player (the synthetic camera's
frames, their counter read back at the end).
"""

import asyncio
from fractions import Fraction
from pathlib import Path

import av
import numpy as np
import pytest
from aiortc.mediastreams import MediaStreamError
from PySide6.QtCore import QSize, QUrl
from PySide6.QtMultimedia import (
    QCamera,
    QCameraDevice,
    QMediaPlayer,
    QVideoFrame,
    QVideoFrameFormat,
)
from PySide6.QtWidgets import QApplication

from media.camera_track import CameraTrack, _Watch
from media.frame_counter import FrameCounter
from media.synthetic_camera import SyntheticCamera
from media.video_sink_track import VideoSinkTrack
from tests.gui.conftest import AsyncRunner

PF = QVideoFrameFormat.PixelFormat
W, H = 64, 48


def _frame(
    pixel_format: QVideoFrameFormat.PixelFormat, width: int = W, height: int = H
) -> QVideoFrame:
    frame = QVideoFrame(QVideoFrameFormat(QSize(width, height), pixel_format))
    assert frame.map(QVideoFrame.MapMode.WriteOnly)
    return frame


def _plane(frame: QVideoFrame, index: int, rows: int) -> np.ndarray:
    """A writable view of one plane, padding included."""
    return np.frombuffer(frame.bits(index), dtype=np.uint8).reshape(rows, frame.bytesPerLine(index))


def _luma() -> np.ndarray:
    return (np.arange(W * H, dtype=np.uint32) % 200 + 16).astype(np.uint8).reshape(H, W)


def test_yuv420p_planes_are_copied_as_they_are(qapp: QApplication) -> None:
    frame = _frame(PF.Format_YUV420P)
    _plane(frame, 0, H)[:, :W] = _luma()
    _plane(frame, 1, H // 2)[:, : W // 2] = 90
    _plane(frame, 2, H // 2)[:, : W // 2] = 200
    frame.unmap()
    converted = VideoSinkTrack.to_av(frame)
    assert (converted.format.name, converted.width, converted.height) == ("yuv420p", W, H)
    planes = converted.to_ndarray(format="yuv420p")
    assert np.array_equal(planes[:H], _luma())
    assert set(np.unique(planes[H:].reshape(-1)[: W * H // 4])) == {90}
    assert set(np.unique(planes[H:].reshape(-1)[W * H // 4 :])) == {200}


def test_nv12_and_yuyv_keep_their_luma_and_colour(qapp: QApplication) -> None:
    nv12 = _frame(PF.Format_NV12)
    _plane(nv12, 0, H)[:, :W] = _luma()
    chroma = _plane(nv12, 1, H // 2)
    chroma[:, 0:W:2], chroma[:, 1:W:2] = 90, 200
    nv12.unmap()
    yuyv = _frame(PF.Format_YUYV)
    packed = _plane(yuyv, 0, H)
    packed[:, 0 : 2 * W : 2] = _luma()
    packed[:, 1 : 2 * W : 4], packed[:, 3 : 2 * W : 4] = 90, 200
    yuyv.unmap()
    for frame, name in ((nv12, "nv12"), (yuyv, "yuyv422")):
        converted = VideoSinkTrack.to_av(frame)
        assert converted.format.name == name
        planes = converted.reformat(format="yuv420p").to_ndarray()
        assert np.array_equal(planes[:H], _luma()), name
        u, v = planes[H:].reshape(-1)[: W * H // 4], planes[H:].reshape(-1)[W * H // 4 :]
        assert set(np.unique(u)) == {90} and set(np.unique(v)) == {200}, name


@pytest.mark.parametrize(
    ("pixel_format", "order"),
    [(PF.Format_RGBX8888, (0, 1, 2)), (PF.Format_BGRA8888, (2, 1, 0))],
)
def test_32_bit_rgb_keeps_its_colours(
    qapp: QApplication, pixel_format: QVideoFrameFormat.PixelFormat, order: tuple[int, int, int]
) -> None:
    frame = _frame(pixel_format)
    pixels = _plane(frame, 0, H)[:, : 4 * W].reshape(H, W, 4)
    pixels[..., order[0]], pixels[..., order[1]], pixels[..., order[2]] = 250, 120, 10
    pixels[..., 3] = 255
    frame.unmap()
    rgb = VideoSinkTrack.to_av(frame).to_ndarray(format="rgb24")
    assert rgb.shape == (H, W, 3)
    assert np.array_equal(rgb[0, 0], [250, 120, 10]) and np.all(rgb == rgb[0, 0])


def test_other_formats_go_through_qt_and_odd_sizes_lose_a_line(qapp: QApplication) -> None:
    # UYVY is not copied plane by plane: Qt converts it.
    uyvy = _frame(PF.Format_UYVY)
    packed = _plane(uyvy, 0, H)
    packed[:, 0 : 2 * W : 4], packed[:, 2 : 2 * W : 4] = 128, 128  # no colour
    packed[:, 1 : 2 * W : 2] = 235  # white
    uyvy.unmap()
    odd = _frame(PF.Format_YUV420P, 63, 47)
    for index, level in ((0, 16), (1, 128), (2, 128)):  # black
        np.frombuffer(odd.bits(index), dtype=np.uint8)[:] = level
    odd.unmap()
    white = VideoSinkTrack.to_av(uyvy).to_ndarray(format="rgb24")
    black = VideoSinkTrack.to_av(odd).to_ndarray(format="rgb24")
    assert white.shape == (H, W, 3) and white.min() >= 245
    # 4:2:0 needs even sizes: the odd last line and column are left out.
    assert black.shape == (46, 62, 3) and black.max() <= 10


def test_a_film_decoded_by_qt_comes_out_frame_after_frame(
    qapp: QApplication, arun: AsyncRunner, tmp_path: Path
) -> None:
    """Qt's media player feeds the sink as a camera's capture session would: the pictures
    reach aiortc whole (the synthetic camera's counter read back), in order, stamped on
    a clock that only goes forward, the newest only when aiortc is slower."""
    film = tmp_path / "pattern.mp4"
    camera = SyntheticCamera(640, 360)
    with av.open(str(film), "w") as container:
        stream = container.add_stream("libx264", rate=30)
        stream.width, stream.height, stream.pix_fmt = 640, 360, "yuv420p"
        for number in range(90):
            picture = camera.render(number)
            picture.pts, picture.time_base = number, Fraction(1, 30)
            container.mux(stream.encode(picture))
        container.mux(stream.encode(None))
    camera.stop()

    async def scenario() -> None:
        player = QMediaPlayer()
        track = VideoSinkTrack()
        player.setVideoSink(track.sink)
        player.setSource(QUrl.fromLocalFile(str(film)))
        player.play()
        counters: list[int] = []
        stamps: list[int] = []
        try:
            for _ in range(20):
                frame = await asyncio.wait_for(track.recv(), 5)
                assert (frame.width, frame.height) == (640, 360)
                number = FrameCounter.read(frame.to_ndarray(format="rgb24"))
                assert number is not None
                counters.append(number)
                stamps.append(frame.pts)
            # aiortc slower than the film: what it missed is dropped, not queued.
            await asyncio.sleep(0.5)
            after_pause = FrameCounter.read(await track.recv())
        finally:
            player.stop()
            track.stop()
        assert counters == sorted(counters) and len(set(counters)) == len(counters)
        assert stamps == sorted(stamps) and len(set(stamps)) == len(stamps)
        assert after_pause is not None and after_pause >= counters[-1] + 10
        assert track.frames >= 30
        with pytest.raises(MediaStreamError):
            await track.recv()

    arun(scenario(), timeout=30)


def test_a_camera_that_is_not_there_ends_at_once_and_does_not_work(
    qapp: QApplication, arun: AsyncRunner
) -> None:
    async def scenario() -> None:
        gone = QCameraDevice()  # what Qt gives for a camera unplugged since the listing
        assert CameraTrack.preferred_format(gone) is None
        track = CameraTrack(gone)
        assert track.readyState == "ended"
        with pytest.raises(MediaStreamError):
            await track.recv()
        assert not await CameraTrack.works(gone)

    arun(scenario(), timeout=10)


def test_a_garbled_picture_is_dropped_and_the_next_one_comes(
    qapp: QApplication, arun: AsyncRunner
) -> None:
    """A JPEG picture that does not decode (a camera's USB hiccup) costs that picture,
    not the camera."""
    garbled = QVideoFrame(QVideoFrameFormat(QSize(W, H), PF.Format_Jpeg))
    assert garbled.map(QVideoFrame.MapMode.WriteOnly)
    np.frombuffer(garbled.bits(0), dtype=np.uint8)[:] = 7
    garbled.unmap()
    with pytest.raises(ValueError, match="cannot be converted"):
        VideoSinkTrack.to_av(garbled)
    good = _frame(PF.Format_YUV420P)
    for index, level in ((0, 200), (1, 128), (2, 128)):
        np.frombuffer(good.bits(index), dtype=np.uint8)[:] = level
    good.unmap()

    async def scenario() -> None:
        track = VideoSinkTrack()
        try:
            track.sink.setVideoFrame(garbled)
            await asyncio.sleep(0.05)  # taken, then found garbled at the next read
            reading = asyncio.ensure_future(track.recv())
            await asyncio.sleep(0.05)
            track.sink.setVideoFrame(good)
            frame = await asyncio.wait_for(reading, 5)
            assert (frame.width, frame.height) == (W, H)
            assert int(frame.to_ndarray(format="yuv420p")[:H].mean()) == 200
            assert track.dropped == 1 and track.readyState == "live"
        finally:
            track.stop()

    arun(scenario(), timeout=10)


def test_a_camera_error_or_stop_ends_its_track(qapp: QApplication, arun: AsyncRunner) -> None:
    """What ends a camera's track when the camera fails or stops (unplugged, taken by
    another program): Qt's own signals, emitted here by hand since no camera can fail
    for real on this machine, reach the watch with their argument types."""

    async def scenario() -> None:
        failing, stopping = VideoSinkTrack(), VideoSinkTrack()
        camera = QCamera(QCameraDevice())
        error_watch, stop_watch = _Watch(failing), _Watch(stopping)
        camera.errorOccurred.connect(error_watch.on_error)
        camera.activeChanged.connect(stop_watch.on_active)
        camera.activeChanged.emit(False)  # not started yet: nothing ends
        await asyncio.sleep(0.05)
        assert stopping.readyState == "live"
        camera.activeChanged.emit(True)
        camera.activeChanged.emit(False)
        camera.errorOccurred.emit(QCamera.Error.CameraError, "unplugged")
        await asyncio.sleep(0.05)
        assert failing.readyState == "ended" and stopping.readyState == "ended"
        with pytest.raises(MediaStreamError):
            await failing.recv()

    arun(scenario(), timeout=10)
