"""A command APDU (C-APDU) of ISO/IEC 7816-4, cases 1 to 4, short and extended.

Used both ways: the host builds commands and sends ``to_bytes()``; the simulator
``parse``s what arrives from pcscd.
"""

from dataclasses import dataclass, field

from cardreader.card_data_error import CardDataError

SHORT_MAX_DATA = 255
SHORT_MAX_LE = 256
EXTENDED_MAX_DATA = 65535
EXTENDED_MAX_LE = 65536
# What one short READ BINARY asks for (Le 00): the most a short answer holds.
READ_CHUNK = 256
_SELECT_NO_ANSWER = 0x0C  # P2 of SELECT: return no FCI


@dataclass(frozen=True)
class ApduCommand:
    """CLA INS P1 P2, optional command data, optional Le (``le`` is Ne: 1 to 65536).

    ``le=None`` means no Le field; ``le=256`` is coded as ``00`` in a short APDU.
    ``extended`` forces extended length fields even where short ones would do.
    """

    cla: int
    ins: int
    p1: int
    p2: int
    data: bytes = b""
    le: int | None = None
    # How it was coded, not what it means: two commands differing only here are equal.
    extended: bool = field(default=False, compare=False)

    def __post_init__(self) -> None:
        for name in ("cla", "ins", "p1", "p2"):
            if not 0 <= getattr(self, name) <= 0xFF:
                raise ValueError(f"{name} must be one byte")
        if len(self.data) > EXTENDED_MAX_DATA:
            raise ValueError("command data longer than 65535 bytes")
        if self.le is not None and not 1 <= self.le <= EXTENDED_MAX_LE:
            raise ValueError("Le (Ne) must be 1 to 65536")

    @classmethod
    def select(cls, p1: int, identifier: bytes) -> "ApduCommand":
        """SELECT (``A4``) without an FCI back: P1 ``00`` MF/file id, ``02`` EF under the
        current DF, ``04`` by application id."""
        return cls(0x00, 0xA4, p1, _SELECT_NO_ANSWER, identifier)

    @classmethod
    def read_binary(cls, offset: int) -> "ApduCommand":
        """READ BINARY (``B0``) of :data:`READ_CHUNK` bytes at ``offset`` of the current EF."""
        return cls(0x00, 0xB0, offset >> 8, offset & 0xFF, le=READ_CHUNK)

    @classmethod
    def read_binary_sfi(cls, sfi: int) -> "ApduCommand":
        """READ BINARY of the first :data:`READ_CHUNK` bytes of the EF with short id ``sfi``."""
        return cls(0x00, 0xB0, 0x80 | sfi, 0x00, le=READ_CHUNK)

    @property
    def case(self) -> int:
        """ISO 7816-3 case: 1 no data no Le, 2 Le only, 3 data only, 4 both."""
        return 1 + (self.le is not None) + 2 * bool(self.data)

    @property
    def header(self) -> bytes:
        return bytes((self.cla, self.ins, self.p1, self.p2))

    @property
    def is_extended(self) -> bool:
        """Whether :meth:`to_bytes` uses extended length fields."""
        return (
            self.extended
            or len(self.data) > SHORT_MAX_DATA
            or (self.le is not None and self.le > SHORT_MAX_LE)
        )

    def to_bytes(self) -> bytes:
        out = bytearray(self.header)
        if self.is_extended:
            if self.data:
                out += b"\x00" + len(self.data).to_bytes(2, "big") + self.data
            if self.le is not None:
                le = self.le.to_bytes(3, "big")[1:]  # 65536 is coded 00 00
                out += le if self.data else b"\x00" + le
        else:
            if self.data:
                out += bytes((len(self.data),)) + self.data
            if self.le is not None:
                out.append(self.le & 0xFF)  # 256 is coded 00
        return bytes(out)

    @classmethod
    def parse(cls, raw: bytes) -> "ApduCommand":
        """Parse one C-APDU, or raise ``CardDataError`` (ISO 7816-3 12.1 length rules)."""
        n = len(raw)
        if n < 4:
            raise CardDataError(f"C-APDU of {n} bytes: the header alone is 4")
        cla, ins, p1, p2 = raw[:4]
        if n == 4:
            return cls(cla, ins, p1, p2)
        b1 = raw[4]
        if n == 5:
            return cls(cla, ins, p1, p2, le=b1 or SHORT_MAX_LE)
        if b1 != 0:
            if n == 5 + b1:
                return cls(cla, ins, p1, p2, raw[5:])
            if n == 6 + b1:
                return cls(cla, ins, p1, p2, raw[5:-1], le=raw[-1] or SHORT_MAX_LE)
            raise CardDataError(f"C-APDU of {n} bytes does not fit its Lc {b1}")
        # Extended length: a 00 byte, then two-byte Lc and/or Le.
        if n == 7:
            return cls(
                cla, ins, p1, p2, le=int.from_bytes(raw[5:7]) or EXTENDED_MAX_LE, extended=True
            )
        if n < 7:
            raise CardDataError(f"C-APDU of {n} bytes: truncated extended length")
        lc = int.from_bytes(raw[5:7])
        if lc == 0:
            raise CardDataError("extended Lc of zero")
        if n == 7 + lc:
            return cls(cla, ins, p1, p2, raw[7:], extended=True)
        if n == 9 + lc:
            le = int.from_bytes(raw[-2:]) or EXTENDED_MAX_LE
            return cls(cla, ins, p1, p2, raw[7:-2], le=le, extended=True)
        raise CardDataError(f"C-APDU of {n} bytes does not fit its extended Lc {lc}")

    def __str__(self) -> str:
        return self.to_bytes().hex(" ").upper()
