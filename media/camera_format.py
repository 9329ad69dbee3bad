"""The camera format to ask for: at most 1280×720, at least 24 frames per second.

More pixels than 720p buy nothing in a consultation window and cost the encoder (and the
patient's bandwidth); fewer than 24 fps look jerky. Among the formats a camera offers,
the largest that fits both wins; failing that, the largest at 15 fps or more within
720p; failing that, the smallest offered (a camera too big for the rule still works,
the call steps its picture down).
"""

from collections.abc import Sequence
from dataclasses import dataclass

MAX_PIXELS = 1280 * 720
MIN_FPS = 24.0
FALLBACK_FPS = 15.0


@dataclass(frozen=True, slots=True)
class CameraFormat:
    """What a camera offers: a size and its highest frame rate."""

    width: int
    height: int
    max_fps: float

    @property
    def pixels(self) -> int:
        return self.width * self.height

    @staticmethod
    def preferred(formats: Sequence["CameraFormat"]) -> "CameraFormat | None":
        if not formats:
            return None
        for fps in (MIN_FPS, FALLBACK_FPS):
            fitting = [f for f in formats if f.pixels <= MAX_PIXELS and f.max_fps >= fps]
            if fitting:
                return max(fitting, key=lambda f: (f.pixels, f.max_fps))
        return min(formats, key=lambda f: (f.pixels, -f.max_fps))
