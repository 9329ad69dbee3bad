"""Plays an aiortc audio track (the patient's voice) on a loudspeaker, through Qt Multimedia.

aiortc decodes Opus to 48 kHz 16-bit interleaved frames; they are written to a
``QAudioSink`` in push mode as they come. What the sink has no room for yet waits here,
up to ``MAX_BACKLOG_S`` (the sound server can take a moment to start a stream, and
should not lose the first words); beyond that the oldest is dropped: late speech is
worse than a tiny gap. ``level`` is the last frame's peak, for the view.
"""

import asyncio
import contextlib
from typing import Any

import numpy as np
from aiortc.mediastreams import MediaStreamTrack
from PySide6.QtMultimedia import QAudioDevice, QAudioFormat, QAudioSink

from media.background_tasks import BackgroundTasks

MAX_BACKLOG_S = 0.3


class AudioPlayer:
    """:meth:`play` a track until it ends or :meth:`stop`."""

    def __init__(self, device: QAudioDevice) -> None:
        self._device = device
        self._sink: QAudioSink | None = None
        self._io: Any = None
        self._task: asyncio.Task[None] | None = None
        self._backlog = bytearray()
        self._max_backlog = 0
        self.level = 0.0
        self.frames = 0
        self.dropped = 0

    def use_device(self, device: QAudioDevice) -> None:
        """Plays on ``device`` from the next frame on (a headset plugged in, the
        loudspeaker unplugged): what waits to be played is kept."""
        self._device = device
        if self._sink is not None:
            self._sink.stop()
            self._sink = None

    def play(self, track: MediaStreamTrack) -> None:
        self._task = asyncio.get_running_loop().create_task(self._run(track))

    async def stop(self) -> None:
        task, self._task = self._task, None
        await BackgroundTasks.cancel(task)
        if self._sink is not None:
            self._sink.stop()
            self._sink = None

    async def _run(self, track: MediaStreamTrack) -> None:
        try:
            await self._pump(track)
            await self._play_out()
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
                self.level = float(np.abs(samples).max()) / 32768.0 if samples.size else 0.0
                self._backlog += samples.tobytes()
                excess = len(self._backlog) - self._max_backlog
                if excess > 0:
                    del self._backlog[:excess]
                    self.dropped += 1
                self._flush()
                self.frames += 1

    async def _play_out(self, within_s: float = 1.0) -> None:
        """The track ended (a test tone, say): what is still to play is played first."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + within_s
        while self._sink is not None and loop.time() < deadline:
            self._flush()
            if not self._backlog and self._sink.bytesFree() >= self._sink.bufferSize():
                return
            await asyncio.sleep(0.02)

    def _flush(self) -> None:
        if self._sink is None or not self._backlog:
            return
        room = self._sink.bytesFree()
        if room > 0:
            written = self._io.write(bytes(self._backlog[:room]))
            if written > 0:
                del self._backlog[:written]

    def _open(self, rate: int, channels: int) -> None:
        audio_format = QAudioFormat()
        audio_format.setSampleRate(rate)
        audio_format.setChannelCount(channels)
        audio_format.setSampleFormat(QAudioFormat.SampleFormat.Int16)
        sink = QAudioSink(self._device, audio_format)
        # About 200 ms of room: enough for the network's jitter, not enough to lag.
        sink.setBufferSize(rate * channels * 2 // 5)
        self._max_backlog = int(rate * channels * 2 * MAX_BACKLOG_S)
        self._io = sink.start()
        self._sink = sink
