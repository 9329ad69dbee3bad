"""A card the simulator only gives an ATR for: a Vitale 1, or a card Cabinet does not know.

Vitale 1 commands are NOT PUBLIC (cards.md), so this card answers every command with
``6E 00`` (class not supported): enough for the host to show that the card is there and
cannot be read without the SESAM-Vitale module.
"""

from cardreader.simulator.simulated_card import SimulatedCard
from cardreader.status_word import StatusWord

# Fits cards.md's pattern 3F 65 25 00 2? 09 ?9 90 00.
VITALE_1_ATR = bytes.fromhex("3F 65 25 00 2C 09 69 90 00")
# A well-formed ATR (T=0, historical bytes "ABCD") that matches no known card.
UNKNOWN_ATR = bytes.fromhex("3B 04 41 42 43 44")


class OpaqueCard(SimulatedCard):
    """An ATR and a fixed status word for any command."""

    def __init__(self, atr: bytes, status: StatusWord = StatusWord.CLA_NOT_SUPPORTED) -> None:
        self._atr = atr
        self._status = status

    @classmethod
    def vitale_1(cls) -> "OpaqueCard":
        return cls(VITALE_1_ATR)

    @classmethod
    def unknown(cls) -> "OpaqueCard":
        return cls(UNKNOWN_ATR, StatusWord.INS_NOT_SUPPORTED)

    @property
    def atr(self) -> bytes:
        return self._atr

    def power_on(self) -> None:
        """Nothing to reset: the card keeps no state."""

    def power_off(self) -> None:
        """Nothing to reset: the card keeps no state."""

    def transmit(self, apdu: bytes) -> bytes:  # noqa: ARG002 - one answer for every command
        return self._status.to_bytes()
