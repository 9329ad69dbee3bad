"""Reads the receiver's reports on what we send, feeds the ladder, applies its rung.

Once a second it looks at the RTCP receiver report aiortc keeps for the video sender
(the audio one while only audio goes out): the fraction lost since the previous report
and the round trip. A new report goes to :class:`QualityLadder`; a new rung goes to
:class:`AdaptiveVideo` (size, rate), or takes the video off the connection for audio
only and puts it back when the network allows. ``last`` keeps the latest figures for
the quality indicator.
"""

import asyncio
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from aiortc import RTCRtpSender

from media.adaptive_video import AdaptiveVideo
from media.background_tasks import BackgroundTasks
from media.quality_ladder import QualityLadder, Rung

INTERVAL_S = 1.0


@dataclass(frozen=True, slots=True)
class QualityFigures:
    """The latest receiver report: loss since the previous one, round trip, jitter."""

    loss: float
    rtt_s: float | None
    jitter: float
    packets_lost: int


class QualityMonitor:
    """Runs while a connection lives; ``on_rung(rung)`` after each change."""

    def __init__(
        self,
        video_sender: RTCRtpSender | None,
        audio_sender: RTCRtpSender | None,
        video: AdaptiveVideo | None,
        ladder: QualityLadder,
        *,
        on_rung: Callable[[Rung], None] | None = None,
        interval_s: float = INTERVAL_S,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._video_sender = video_sender
        self._audio_sender = audio_sender
        self._video = video
        self.ladder = ladder
        self._on_rung = on_rung
        self._interval_s = interval_s
        self._clock = clock
        self._seen: dict[int, Any] = {}
        self._task: asyncio.Task[None] | None = None
        self.last: QualityFigures | None = None
        # The practitioner chose audio only: the ladder never puts the video back.
        self.held_audio_only = False

    def start(self) -> None:
        if self._task is None:
            self._task = asyncio.get_running_loop().create_task(self._run())

    async def stop(self) -> None:
        task, self._task = self._task, None
        await BackgroundTasks.cancel(task)

    def apply(self) -> None:
        """Puts the ladder's rung (and the practitioner's audio-only choice) in force."""
        rung = self.ladder.rung
        if self._video is not None:
            self._video.rung = rung
        if self._video_sender is not None:
            off = rung.audio_only or self.held_audio_only
            self._video_sender.replaceTrack(None if off else self._video)

    async def _run(self) -> None:
        while True:
            await asyncio.sleep(self._interval_s)
            figures = await self._report()
            if figures is None:
                continue
            self.last = figures
            if self.ladder.observe(figures.loss, figures.rtt_s, self._clock()):
                self.apply()
                if self._on_rung is not None:
                    self._on_rung(self.ladder.rung)

    async def _report(self) -> QualityFigures | None:
        """The newest receiver report not yet seen, from the sender that is sending."""
        sending_video = self._video_sender is not None and self._video_sender.track is not None
        sender = self._video_sender if sending_video else self._audio_sender
        if sender is None:
            return None
        try:
            stats = await sender.getStats()
        except Exception:  # noqa: BLE001 - a sender closing under us: no report this time
            return None
        for report in stats.values():
            if report.type != "remote-inbound-rtp":
                continue
            key = id(sender)
            stamp = (report.timestamp, report.packetsLost, report.packetsReceived)
            if self._seen.get(key) == stamp:
                return None
            self._seen[key] = stamp
            return QualityFigures(
                loss=(report.fractionLost or 0) / 256,
                rtt_s=report.roundTripTime,
                jitter=float(report.jitter or 0),
                packets_lost=int(report.packetsLost or 0),
            )
        return None
