"""A frame number painted into the picture, readable again after lossy video coding.

Measuring a call end to end (glass-to-glass latency, dropped frames, the resolution
that actually arrives) needs to know which sent frame a decoded picture is. RTP
timestamps do not survive every path (a browser re-encodes, a recorder re-times), the
pixels do. ``SyntheticCamera`` paints the number with :meth:`FrameCounter.paint` and
a receiver reads it back with :meth:`FrameCounter.read`: both use the one layout below.

Layout: a band at the top of the picture, two rows of 16 square blocks, each block a
16th of the picture's width (40 px at 640 wide, never under 16 px at 256 wide and
more). Because every position is a fraction of the width, a picture scaled down on
the way (a step-down to a lower resolution) still reads back. Blocks, row-major:

- 0 light, 1 dark, 30 dark, 31 light: guard blocks. They give the reader the light
  and dark levels after coding, and a picture without them is not ours;
- 2 to 25: the counter, 24 bits, most significant first (wraps after 2**24 frames,
  six days at 30 fps);
- 26 to 29: a check, the XOR of the counter's six nibbles, so that a picture caught
  half-way between two frames by inter-frame coding is refused rather than misread.

Each block is judged by the mean luminance of its inner half: the block's edges are
where coding artefacts (ringing, chroma bleed, deblocking) land.
"""

from typing import Any

import numpy as np
import numpy.typing as npt
from av import VideoFrame

COLUMNS = 16
ROWS = 2
COUNTER_BITS = 24
CHECK_BITS = 4
MODULUS = 1 << COUNTER_BITS
# The smallest width whose blocks are still 16 px, the size of a codec macroblock:
# smaller blocks get smeared by the coder's own block transforms.
MIN_WIDTH = 16 * COLUMNS

_LIGHT_GUARDS = (0, 31)
_DARK_GUARDS = (1, 30)
_COUNTER_BLOCKS = range(2, 2 + COUNTER_BITS)
_CHECK_BLOCKS = range(2 + COUNTER_BITS, 2 + COUNTER_BITS + CHECK_BITS)
# A guard pair closer than this is grey or noise, not our black and white blocks (even
# limited-range video keeps 219 levels between them).
_MIN_CONTRAST = 96.0
# A data block nearer the mid level than this fraction of the contrast is ambiguous:
# refusing it is better than returning a wrong frame number.
_DECISION_MARGIN = 0.25
# ITU-R BT.601 luma weights, the ones libswscale uses for rgb24 and yuv420p.
_LUMA_WEIGHTS = np.array([0.299, 0.587, 0.114])

type Image = npt.NDArray[np.uint8]
# What a reader may be handed: av's to_ndarray is typed as any of its sample formats.
type Picture = npt.NDArray[np.number[Any]] | VideoFrame


class FrameCounter:
    """Paints a frame number into a picture and reads it back; stateless."""

    @staticmethod
    def band_height(width: int) -> int:
        """Rows at the top of a picture ``width`` pixels wide that the counter covers."""
        return ROWS * width // COLUMNS

    @staticmethod
    def paint(image: Image, number: int, *, dark: int = 0, light: int = 255) -> None:
        """Write ``number`` (modulo 2**24) into ``image``'s top band, in place.

        ``image`` is a luma plane (height x width) or an rgb24 picture (height x width x 3);
        ``dark`` and ``light`` are the levels to write: 16 and 235 in a limited-range Y
        plane, 0 and 255 in rgb24.
        """
        height, width = image.shape[:2]
        FrameCounter._check_size(width, height)
        levels = {True: light, False: dark}
        for index, lit in enumerate(FrameCounter._pattern(number % MODULUS)):
            rows, columns = FrameCounter._block(index, width, inner=False)
            image[rows, columns] = levels[lit]

    @staticmethod
    def read(picture: Picture) -> int | None:
        """The number painted into ``picture``, or None if it holds no readable counter.

        ``picture`` is an rgb24 array, a luma array or a decoded ``av.VideoFrame``.
        None means: no guard blocks (a picture we did not paint, grey, noise), a block
        too blurred to decide, or a check that does not match.
        """
        means = FrameCounter._block_means(picture)
        if means is None:
            return None
        light = min(means[i] for i in _LIGHT_GUARDS)
        dark = max(means[i] for i in _DARK_GUARDS)
        contrast = light - dark
        if contrast < _MIN_CONTRAST:
            return None
        threshold = (light + dark) / 2
        data = means[2 : 2 + COUNTER_BITS + CHECK_BITS]
        if np.any(np.abs(data - threshold) < _DECISION_MARGIN * contrast):
            return None
        bits = data > threshold
        number = FrameCounter._to_int(bits[:COUNTER_BITS])
        if FrameCounter._to_int(bits[COUNTER_BITS:]) != FrameCounter._check(number):
            return None
        return number

    @staticmethod
    def _pattern(number: int) -> list[bool]:
        lit = [False] * (ROWS * COLUMNS)
        for index in _LIGHT_GUARDS:
            lit[index] = True
        check = FrameCounter._check(number)
        for position, index in enumerate(_COUNTER_BLOCKS):
            lit[index] = bool((number >> (COUNTER_BITS - 1 - position)) & 1)
        for position, index in enumerate(_CHECK_BLOCKS):
            lit[index] = bool((check >> (CHECK_BITS - 1 - position)) & 1)
        return lit

    @staticmethod
    def _check(number: int) -> int:
        check = 0
        for shift in range(0, COUNTER_BITS, CHECK_BITS):
            check ^= (number >> shift) & ((1 << CHECK_BITS) - 1)
        return check

    @staticmethod
    def _to_int(bits: npt.NDArray[np.bool_]) -> int:
        number = 0
        for bit in bits:
            number = (number << 1) | int(bit)
        return number

    @staticmethod
    def _block(index: int, width: int, *, inner: bool) -> tuple[slice, slice]:
        row, column = divmod(index, COLUMNS)
        # Every edge is a fraction of the width, computed the same way on both sides, so
        # that a picture scaled with its aspect ratio kept lands on the same blocks.
        left, right = column * width // COLUMNS, (column + 1) * width // COLUMNS
        top, bottom = row * width // COLUMNS, (row + 1) * width // COLUMNS
        if inner:
            x_margin, y_margin = (right - left) // 4, (bottom - top) // 4
            left, right = left + x_margin, right - x_margin
            top, bottom = top + y_margin, bottom - y_margin
        return slice(top, bottom), slice(left, right)

    @staticmethod
    def _check_size(width: int, height: int) -> None:
        if width < MIN_WIDTH or height <= FrameCounter.band_height(width):
            msg = f"a {width}x{height} picture is too small for the frame counter"
            raise ValueError(msg)

    @staticmethod
    def _block_means(picture: Picture) -> npt.NDArray[np.float64] | None:
        # From a frame the Y plane is all the reader needs: no colour conversion.
        pixels = picture.to_ndarray(format="gray") if isinstance(picture, VideoFrame) else picture
        height, width = pixels.shape[:2]
        if width < COLUMNS * 4 or height <= FrameCounter.band_height(width):
            return None
        band = pixels[: FrameCounter.band_height(width)]
        luma = band @ _LUMA_WEIGHTS if band.ndim == 3 else band.astype(np.float64)
        return np.array(
            [
                luma[FrameCounter._block(index, width, inner=True)].mean()
                for index in range(ROWS * COLUMNS)
            ]
        )
