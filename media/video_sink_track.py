"""Pictures from Qt Multimedia (a camera, a film) as an aiortc video track.

Qt hands each picture to a ``QVideoSink``; aiortc pulls pictures with ``recv``. Only the
newest picture is kept: when the encoder falls behind, the pictures it missed are
dropped rather than queued, so the call never lags behind the camera. The sink may be
fed from Qt's capture thread; the picture reaches us through a queued signal on the
workstation's own thread (qasync's loop).

Planar and packed formats cameras deliver (YUV 4:2:0, NV12, YUYV, 32-bit RGB) become a
PyAV frame of the same format, plane by plane, with no colour conversion (the encoder
does its own); any other format goes through ``QVideoFrame.toImage`` (Qt's own
conversion, MJPEG included).
"""

import asyncio
import time
from collections.abc import Callable
from typing import Any

import numpy as np
import numpy.typing as npt
from aiortc.mediastreams import (
    VIDEO_CLOCK_RATE,
    VIDEO_TIME_BASE,
    MediaStreamError,
    MediaStreamTrack,
)
from av import VideoFrame
from PySide6.QtCore import QObject, Slot
from PySide6.QtGui import QImage
from PySide6.QtMultimedia import QVideoFrame, QVideoFrameFormat, QVideoSink

_PF = QVideoFrameFormat.PixelFormat
_RGB32 = {
    _PF.Format_RGBX8888: "rgba",
    _PF.Format_RGBA8888: "rgba",
    _PF.Format_BGRX8888: "bgra",
    _PF.Format_BGRA8888: "bgra",
}


class _Receiver(QObject):
    """Lives on the workstation's thread, so a frame emitted from Qt's capture thread
    is queued to it rather than handled on that thread."""

    def __init__(self, take: Callable[[QVideoFrame], None]) -> None:
        super().__init__()
        self._take = take

    @Slot(QVideoFrame)
    def on_frame(self, frame: QVideoFrame) -> None:
        self._take(frame)


class VideoSinkTrack(MediaStreamTrack):
    """Pictures given to :attr:`sink` come out of :meth:`recv`; ``frames`` counts them,
    ``dropped`` those that could not be converted."""

    kind = "video"

    def __init__(self, sink: QVideoSink | None = None) -> None:
        super().__init__()
        self.sink = sink if sink is not None else QVideoSink()
        self._receiver = _Receiver(self._take)
        self.sink.videoFrameChanged.connect(self._receiver.on_frame)
        self._latest: QVideoFrame | None = None
        self._arrived = asyncio.Event()
        self._started: float | None = None
        self._last_pts = -1
        self.frames = 0
        self.dropped = 0

    def _take(self, frame: QVideoFrame) -> None:
        if frame.isValid() and self.readyState == "live":
            self._latest = frame
            self.frames += 1
            self._arrived.set()

    async def recv(self) -> Any:
        frame = None
        while frame is None:
            while self._latest is None:
                if self.readyState != "live":
                    raise MediaStreamError
                self._arrived.clear()
                await self._arrived.wait()
            picture, self._latest = self._latest, None
            try:
                frame = self.to_av(picture)
            except ValueError:
                # One picture the camera garbled is dropped; the camera is not lost.
                self.dropped += 1
        now = time.monotonic()
        if self._started is None:
            self._started = now
        # The arrival clock, not the source's stamps: a film's restart or a camera swap
        # must never send the encoder back in time.
        pts = max(self._last_pts + 1, int((now - self._started) * VIDEO_CLOCK_RATE))
        self._last_pts = pts
        frame.pts = pts
        frame.time_base = VIDEO_TIME_BASE
        return frame

    def stop(self) -> None:
        super().stop()
        self._latest = None
        self._arrived.set()

    @staticmethod
    def to_av(picture: QVideoFrame) -> VideoFrame:
        """The picture as a PyAV frame, in its own format when PyAV has it."""
        # An odd line or column is left out: 4:2:0 needs even sizes (cameras give them).
        width, height = picture.width() & ~1, picture.height() & ~1
        pixel_format = picture.pixelFormat()
        known = pixel_format in _RGB32 or pixel_format in (
            _PF.Format_YUV420P,
            _PF.Format_NV12,
            _PF.Format_YUYV,
        )
        if known and width and height and picture.map(QVideoFrame.MapMode.ReadOnly):
            try:
                return _from_planes(picture, pixel_format, width, height)
            finally:
                picture.unmap()
        image = picture.toImage().convertToFormat(QImage.Format.Format_RGB888)
        if image.isNull():
            raise ValueError("picture cannot be converted")
        rgb = _rows(image.constBits(), image.bytesPerLine(), image.height(), 3 * image.width())
        return VideoFrame.from_ndarray(rgb.reshape(image.height(), image.width(), 3).copy())


def _rows(bits: Any, stride: int, rows: int, used: int) -> npt.NDArray[np.uint8]:
    """``rows`` lines of ``used`` bytes from a plane whose lines are ``stride`` apart."""
    plane = np.frombuffer(bits, dtype=np.uint8, count=stride * rows)
    return plane.reshape(rows, stride)[:, :used]


def _from_planes(picture: QVideoFrame, pixel_format: Any, width: int, height: int) -> VideoFrame:
    def plane(index: int, rows: int, used: int) -> npt.NDArray[np.uint8]:
        return _rows(picture.bits(index), picture.bytesPerLine(index), rows, used)

    if pixel_format == _PF.Format_YUV420P:
        planes = [
            plane(0, height, width).ravel(),
            plane(1, height // 2, width // 2).ravel(),
            plane(2, height // 2, width // 2).ravel(),
        ]
        packed = np.concatenate(planes).reshape(height * 3 // 2, width)
        return VideoFrame.from_ndarray(packed, format="yuv420p")
    if pixel_format == _PF.Format_NV12:
        packed = np.vstack([plane(0, height, width), plane(1, height // 2, width)])
        return VideoFrame.from_ndarray(packed, format="nv12")
    if pixel_format == _PF.Format_YUYV:
        pairs = plane(0, height, 2 * width).reshape(height, width, 2)
        return VideoFrame.from_ndarray(pairs.copy(), format="yuyv422")
    pixels = plane(0, height, 4 * width).reshape(height, width, 4)
    return VideoFrame.from_ndarray(pixels.copy(), format=_RGB32[pixel_format])
