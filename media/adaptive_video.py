"""The camera as sent: scaled down and thinned out to the rung the network allows.

Sits between the camera (a relay of it) and aiortc's encoder. aiortc encodes frames at
whatever size they come and restarts its encoder (with a key frame) when the size
changes, so a step of the :class:`QualityLadder` takes effect at the next frame, with
no renegotiation. Frames are dropped to reach a lower rate by their timestamps, not by
counting, so the rate holds whatever the camera's own rate.

When the camera goes away mid-call (unplugged: its track ends), ``on_source_ended``
gives another one and the frames go on from it on the same connection: the patient
sees a picture change, not a call drop. Frames are stamped here, on this track's own
clock, so that the RTP timestamps keep rising across the switch (a new camera starts
its own at zero, which the receiver would take for old packets).
"""

import time
from collections.abc import Callable
from fractions import Fraction
from typing import Any

from aiortc.mediastreams import MediaStreamError, MediaStreamTrack

from media.quality_ladder import RUNGS, Rung
from media.source_switch import SourceSwitch

# Encoders want even sizes; below this a picture is no use to a clinician.
MIN_WIDTH = 160
CLOCK_RATE = 90_000  # RTP's video clock
_TIME_BASE = Fraction(1, CLOCK_RATE)


class AdaptiveVideo(SourceSwitch):
    """``rung`` may be changed at any time by the call."""

    kind = "video"

    def __init__(
        self,
        source: MediaStreamTrack,
        *,
        on_source_ended: Callable[[], MediaStreamTrack | None] | None = None,
    ) -> None:
        super().__init__(source)
        self._on_source_ended = on_source_ended
        self.rung: Rung = RUNGS[0]
        self._started = time.monotonic()
        self._last_sent: float | None = None
        self.sent_sizes: set[tuple[int, int]] = set()
        self.switches = 0

    def replace_source(self, source: MediaStreamTrack) -> bool:
        """Another camera from the next frame on (the old one's relay is stopped)."""
        replaced = super().replace_source(source)
        if replaced:
            self.switches += 1
        return replaced

    async def recv(self) -> Any:
        while True:
            try:
                frame: Any = await self.next_frame()
            except MediaStreamError:
                replacement = self._on_source_ended() if self._on_source_ended else None
                if replacement is None:
                    raise  # no camera left: the video ends, the call goes on in audio
                self.replace_source(replacement)
                continue
            rung = self.rung
            when = time.monotonic() - self._started
            if (
                rung.fps > 0
                and self._last_sent is not None
                and 0 <= when - self._last_sent < 1.0 / rung.fps - 0.004
            ):
                continue  # thinned out to the rung's rate
            self._last_sent = when
            if 0 < rung.scale < 1:
                width = max(MIN_WIDTH, int(frame.width * rung.scale) // 2 * 2)
                height = max(2, int(frame.height * width / frame.width) // 2 * 2)
                frame = frame.reformat(width=width, height=height)
            frame.pts, frame.time_base = int(when * CLOCK_RATE), _TIME_BASE
            self.sent_sizes.add((frame.width, frame.height))
            return frame
