"""A camera made of pixels we control, for tests, benchmarks and the demo profile.

A teleconsultation must be testable without a webcam, and a call's quality measurable
frame by frame. ``SyntheticCamera`` is an aiortc video track showing colour bars, a
grey ramp and a moving square (so the encoder has real motion to code), with its frame
number painted at the top by :class:`media.frame_counter.FrameCounter`. It remembers
when it captured each recent frame, so a receiver in the same process can work out
glass-to-glass latency from the number it reads in a decoded picture.

Frames are built directly in yuv420p, the encoders' own format, from a background made
once: per frame only the square moves and the counter blocks change.
"""

import asyncio
import fractions
import time
from typing import ClassVar

import numpy as np
import numpy.typing as npt
from aiortc.mediastreams import (
    VIDEO_CLOCK_RATE,
    VIDEO_TIME_BASE,
    MediaStreamError,
    VideoStreamTrack,
)
from av import VideoFrame

from media.frame_counter import MIN_WIDTH, MODULUS, FrameCounter

# 75 % colour bars (white, yellow, cyan, green, magenta, red, blue): levels an encoder
# codes like camera content, unlike fully saturated primaries.
_BARS_RGB = (
    (191, 191, 191),
    (191, 191, 0),
    (0, 191, 191),
    (0, 191, 0),
    (191, 0, 191),
    (191, 0, 0),
    (0, 0, 191),
)
# Orange appears in none of the bars, so the square stays visible over every one.
_SQUARE_RGB = (255, 128, 0)
# The square crosses the picture in a few seconds whatever the frame rate, so a lower
# rate shows bigger steps, as a real camera would.
_SQUARE_CROSSING_S = (4.0, 3.0)
# Limited ("TV") range, what yuv420p means to libvpx, libx264 and libswscale by default.
_Y_BLACK, _Y_WHITE = 16, 235


def _yuv(rgb: tuple[int, int, int]) -> tuple[int, int, int]:
    """ITU-R BT.601 limited range, the conversion decoders will undo."""
    r, g, b = (c / 255 for c in rgb)
    y = 16 + 65.481 * r + 128.553 * g + 24.966 * b
    u = 128 - 37.797 * r - 74.203 * g + 112.0 * b
    v = 128 + 112.0 * r - 93.786 * g - 18.214 * b
    return round(y), round(u), round(v)


def _bounce(travelled: float, span: int) -> int:
    """Position after ``travelled`` pixels back and forth over ``span``, kept even."""
    if span <= 0:
        return 0
    position = travelled % (2 * span)
    if position > span:
        position = 2 * span - position
    # Even coordinates keep the square on whole 2x2 chroma samples.
    return int(position) & ~1


class SyntheticCamera(VideoStreamTrack):
    """An aiortc video track of a moving test pattern carrying its frame number."""

    label: ClassVar[str] = "Caméra de synthèse"

    def __init__(
        self, width: int = 640, height: int = 480, fps: float = 30.0, history_s: float = 10.0
    ) -> None:
        """Frames of ``width`` x ``height`` at ``fps``; capture times kept ``history_s``."""
        super().__init__()
        if width % 2 or height % 2:
            msg = f"yuv420p needs an even width and height, not {width}x{height}"
            raise ValueError(msg)
        if fps <= 0:
            msg = f"the frame rate must be positive, not {fps}"
            raise ValueError(msg)
        band = FrameCounter.band_height(width)
        self._square = ((height - band) // 4) & ~1
        if width < MIN_WIDTH or self._square < 8:
            msg = f"a {width}x{height} picture is too small for the synthetic camera"
            raise ValueError(msg)
        self._width, self._height, self._fps, self._band = width, height, fps, band
        self._background = self._draw_background()
        # One reusable frame buffer: VideoFrame.from_ndarray copies it, so it is free
        # again as soon as a frame is made.
        self._buffer = self._background.copy()
        self._y, self._u, self._v = self._planes(self._buffer)
        self._square_yuv = _yuv(_SQUARE_RGB)
        self._history = max(1, round(fps * history_s))
        self._captured: dict[int, float] = {}
        self._started_at: float | None = None
        self._number = 0

    @property
    def width(self) -> int:
        return self._width

    @property
    def height(self) -> int:
        return self._height

    @property
    def fps(self) -> float:
        return self._fps

    def capture_time(self, counter: int) -> float | None:
        """``time.monotonic()`` when the frame whose counter reads ``counter`` was taken.

        None once it is older than the history kept, or if no such frame was sent.
        """
        return self._captured.get(counter)

    async def next_timestamp(self) -> tuple[int, fractions.Fraction]:
        """Wait for the next frame's turn; its pts in aiortc's 90 kHz video clock.

        aiortc's own version always paces at 30 fps; this one keeps its pacing but at
        the camera's rate, on the monotonic clock, and without drift: frame n is due
        n / fps after the first one, however late the previous one was.
        """
        if self.readyState != "live":
            raise MediaStreamError
        if self._started_at is None:
            self._started_at = time.monotonic()
        else:
            self._number += 1
            due = self._started_at + self._number / self._fps
            # Sleep even when late: it lets the encoder and the network run.
            await asyncio.sleep(max(0.0, due - time.monotonic()))
        return round(self._number * VIDEO_CLOCK_RATE / self._fps), VIDEO_TIME_BASE

    async def recv(self) -> VideoFrame:
        pts, time_base = await self.next_timestamp()
        captured_at = time.monotonic()
        frame = self.render(self._number)
        frame.pts = pts
        frame.time_base = time_base
        counter = self._number % MODULUS
        self._captured[counter] = captured_at
        if len(self._captured) > self._history:
            del self._captured[next(iter(self._captured))]
        return frame

    def render(self, number: int) -> VideoFrame:
        """The picture of frame ``number``, without pacing, pts or capture record."""
        np.copyto(self._buffer, self._background)
        elapsed = number / self._fps
        side = self._square
        x = _bounce(elapsed * self._width / _SQUARE_CROSSING_S[0], self._width - side)
        y = self._band + _bounce(
            elapsed * self._height / _SQUARE_CROSSING_S[1], self._height - self._band - side
        )
        luma, blue, red = self._square_yuv
        self._y[y : y + side, x : x + side] = luma
        self._u[y // 2 : (y + side) // 2, x // 2 : (x + side) // 2] = blue
        self._v[y // 2 : (y + side) // 2, x // 2 : (x + side) // 2] = red
        FrameCounter.paint(self._y, number, dark=_Y_BLACK, light=_Y_WHITE)
        return VideoFrame.from_ndarray(self._buffer, format="yuv420p")

    def _draw_background(self) -> npt.NDArray[np.uint8]:
        """Bars over the top two thirds below the band, a grey ramp under them."""
        width, height, band = self._width, self._height, self._band
        rgb = np.zeros((height, width, 3), np.uint8)
        bars_bottom = (band + 2 * (height - band) // 3) & ~1
        edges = [i * width // len(_BARS_RGB) for i in range(len(_BARS_RGB) + 1)]
        for colour, left, right in zip(_BARS_RGB, edges, edges[1:], strict=False):
            rgb[band:bars_bottom, left:right] = colour
        rgb[bars_bottom:] = np.linspace(0, 255, width, dtype=np.uint8)[:, np.newaxis]
        # Converted once with libswscale, the same conversion receivers will reverse.
        planar = VideoFrame.from_ndarray(rgb, format="rgb24").reformat(format="yuv420p")
        # Contiguous, or the plane views below would write into a copy.
        background = np.ascontiguousarray(planar.to_ndarray(), dtype=np.uint8)
        luma, blue, red = self._planes(background)
        # Neutral chroma under the counter, so only luma carries it through the coder.
        luma[:band] = _Y_BLACK
        blue[: band // 2] = red[: band // 2] = 128
        return background

    def _planes(
        self, packed: npt.NDArray[np.uint8]
    ) -> tuple[npt.NDArray[np.uint8], npt.NDArray[np.uint8], npt.NDArray[np.uint8]]:
        """Views of the Y, U and V planes in a packed yuv420p array, as av lays them out."""
        width, height = self._width, self._height
        flat = packed.reshape(-1)
        luma_size, chroma_size = width * height, width * height // 4
        return (
            flat[:luma_size].reshape(height, width),
            flat[luma_size : luma_size + chroma_size].reshape(height // 2, width // 2),
            flat[luma_size + chroma_size :].reshape(height // 2, width // 2),
        )
