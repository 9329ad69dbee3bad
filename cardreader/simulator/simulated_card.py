"""What the simulated reader needs from a card: an ATR and answers to APDUs."""

from abc import ABC, abstractmethod


class SimulatedCard(ABC):
    """A card behind the simulated reader; methods run on the reader's thread."""

    @property
    @abstractmethod
    def atr(self) -> bytes:
        """The Answer-To-Reset sent for vpcd's "get ATR" message."""

    @abstractmethod
    def power_on(self) -> None:
        """Contacts powered: a fresh session (no PIN verified, MF selected)."""

    @abstractmethod
    def power_off(self) -> None:
        """Contacts unpowered: volatile state is lost."""

    def reset(self) -> None:
        """A warm reset: as far as the simulator goes, power off then on."""
        self.power_off()
        self.power_on()

    @abstractmethod
    def transmit(self, apdu: bytes) -> bytes:
        """Answer one C-APDU with an R-APDU (data then SW1 SW2)."""
