"""When to send less video, and when to send more again, from what the receiver reports.

The receiver's RTCP reports say what fraction of our packets was lost and let us
measure the round trip. Under loss or delay the video steps down a rung (smaller
picture, then fewer frames per second), two rungs under heavy loss, down to audio only;
after a quiet spell it steps up one rung at a time. Going down is quick (a frozen or
broken picture is worse than a small one), going up is slow and waits longer each time
the same rung failed again, so that a call does not see-saw on a flaky network.

The rungs are fractions of the camera's own size, so a 720p webcam and a 480p one step
the same way. The decision is pure arithmetic on the reports: :class:`CallSession`
feeds it, :class:`AdaptiveVideo` applies it.
"""

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Rung:
    """``scale`` of the camera's size and frames per second; ``scale`` 0 is audio only."""

    scale: float
    fps: float

    @property
    def audio_only(self) -> bool:
        return self.scale == 0


RUNGS = (
    Rung(1.0, 30.0),
    Rung(0.75, 30.0),
    Rung(0.5, 24.0),
    Rung(0.375, 15.0),
    Rung(0.25, 12.0),
    Rung(0.0, 0.0),
)
HEAVY_LOSS = 0.10
LOSS = 0.04
QUIET_LOSS = 0.02
SLOW_RTT_S = 0.6
QUIET_RTT_S = 0.3


class QualityLadder:
    """``rung`` is the current one; :meth:`observe` one report, True if it changed."""

    def __init__(
        self,
        *,
        down_every_s: float = 2.0,
        up_after_s: float = 8.0,
        rungs: tuple[Rung, ...] = RUNGS,
    ) -> None:
        self._rungs = rungs
        self._down_every_s = down_every_s
        self._up_after_s = up_after_s
        self.index = 0
        self._changed_at: float | None = None
        self._quiet_since: float | None = None
        # Rungs we had to leave: climbing back to one waits longer each time.
        self._failures: dict[int, int] = {}
        self.changes: list[tuple[float, int]] = []

    @property
    def rung(self) -> Rung:
        return self._rungs[self.index]

    def observe(self, loss: float, rtt_s: float | None, now: float) -> bool:
        """One receiver report: ``loss`` the fraction lost since the last one (0 to 1)."""
        slow = rtt_s is not None and rtt_s >= SLOW_RTT_S
        if loss >= LOSS or slow:
            self._quiet_since = None
            if self._changed_at is not None and now - self._changed_at < self._down_every_s:
                return False
            steps = 2 if loss >= HEAVY_LOSS else 1
            return self._move(min(self.index + steps, len(self._rungs) - 1), now)
        quiet = loss < QUIET_LOSS and (rtt_s is None or rtt_s < QUIET_RTT_S)
        if not quiet:
            self._quiet_since = None
            return False
        if self._quiet_since is None:
            self._quiet_since = now
        wait = self._up_after_s * (1 + self._failures.get(self.index - 1, 0))
        if self.index > 0 and now - self._quiet_since >= wait:
            self._quiet_since = now
            return self._move(self.index - 1, now)
        return False

    def _move(self, index: int, now: float) -> bool:
        if index == self.index:
            return False
        if index > self.index:
            self._failures[self.index] = self._failures.get(self.index, 0) + 1
        self.index = index
        self._changed_at = now
        self.changes.append((now, index))
        return True
