"""Plays an aiortc audio track (the patient's voice) on a loudspeaker, through Qt Multimedia.

aiortc decodes Opus to 48 kHz 16-bit interleaved frames; they are written to a
``QAudioSink`` in push mode as they come. When the sink has no room (the device is
slower than the network for a moment) the frame is dropped rather than queued: late
speech is worse than a tiny gap. ``level`` is the last frame's peak, for the view.
"""

import asyncio
import contextlib
from typing import Any

import numpy as np
from aiortc.mediastreams import MediaStreamTrack
from PySide6.QtMultimedia import QAudioDevice, QAudioFormat, QAudioSink


class AudioPlayer:
    """:meth:`play` a track until it ends or :meth:`stop`."""

    def __init__(self, device: QAudioDevice) -> None:
        self._device = device
        self._sink: QAudioSink | None = None
        self._io: Any = None
        self._task: asyncio.Task[None] | None = None
        self.level = 0.0
        self.frames = 0
        self.dropped = 0

    def play(self, track: MediaStreamTrack) -> None:
        self._task = asyncio.get_running_loop().create_task(self._run(track))

    async def stop(self) -> None:
        task, self._task = self._task, None
        if task is not None:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
        if self._sink is not None:
            self._sink.stop()
            self._sink = None

    async def _run(self, track: MediaStreamTrack) -> None:
        try:
            await self._pump(track)
        finally:
            if self._sink is not None:
                self._sink.stop()  # the call ended: the loudspeaker is let go
                self._sink = None

    async def _pump(self, track: MediaStreamTrack) -> None:
        with contextlib.suppress(Exception):  # MediaStreamError: the call ended
            while True:
                frame: Any = await track.recv()
                samples = frame.to_ndarray().astype(np.int16, copy=False)
                if self._sink is None:
                    self._open(frame.sample_rate, len(frame.layout.channels))
                data = samples.tobytes()
                self.level = float(np.abs(samples).max()) / 32768.0 if samples.size else 0.0
                if self._sink is not None and self._sink.bytesFree() >= len(data):
                    self._io.write(data)
                    self.frames += 1
                else:
                    self.dropped += 1

    def _open(self, rate: int, channels: int) -> None:
        audio_format = QAudioFormat()
        audio_format.setSampleRate(rate)
        audio_format.setChannelCount(channels)
        audio_format.setSampleFormat(QAudioFormat.SampleFormat.Int16)
        sink = QAudioSink(self._device, audio_format)
        # About 200 ms of room: enough for the network's jitter, not enough to lag.
        sink.setBufferSize(rate * channels * 2 // 5)
        self._io = sink.start()
        self._sink = sink
