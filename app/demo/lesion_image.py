"""A synthetic photo of a pigmented skin lesion beside a millimetre ruler.

Pure Python and fast: pixels are never touched one by one. Skin texture is one
precomputed noisy row, shifted and relit per row with ``bytes.translate``; the lesion
is a polygon filled span by span, each span darkened with a lookup table.
"""

import math
import random
from dataclasses import dataclass, replace

from app.demo.demo_random import DemoRandom
from app.demo.png_encoder import PngEncoder

PX_PER_MM = 8
_VERTICES = 72
_RULER_MM = 20
_RULER_X = 12
_RULER_HEIGHT = 26
_RULER_MARGIN = 8
_RULER_RGB = bytes((244, 243, 236))
_INK_RGB = bytes((28, 28, 30))
_TEXTURE_PAD = 40
_LIGHT_LEVELS = 32
_SKIN_TONES = ((236, 198, 170), (224, 178, 145), (205, 156, 120), (176, 124, 92))

Span = tuple[int, int]


def _table(gamma: float, gain: float) -> bytes:
    """A 256-entry lookup table: darker and, with gamma > 1, more saturated (browner)."""
    return bytes(min(255, round(255 * (v / 255) ** gamma * gain)) for v in range(256))


# From the rim inwards: a faint halo, the lesion, its darker core, a few dots.
_LAYERS = (_table(1.15, 0.93), _table(1.8, 0.78), _table(2.3, 0.64), _table(3.0, 0.45))
_LAYER_SCALES = (1.12, 1.0, 0.55, 0.0)


@dataclass(frozen=True, slots=True)
class LesionImage:
    """A made-up lesion: its shape, where it sits, the skin around it.

    The same lesion photographed months apart is :meth:`later` (a little larger,
    framed a little differently), so the demo can show a comparison.
    """

    width: int
    height: int
    skin: tuple[int, int, int]
    center: tuple[float, float]
    radius: float
    harmonics: tuple[tuple[int, float, float], ...]
    core_offset: tuple[float, float]
    dots: tuple[tuple[float, float, float], ...]
    texture_seed: int

    @classmethod
    def draw(cls, rng: random.Random, width: int = 320, height: int = 240) -> "LesionImage":
        """A new lesion 6 to 10 mm across, clear of the ruler at the bottom."""
        radius = rng.uniform(3.0, 5.0) * PX_PER_MM
        harmonics = tuple(
            (k, rng.uniform(0.03, 0.12), rng.uniform(0, math.tau)) for k in (2, 3, 5, 7)
        )
        dots = tuple(
            (rng.uniform(-0.5, 0.5), rng.uniform(-0.5, 0.5), rng.uniform(1.5, 3.5))
            for _ in range(rng.randint(2, 6))
        )
        return cls(
            width=width,
            height=height,
            skin=rng.choice(_SKIN_TONES),
            center=(width * rng.uniform(0.4, 0.62), height * rng.uniform(0.36, 0.46)),
            radius=radius,
            harmonics=harmonics,
            core_offset=(rng.uniform(-0.2, 0.2), rng.uniform(-0.2, 0.2)),
            dots=dots,
            texture_seed=rng.getrandbits(32),
        )

    def later(self, rng: random.Random, growth: float) -> "LesionImage":
        """The same lesion on a later photo: grown by ``growth``, camera moved slightly."""
        cx, cy = self.center
        return replace(
            self,
            center=(cx + rng.uniform(-8, 8), cy + rng.uniform(-6, 6)),
            radius=self.radius * growth,
            texture_seed=rng.getrandbits(32),
        )

    def png(self, encoder: PngEncoder | None = None) -> bytes:
        return (encoder or PngEncoder()).encode(self.width, self.height, self.rgb())

    def rgb(self) -> bytes:
        """The pixels, 3 bytes each, row after row from the top."""
        rng = DemoRandom(self.texture_seed)
        w, h = self.width, self.height
        stride = w * 3
        texture = self._texture_row(rng)
        lights = [_table(1.0, 1.06 - 0.16 * i / (_LIGHT_LEVELS - 1)) for i in range(_LIGHT_LEVELS)]
        layers = [self._spans(self._outline(scale)) for scale in _LAYER_SCALES[:3]]
        layers.append(self._dot_spans())
        ruler_top = h - _RULER_MARGIN - _RULER_HEIGHT
        rows: list[bytes] = []
        for y in range(h):
            # A random shift per row keeps the noise from lining up into streaks.
            offset = rng.randrange(_TEXTURE_PAD) * 3
            row = bytearray(
                texture[offset : offset + stride].translate(lights[y * _LIGHT_LEVELS // h])
            )
            for spans, table in zip(layers, _LAYERS, strict=True):
                for a, b in spans.get(y, ()):
                    row[a * 3 : b * 3] = row[a * 3 : b * 3].translate(table)
            if ruler_top <= y < ruler_top + _RULER_HEIGHT:
                self._draw_ruler(row, y - ruler_top)
            rows.append(bytes(row))
        return b"".join(rows)

    def _texture_row(self, rng: random.Random) -> bytes:
        """One row of skin, wider than the image: mottled, darker towards the edges."""
        half = self.width / 2
        out = bytearray()
        for x in range(self.width + _TEXTURE_PAD):
            shade = 1.0 - 0.1 * ((x - half) / half) ** 2 + rng.gauss(0, 0.018)
            out += bytes(max(0, min(255, round(c * shade))) for c in self.skin)
        return bytes(out)

    def _outline(self, scale: float) -> list[tuple[float, float]]:
        """The lesion's border as a polygon; ``scale`` shrinks it towards its (offset) core."""
        cx, cy = self.center
        if scale < 1.0:
            cx += self.core_offset[0] * self.radius
            cy += self.core_offset[1] * self.radius
        points = []
        for i in range(_VERTICES):
            theta = math.tau * i / _VERTICES
            r = 1.0 + sum(a * math.cos(k * theta + phase) for k, a, phase in self.harmonics)
            r *= self.radius * scale
            points.append((cx + r * math.cos(theta), cy + r * math.sin(theta)))
        return points

    def _dot_spans(self) -> dict[int, list[Span]]:
        """Small dark dots (globules) inside the lesion, as octagons."""
        merged: dict[int, list[Span]] = {}
        cx, cy = self.center
        for dx, dy, r in self.dots:
            x0, y0 = cx + dx * self.radius, cy + dy * self.radius
            octagon = [
                (x0 + r * math.cos(math.tau * i / 8), y0 + r * math.sin(math.tau * i / 8))
                for i in range(8)
            ]
            for y, spans in self._spans(octagon).items():
                merged.setdefault(y, []).extend(spans)
        return merged

    def _spans(self, polygon: list[tuple[float, float]]) -> dict[int, list[Span]]:
        """Even-odd scanline fill: per row, the pixel ranges whose centres are inside."""
        crossings: dict[int, list[float]] = {}
        n = len(polygon)
        for i in range(n):
            (x0, y0), (x1, y1) = polygon[i], polygon[(i + 1) % n]
            if y0 == y1:
                continue
            lo, hi = min(y0, y1), max(y0, y1)
            first = max(0, math.ceil(lo - 0.5))
            last = min(self.height - 1, math.ceil(hi - 0.5) - 1)
            slope = (x1 - x0) / (y1 - y0)
            for y in range(first, last + 1):
                crossings.setdefault(y, []).append(x0 + (y + 0.5 - y0) * slope)
        spans: dict[int, list[Span]] = {}
        for y, xs in crossings.items():
            xs.sort()
            row = []
            for xa, xb in zip(xs[::2], xs[1::2], strict=False):
                a = max(0, math.ceil(xa - 0.5))
                b = min(self.width, math.ceil(xb - 0.5))
                if a < b:
                    row.append((a, b))
            spans[y] = row
        return spans

    def _draw_ruler(self, row: bytearray, ry: int) -> None:
        """Row ``ry`` of a 2 cm ruler: mm ticks from the top, a 1 cm bar at the bottom."""
        left = _RULER_X
        right = left + _RULER_MM * PX_PER_MM + 2 * PX_PER_MM
        row[left * 3 : right * 3] = _RULER_RGB * (right - left)
        x0 = left + PX_PER_MM
        if ry >= _RULER_HEIGHT - 5:
            if ry < _RULER_HEIGHT - 2:
                bar = 10 * PX_PER_MM
                row[x0 * 3 : (x0 + bar) * 3] = _INK_RGB * bar
            return
        for mm in range(_RULER_MM + 1):
            length = 14 if mm % 10 == 0 else 10 if mm % 5 == 0 else 6
            if ry < length:
                x = x0 + mm * PX_PER_MM
                row[x * 3 : x * 3 + 3] = _INK_RGB
