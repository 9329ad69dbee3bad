"""BER-TLV data objects as ISO/IEC 7816-4 uses them: multi-byte tags, long lengths, nesting.

Tags are kept as the integer of their bytes (``0x7F21``, ``0x5F37``, ``0x65``). A tag whose
first byte has bit 6 set (``0x20``) is constructed and its value is parsed into children.
Card files are often padded with ``00`` (or ``FF``) after their last object, as the
Carte Vitale's are: ``padding=True`` skips those bytes between objects.
"""

from collections.abc import Iterator
from dataclasses import dataclass

from cardreader.card_data_error import CardDataError

# ISO 7816-4 tags are one to three bytes; lengths at most four bytes after 84.
MAX_TAG_BYTES = 3
MAX_LENGTH_BYTES = 4
# Deeper nesting than this is not card data; refusing it keeps recursion bounded.
MAX_DEPTH = 32
_PADDING = (0x00, 0xFF)


@dataclass(frozen=True)
class BerTlv:
    """One data object; ``children`` is None for a primitive object."""

    tag: int
    value: bytes
    children: tuple["BerTlv", ...] | None = None

    @staticmethod
    def tag_bytes(tag: int) -> bytes:
        return tag.to_bytes(max(1, (tag.bit_length() + 7) // 8), "big")

    @staticmethod
    def tag_is_constructed(tag: int) -> bool:
        return bool(BerTlv.tag_bytes(tag)[0] & 0x20)

    @property
    def constructed(self) -> bool:
        return self.tag_is_constructed(self.tag)

    @classmethod
    def primitive(cls, tag: int, value: bytes) -> "BerTlv":
        if cls.tag_is_constructed(tag):
            raise ValueError(f"tag {tag:X} is constructed")
        return cls(tag, bytes(value))

    @classmethod
    def of_children(cls, tag: int, children: "list[BerTlv] | tuple[BerTlv, ...]") -> "BerTlv":
        if not cls.tag_is_constructed(tag):
            raise ValueError(f"tag {tag:X} is primitive")
        kids = tuple(children)
        return cls(tag, b"".join(child.encode() for child in kids), kids)

    def encode(self) -> bytes:
        """The object in BER with the shortest length field."""
        return self.tag_bytes(self.tag) + self.encode_length(len(self.value)) + self.value

    @staticmethod
    def encode_length(length: int) -> bytes:
        if length < 0x80:
            return bytes((length,))
        body = length.to_bytes((length.bit_length() + 7) // 8, "big")
        if len(body) > MAX_LENGTH_BYTES:
            raise ValueError("a value longer than 4 GiB")
        return bytes((0x80 | len(body),)) + body

    @classmethod
    def parse(cls, data: bytes, *, padding: bool = False) -> "BerTlv":
        """Exactly one object spanning ``data`` (trailing padding allowed if asked)."""
        objects = cls.parse_all(data, padding=padding)
        if len(objects) != 1:
            raise CardDataError(f"expected one BER-TLV object, found {len(objects)}")
        return objects[0]

    @classmethod
    def parse_all(cls, data: bytes, *, padding: bool = False) -> tuple["BerTlv", ...]:
        """Every object in ``data``, in order; raises ``CardDataError`` on malformed data."""
        return cls._parse_sequence(bytes(data), padding, 0)

    @classmethod
    def _parse_sequence(cls, data: bytes, padding: bool, depth: int) -> tuple["BerTlv", ...]:
        if depth > MAX_DEPTH:
            raise CardDataError(f"BER-TLV nested deeper than {MAX_DEPTH} levels")
        objects: list[BerTlv] = []
        pos = 0
        while pos < len(data):
            if data[pos] in _PADDING:
                if not padding:
                    raise CardDataError(f"byte {data[pos]:02X} at {pos} cannot start a tag")
                pos += 1
                continue
            tag, pos = cls._read_tag(data, pos)
            length, pos = cls._read_length(data, pos)
            if pos + length > len(data):
                raise CardDataError(
                    f"tag {tag:X} announces {length} bytes, {len(data) - pos} remain"
                )
            value = data[pos : pos + length]
            pos += length
            children = (
                cls._parse_sequence(value, padding, depth + 1)
                if cls.tag_is_constructed(tag)
                else None
            )
            objects.append(cls(tag, value, children))
        return tuple(objects)

    @staticmethod
    def _read_tag(data: bytes, pos: int) -> tuple[int, int]:
        start = pos
        first = data[pos]
        pos += 1
        if first & 0x1F == 0x1F:
            # Subsequent bytes carry bit 8 while more follow.
            while True:
                if pos >= len(data):
                    raise CardDataError(f"tag starting at {start} is cut short")
                byte = data[pos]
                pos += 1
                if pos - start > MAX_TAG_BYTES:
                    raise CardDataError(f"tag at {start} longer than {MAX_TAG_BYTES} bytes")
                if not byte & 0x80:
                    break
        return int.from_bytes(data[start:pos], "big"), pos

    @staticmethod
    def _read_length(data: bytes, pos: int) -> tuple[int, int]:
        if pos >= len(data):
            raise CardDataError("object ends before its length")
        first = data[pos]
        pos += 1
        if first < 0x80:
            return first, pos
        count = first & 0x7F
        if count == 0:
            raise CardDataError("indefinite length (80) is not allowed in card data")
        if count > MAX_LENGTH_BYTES:
            raise CardDataError(f"length field of {count} bytes")
        if pos + count > len(data):
            raise CardDataError("length field cut short")
        return int.from_bytes(data[pos : pos + count], "big"), pos + count

    def walk(self) -> Iterator["BerTlv"]:
        """This object, then every descendant, depth first."""
        yield self
        for child in self.children or ():
            yield from child.walk()

    def find(self, tag: int) -> "BerTlv | None":
        """The first descendant (or self) with ``tag``, depth first."""
        return next((node for node in self.walk() if node.tag == tag), None)

    def find_all(self, tag: int) -> list["BerTlv"]:
        return [node for node in self.walk() if node.tag == tag]

    def child(self, tag: int) -> "BerTlv | None":
        """The first direct child with ``tag``."""
        return next((c for c in self.children or () if c.tag == tag), None)

    def __repr__(self) -> str:
        if self.children is None:
            return f"BerTlv({self.tag:X}: {self.value.hex(' ').upper()})"
        return f"BerTlv({self.tag:X}: {list(self.children)!r})"
