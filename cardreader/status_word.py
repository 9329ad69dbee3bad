"""The two status bytes SW1 SW2 ending every response APDU, and what they tell.

Meanings used by Cabinet (cards.md, ISO 7816-4): ``90 00`` success; ``61 xx`` xx more
bytes to fetch with GET RESPONSE; ``6C xx`` repeat with Le = xx; ``63 Cx`` wrong PIN,
x tries left; ``69 83`` PIN blocked.
"""

from dataclasses import dataclass
from typing import ClassVar

from cardreader.card_data_error import CardDataError


@dataclass(frozen=True, order=True)
class StatusWord:
    """SW1 SW2, with the questions a caller asks of them."""

    sw1: int
    sw2: int

    OK: ClassVar["StatusWord"]
    END_OF_FILE: ClassVar["StatusWord"]
    WRONG_LENGTH: ClassVar["StatusWord"]
    SECURITY_STATUS_NOT_SATISFIED: ClassVar["StatusWord"]
    AUTHENTICATION_BLOCKED: ClassVar["StatusWord"]
    CONDITIONS_NOT_SATISFIED: ClassVar["StatusWord"]
    WRONG_DATA: ClassVar["StatusWord"]
    FUNCTION_NOT_SUPPORTED: ClassVar["StatusWord"]
    FILE_NOT_FOUND: ClassVar["StatusWord"]
    WRONG_P1_P2: ClassVar["StatusWord"]
    REFERENCED_DATA_NOT_FOUND: ClassVar["StatusWord"]
    OFFSET_OUTSIDE_FILE: ClassVar["StatusWord"]
    INS_NOT_SUPPORTED: ClassVar["StatusWord"]
    CLA_NOT_SUPPORTED: ClassVar["StatusWord"]
    NO_PRECISE_DIAGNOSIS: ClassVar["StatusWord"]

    def __post_init__(self) -> None:
        if not (0 <= self.sw1 <= 0xFF and 0 <= self.sw2 <= 0xFF):
            raise ValueError("SW1 and SW2 are one byte each")

    @classmethod
    def of(cls, value: int) -> "StatusWord":
        """From a 16-bit value such as ``0x6983``."""
        if not 0 <= value <= 0xFFFF:
            raise ValueError("a status word is two bytes")
        return cls(value >> 8, value & 0xFF)

    @classmethod
    def parse(cls, raw: bytes) -> "StatusWord":
        """From exactly two bytes, or raise ``CardDataError``."""
        if len(raw) != 2:
            raise CardDataError(f"a status word is 2 bytes, got {len(raw)}")
        return cls(raw[0], raw[1])

    @property
    def value(self) -> int:
        return self.sw1 << 8 | self.sw2

    def to_bytes(self) -> bytes:
        return bytes((self.sw1, self.sw2))

    @property
    def is_success(self) -> bool:
        return self.value == 0x9000

    @property
    def bytes_available(self) -> int | None:
        """For ``61 xx``, how many bytes GET RESPONSE may fetch (``00`` means 256 or more)."""
        return (self.sw2 or 256) if self.sw1 == 0x61 else None

    @property
    def correct_le(self) -> int | None:
        """For ``6C xx``, the Le to repeat the command with (``00`` means 256)."""
        return (self.sw2 or 256) if self.sw1 == 0x6C else None

    @property
    def tries_left(self) -> int | None:
        """For ``63 Cx`` (a failed verification), the tries x still allowed."""
        return self.sw2 & 0x0F if self.sw1 == 0x63 and self.sw2 & 0xF0 == 0xC0 else None

    @property
    def is_blocked(self) -> bool:
        """``69 83``: the authentication method (the PIN) is blocked."""
        return self.value == 0x6983

    def __str__(self) -> str:
        return f"{self.sw1:02X} {self.sw2:02X}"


StatusWord.OK = StatusWord(0x90, 0x00)
StatusWord.END_OF_FILE = StatusWord(0x62, 0x82)
StatusWord.WRONG_LENGTH = StatusWord(0x67, 0x00)
StatusWord.SECURITY_STATUS_NOT_SATISFIED = StatusWord(0x69, 0x82)
StatusWord.AUTHENTICATION_BLOCKED = StatusWord(0x69, 0x83)
StatusWord.CONDITIONS_NOT_SATISFIED = StatusWord(0x69, 0x85)
StatusWord.WRONG_DATA = StatusWord(0x6A, 0x80)
StatusWord.FUNCTION_NOT_SUPPORTED = StatusWord(0x6A, 0x81)
StatusWord.FILE_NOT_FOUND = StatusWord(0x6A, 0x82)
StatusWord.WRONG_P1_P2 = StatusWord(0x6A, 0x86)
StatusWord.REFERENCED_DATA_NOT_FOUND = StatusWord(0x6A, 0x88)
StatusWord.OFFSET_OUTSIDE_FILE = StatusWord(0x6B, 0x00)
StatusWord.INS_NOT_SUPPORTED = StatusWord(0x6D, 0x00)
StatusWord.CLA_NOT_SUPPORTED = StatusWord(0x6E, 0x00)
StatusWord.NO_PRECISE_DIAGNOSIS = StatusWord(0x6F, 0x00)
