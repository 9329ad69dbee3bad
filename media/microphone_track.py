"""The practitioner's microphone as an aiortc audio track, through Qt Multimedia.

``QAudioSource`` captures 48 kHz mono 16-bit (what Opus wants, no resampling); the
bytes Qt hands over as they come are cut into 20 ms frames, each stamped on the
sample clock. ``level`` is the last frame's peak (0 to 1): the pre-call meter, and the
probe that a microphone "works" (not silent). Qt delivers the audio on its event loop,
the workstation's too (qasync), so ``recv`` just waits for the next 20 ms.
"""

import asyncio
import contextlib
from fractions import Fraction
from typing import Any

import numpy as np
from aiortc.mediastreams import MediaStreamError, MediaStreamTrack
from av import AudioFrame
from PySide6.QtMultimedia import QAudioDevice, QAudioFormat, QAudioSource

RATE = 48_000
SAMPLES = RATE // 50  # 20 ms
_BYTES = SAMPLES * 2
# A live microphone always hears something (its own noise, the room); a muted or broken
# one gives exact silence.
SILENCE = 1 / 32768


class MicrophoneTrack(MediaStreamTrack):
    """Starts capturing at once; :meth:`stop` releases the device."""

    kind = "audio"

    def __init__(self, device: QAudioDevice) -> None:
        super().__init__()
        audio_format = QAudioFormat()
        audio_format.setSampleRate(RATE)
        audio_format.setChannelCount(1)
        audio_format.setSampleFormat(QAudioFormat.SampleFormat.Int16)
        self._source = QAudioSource(device, audio_format)
        self._buffer = bytearray()
        self._arrived = asyncio.Event()
        self._pts = 0
        self.level = 0.0
        self._io = self._source.start()
        self._io.readyRead.connect(self._on_ready)

    @classmethod
    async def works(cls, device: QAudioDevice, within_s: float = 1.0) -> bool:
        """Whether ``device`` gives a level above silence within ``within_s``."""
        track = cls(device)
        try:
            async with asyncio.timeout(within_s):
                while track.level <= SILENCE:
                    await track.recv()
        except (TimeoutError, MediaStreamError):
            return False
        finally:
            track.stop()
        return True

    def _on_ready(self) -> None:
        self._buffer += bytes(self._io.readAll().data())
        self._arrived.set()

    async def recv(self) -> Any:
        while len(self._buffer) < _BYTES:
            if self.readyState != "live":
                raise MediaStreamError
            self._arrived.clear()
            await self._arrived.wait()
        chunk, self._buffer = bytes(self._buffer[:_BYTES]), self._buffer[_BYTES:]
        samples = np.frombuffer(chunk, dtype=np.int16)
        self.level = float(np.abs(samples).max()) / 32768.0
        frame = AudioFrame.from_ndarray(samples.reshape(1, -1), format="s16", layout="mono")
        frame.sample_rate = RATE
        frame.pts = self._pts
        frame.time_base = Fraction(1, RATE)
        self._pts += SAMPLES
        return frame

    def stop(self) -> None:
        # RuntimeError: Qt already deleted the source (the application is closing).
        with contextlib.suppress(RuntimeError):
            self._source.stop()
        super().stop()
        self._arrived.set()
