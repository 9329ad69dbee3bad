"""The practitioner's microphone as an aiortc audio track, through Qt Multimedia.

``QAudioSource`` captures 48 kHz mono 16-bit (what Opus wants, no resampling); the
bytes Qt hands over as they come are cut into 20 ms frames, each stamped on the
sample clock. ``level`` is the last frame's peak (0 to 1): the pre-call meter, and the
probe that a microphone "works" (not silent). Qt delivers the audio on its event loop,
the workstation's too (qasync), so ``recv`` just waits for the next 20 ms.
"""

import asyncio
from fractions import Fraction
from typing import Any

import numpy as np
from aiortc.mediastreams import MediaStreamError, MediaStreamTrack
from av import AudioFrame
from PySide6.QtMultimedia import QAudioDevice, QAudioFormat, QAudioSource

RATE = 48_000
SAMPLES = RATE // 50  # 20 ms
_BYTES = SAMPLES * 2


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
        self._source.stop()
        super().stop()
        self._arrived.set()
