"""A steady tone as an aiortc audio track: the loudspeaker test before a call.

440 Hz (the A every ear knows), stereo, 48 kHz, in 20 ms frames paced in real time,
for ``seconds`` then the track ends. Also what the tests play where a voice would be.
"""

import asyncio
import math
from fractions import Fraction
from typing import Any

import numpy as np
from aiortc.mediastreams import MediaStreamError, MediaStreamTrack
from av import AudioFrame

RATE = 48_000
SAMPLES = 960
PITCH_HZ = 440.0


class ToneTrack(MediaStreamTrack):
    """``seconds`` None: until stopped."""

    kind = "audio"

    def __init__(self, seconds: float | None = None, volume: float = 0.5) -> None:
        super().__init__()
        self._samples_left = None if seconds is None else int(seconds * RATE)
        self._volume = volume
        self._pts = 0
        self._start: float | None = None

    async def recv(self) -> Any:
        ended = self._samples_left is not None and self._samples_left <= 0
        if self.readyState != "live" or ended:
            self.stop()
            raise MediaStreamError
        loop = asyncio.get_running_loop()
        if self._start is None:
            self._start = loop.time()
        wait = self._start + self._pts / RATE - loop.time()
        if wait > 0:
            await asyncio.sleep(wait)
        t = (np.arange(SAMPLES) + self._pts) / RATE
        wave = (self._volume * 32767 * np.sin(2 * math.pi * PITCH_HZ * t)).astype(np.int16)
        frame = AudioFrame.from_ndarray(
            np.repeat(wave, 2).reshape(1, -1), format="s16", layout="stereo"
        )
        frame.sample_rate = RATE
        frame.pts = self._pts
        frame.time_base = Fraction(1, RATE)
        self._pts += SAMPLES
        if self._samples_left is not None:
            self._samples_left -= SAMPLES
        return frame
