"""A response APDU (R-APDU): response data followed by the status word."""

from dataclasses import dataclass

from cardreader.card_data_error import CardDataError
from cardreader.status_word import StatusWord


@dataclass(frozen=True)
class ApduResponse:
    """Data and status of one answer from the card."""

    data: bytes
    status: StatusWord

    @classmethod
    def parse(cls, raw: bytes) -> "ApduResponse":
        """Split an R-APDU, or raise ``CardDataError`` when it lacks its status word."""
        if len(raw) < 2:
            raise CardDataError(f"R-APDU of {len(raw)} bytes: the status word alone is 2")
        return cls(bytes(raw[:-2]), StatusWord(raw[-2], raw[-1]))

    @classmethod
    def of(cls, status: StatusWord, data: bytes = b"") -> "ApduResponse":
        return cls(data, status)

    def to_bytes(self) -> bytes:
        return self.data + self.status.to_bytes()

    @property
    def is_success(self) -> bool:
        return self.status.is_success

    def __str__(self) -> str:
        return f"{self.data.hex(' ').upper()} [{self.status}]".lstrip()
