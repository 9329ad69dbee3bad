"""Which card an ATR belongs to, by the ATRs and masks of ../shared/reference/cards.md.

Sources (cards.md): the CPS values come from ANS's Cryptolib CPS (an OpenSC fork,
``card-cps3.c``); the Vitale values from Ludovic Rousseau's smartcard_list.txt. The
Vitale 1 entry is the one pattern cards.md gives ("and variants": the variants were
not collected, so a Vitale 1 with another ATR is reported as UNKNOWN).
"""

from dataclasses import dataclass

from app.domain.card_kind import CardKind
from cardreader.atr import Atr
from cardreader.card_data_error import CardDataError


@dataclass(frozen=True)
class AtrPattern:
    """An ATR value with the mask of the bits that must match (same length)."""

    kind: CardKind
    value: bytes
    mask: bytes

    @classmethod
    def of(cls, kind: CardKind, value: str, mask: str | None = None) -> "AtrPattern":
        """Build from hex text; no mask means every bit must match."""
        raw = bytes.fromhex(value)
        return cls(kind, raw, bytes.fromhex(mask) if mask else b"\xff" * len(raw))

    def matches(self, atr: bytes) -> bool:
        return len(atr) == len(self.value) and all(
            a & m == v & m for a, v, m in zip(atr, self.value, self.mask, strict=True)
        )


# Order matters only if two patterns could match the same ATR; these cannot.
PATTERNS: tuple[AtrPattern, ...] = (
    AtrPattern.of(
        CardKind.CPS3_CONTACT,
        "3B AC 00 40 2A 00 12 25 00 64 80 00 03 10 00 90 00",
        "FF 00 00 00 00 FF FF FF FF FF FF 00 00 00 FF FF FF",
    ),
    AtrPattern.of(
        CardKind.CPS3_CONTACTLESS, "3B 8F 80 01 00 31 B8 64 04 B0 EC C1 73 94 01 80 82 90 00 0E"
    ),
    AtrPattern.of(CardKind.CPS4, "3B 9B 18 80 01 00 12 25 00 64 80 04 01 00 00 90 44"),
    # "3B 75 13 00 00 4[3|4|5] 09 EA 90 00": three exact values.
    *(
        AtrPattern.of(CardKind.VITALE_2, f"3B 75 13 00 00 4{n} 09 EA 90 00")
        for n in ("3", "4", "5")
    ),
    # "3F 65 25 00 2? 09 ?9 90 00": the ? nibbles are free.
    AtrPattern.of(CardKind.VITALE_1, "3F 65 25 00 20 09 09 90 00", "FF FF FF FF F0 FF 0F FF FF"),
)


class AtrCatalogue:
    """Recognises a card from its ATR."""

    def __init__(self, patterns: tuple[AtrPattern, ...] = PATTERNS) -> None:
        self._patterns = patterns

    def recognise(self, atr: bytes) -> CardKind:
        """The card kind, UNKNOWN for a well-formed ATR that matches no pattern.

        Raises ``CardDataError`` when ``atr`` is not a well-formed ATR at all.
        """
        Atr.parse(atr)
        return next((p.kind for p in self._patterns if p.matches(atr)), CardKind.UNKNOWN)

    def kind_or_unknown(self, atr: bytes) -> CardKind:
        """Like :meth:`recognise`, but a malformed ATR is simply UNKNOWN."""
        try:
            return self.recognise(atr)
        except CardDataError:
            return CardKind.UNKNOWN
