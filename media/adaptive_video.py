"""The camera as sent: scaled down and thinned out to the rung the network allows.

Sits between the camera (a relay of it) and aiortc's encoder. aiortc encodes frames at
whatever size they come and restarts its encoder (with a key frame) when the size
changes, so a step of the :class:`QualityLadder` takes effect at the next frame, with
no renegotiation. Frames are dropped to reach a lower rate by their timestamps, not by
counting, so the rate holds whatever the camera's own rate.
"""

from typing import Any

from aiortc.mediastreams import MediaStreamTrack

from media.quality_ladder import RUNGS, Rung

# Encoders want even sizes; below this a picture is no use to a clinician.
MIN_WIDTH = 160


class AdaptiveVideo(MediaStreamTrack):
    """``rung`` may be changed at any time by the call."""

    kind = "video"

    def __init__(self, source: MediaStreamTrack) -> None:
        super().__init__()
        self._source = source
        self.rung: Rung = RUNGS[0]
        self._last_sent: float | None = None
        self.sent_sizes: set[tuple[int, int]] = set()

    async def recv(self) -> Any:
        while True:
            frame: Any = await self._source.recv()
            rung = self.rung
            when = float(frame.pts * frame.time_base) if frame.pts is not None else None
            if (
                rung.fps > 0
                and when is not None
                and self._last_sent is not None
                and 0 <= when - self._last_sent < 1.0 / rung.fps - 0.004
            ):
                continue  # thinned out to the rung's rate
            self._last_sent = when
            if 0 < rung.scale < 1:
                width = max(MIN_WIDTH, int(frame.width * rung.scale) // 2 * 2)
                height = max(2, int(frame.height * width / frame.width) // 2 * 2)
                scaled = frame.reformat(width=width, height=height)
                scaled.pts, scaled.time_base = frame.pts, frame.time_base
                frame = scaled
            self.sent_sizes.add((frame.width, frame.height))
            return frame

    def stop(self) -> None:
        super().stop()
        self._source.stop()
