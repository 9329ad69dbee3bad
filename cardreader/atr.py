"""An Answer-To-Reset parsed along ISO/IEC 7816-3: interface bytes, protocols, history.

Recognising a card is ``AtrCatalogue``'s job; this class only checks that the bytes form
an ATR (TS, T0, the TA/TB/TC/TD chain, the historical bytes, TCK when one is due).
"""

from dataclasses import dataclass
from enum import StrEnum
from functools import reduce

from cardreader.card_data_error import CardDataError

# ISO 7816-3: an ATR is at most 33 bytes (TS included).
MAX_ATR_LENGTH = 33


class Convention(StrEnum):
    """How the card codes its bits, announced by TS (Vitale 1 uses the inverse one)."""

    DIRECT = "direct"
    INVERSE = "inverse"


_TS = {0x3B: Convention.DIRECT, 0x3F: Convention.INVERSE}


@dataclass(frozen=True)
class Atr:
    """A well-formed ATR; build one with :meth:`parse`."""

    raw: bytes
    convention: Convention
    # ("TA1", 0x18), ("TD1", 0x80)...: the interface bytes present, in card order.
    interface_bytes: tuple[tuple[str, int], ...]
    # Protocols announced by the TD bytes; T=0 when there is none.
    protocols: tuple[int, ...]
    historical_bytes: bytes
    tck: int | None

    @classmethod
    def parse(cls, data: bytes) -> "Atr":
        """Parse ``data`` as one complete ATR, or raise ``CardDataError``."""
        if len(data) < 2:
            raise CardDataError(f"ATR of {len(data)} bytes: TS and T0 are required")
        if len(data) > MAX_ATR_LENGTH:
            raise CardDataError(f"ATR of {len(data)} bytes: at most {MAX_ATR_LENGTH}")
        convention = _TS.get(data[0])
        if convention is None:
            raise CardDataError(f"TS byte {data[0]:02X} is neither 3B nor 3F")
        y = data[1] >> 4
        history_length = data[1] & 0x0F
        pos = 2
        group = 1
        interface: list[tuple[str, int]] = []
        protocols: list[int] = []
        while True:
            td: int | None = None
            for bit, letter in ((0x1, "A"), (0x2, "B"), (0x4, "C"), (0x8, "D")):
                if not y & bit:
                    continue
                if pos >= len(data):
                    raise CardDataError(f"ATR ends before T{letter}{group}")
                interface.append((f"T{letter}{group}", data[pos]))
                if letter == "D":
                    td = data[pos]
                pos += 1
            if td is None:
                break
            protocols.append(td & 0x0F)
            y = td >> 4
            group += 1
        end_of_history = pos + history_length
        if end_of_history > len(data):
            raise CardDataError(
                f"ATR announces {history_length} historical bytes, has {len(data) - pos}"
            )
        historical = data[pos:end_of_history]
        # TCK is present unless T=0 is the only protocol indicated (ISO 7816-3, 8.2.5).
        needs_tck = any(t != 0 for t in protocols)
        tck: int | None = None
        if needs_tck:
            if end_of_history >= len(data):
                raise CardDataError("ATR lacks its TCK check byte")
            tck = data[end_of_history]
            if reduce(lambda a, b: a ^ b, data[1 : end_of_history + 1], 0) != 0:
                raise CardDataError("ATR check byte TCK does not match")
            end_of_history += 1
        if end_of_history != len(data):
            raise CardDataError(f"{len(data) - end_of_history} bytes after the end of the ATR")
        return cls(
            raw=bytes(data),
            convention=convention,
            interface_bytes=tuple(interface),
            protocols=tuple(protocols) or (0,),
            historical_bytes=bytes(historical),
            tck=tck,
        )

    def interface_byte(self, name: str) -> int | None:
        """The value of an interface byte such as ``"TA1"``, or None when absent."""
        return next((value for key, value in self.interface_bytes if key == name), None)

    def __str__(self) -> str:
        return self.raw.hex(" ").upper()
