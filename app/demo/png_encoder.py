"""A minimal PNG encoder (8-bit RGB, no filtering) on zlib and struct alone.

Enough to store generated pictures without Pillow or numpy, which ``app/`` keeps out
of its imports to start fast.
"""

import struct
import zlib

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
_COLOR_TYPE_RGB = 2
_BIT_DEPTH = 8


class PngEncoder:
    """Encodes raw RGB pixels, row after row, into PNG bytes."""

    def __init__(self, compression_level: int = 6) -> None:
        self._level = compression_level

    def encode(self, width: int, height: int, rgb: bytes | bytearray) -> bytes:
        """PNG of ``height`` rows of ``width`` pixels, ``rgb`` holding 3 bytes a pixel."""
        if width <= 0 or height <= 0:
            raise ValueError("PNG dimensions must be positive")
        stride = width * 3
        if len(rgb) != stride * height:
            raise ValueError(f"expected {stride * height} bytes of RGB, got {len(rgb)}")
        view = memoryview(rgb)
        # Filter type 0 (None) on every row: the images are small, and the other
        # filters would mean per-pixel Python work for a few kilobytes saved.
        raw = b"".join(b"\x00" + view[y * stride : (y + 1) * stride] for y in range(height))
        header = struct.pack(">IIBBBBB", width, height, _BIT_DEPTH, _COLOR_TYPE_RGB, 0, 0, 0)
        return b"".join(
            (
                PNG_SIGNATURE,
                self._chunk(b"IHDR", header),
                self._chunk(b"IDAT", zlib.compress(raw, self._level)),
                self._chunk(b"IEND", b""),
            )
        )

    @staticmethod
    def _chunk(kind: bytes, data: bytes) -> bytes:
        # The CRC covers the chunk type and data, not the length field.
        crc = zlib.crc32(data, zlib.crc32(kind))
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)
