"""Drives a CardSimulator from text commands: the ``python -m cardreader.simulator`` program.

One command per line, one answer line each (``ok ...`` or ``error ...``):

- ``insert SLOT KIND``: put a card in a slot; KIND is ``cps3``, ``cps3-contactless``,
  ``cps4``, ``vitale2`` (one holder), ``vitale2:N`` (N holders, 1 to 5), ``vitale2:N:badkey``
  (the last holder's NIR with a wrong key), ``vitale1`` or ``unknown``;
- ``remove SLOT``: take the card out;
- ``pull SLOT INDEX``: the card vanishes when its INDEX-th command (from 0) arrives;
- ``status``: each slot's card and connection; ``quit``: stop.

CPS cards carry the credentials of the TEST PKI given with ``--pki`` (created there if
the folder has none) and the PIN given with ``--pin``.
"""

from collections.abc import Callable
from pathlib import Path

from app.domain.card_kind import CardKind
from cardreader.simulator.card_simulator import CardSimulator
from cardreader.simulator.cps_card import CpsCard
from cardreader.simulator.opaque_card import OpaqueCard
from cardreader.simulator.simulated_beneficiary import SimulatedBeneficiary
from cardreader.simulator.simulated_card import SimulatedCard
from cardreader.simulator.test_pki import (
    CA_CERTIFICATE_FILE,
    DEFAULT_ID_NAT_PS,
    KeyUsageKind,
    PractitionerCredentials,
    TestPki,
)
from cardreader.simulator.vitale_card import VitaleCard

_CPS_KINDS = {
    "cps3": CardKind.CPS3_CONTACT,
    "cps3-contactless": CardKind.CPS3_CONTACTLESS,
    "cps4": CardKind.CPS4,
}


class SimulatorConsole:
    """Turns command lines into actions on ``simulator``."""

    def __init__(
        self,
        simulator: CardSimulator,
        pki_directory: Path,
        *,
        id_nat_ps: str = DEFAULT_ID_NAT_PS,
        pin: str = "1234",
    ) -> None:
        self.simulator = simulator
        self.pin = pin
        if not (pki_directory / CA_CERTIFICATE_FILE).exists():
            TestPki.create_into(pki_directory, id_nat_ps)
        self.authentication = PractitionerCredentials.load(pki_directory, id_nat_ps)
        self.signature = PractitionerCredentials.load(
            pki_directory, id_nat_ps, KeyUsageKind.SIGNATURE
        )
        self._commands: dict[str, Callable[[list[str]], str]] = {
            "insert": self._insert,
            "remove": self._remove,
            "pull": self._pull,
            "status": self._status,
        }

    def make_card(self, kind: str) -> SimulatedCard:
        """A new card from its name on the command line (see the module docstring)."""
        if kind in _CPS_KINDS:
            return CpsCard(_CPS_KINDS[kind], self.authentication, self.signature, pin=self.pin)
        if kind == "vitale1":
            return OpaqueCard.vitale_1()
        if kind == "unknown":
            return OpaqueCard.unknown()
        name, *options = kind.split(":")
        if name != "vitale2" or len(options) > 2:
            raise ValueError(f"unknown card kind {kind!r}")
        holders = SimulatedBeneficiary.samples(int(options[0]) if options else 1)
        if options[1:] == ["badkey"]:
            holders[-1] = holders[-1].with_wrong_nir_key()
        elif options[1:]:
            raise ValueError(f"unknown Vitale option {options[1]!r}")
        return VitaleCard(holders)

    def execute(self, line: str) -> str:
        """Run one command line; return the answer line."""
        words = line.split()
        if not words:
            return "error empty command"
        command = self._commands.get(words[0])
        if command is None:
            return f"error unknown command {words[0]!r}"
        try:
            return command(words[1:])
        except (ValueError, IndexError) as error:
            return f"error {error}"

    def _slot(self, word: str) -> int:
        slot = int(word)
        if not 0 <= slot < len(self.simulator.readers):
            raise ValueError(f"no slot {slot}")
        return slot

    def _insert(self, args: list[str]) -> str:
        slot, kind = self._slot(args[0]), args[1]
        self.simulator.reader(slot).insert(self.make_card(kind))
        return f"ok inserted {kind} in slot {slot}"

    def _remove(self, args: list[str]) -> str:
        slot = self._slot(args[0])
        self.simulator.reader(slot).remove()
        return f"ok removed slot {slot}"

    def _pull(self, args: list[str]) -> str:
        slot, index = self._slot(args[0]), int(args[1])
        self.simulator.reader(slot).pull_at_command(index)
        return f"ok slot {slot} pulls at command {index}"

    def _status(self, args: list[str]) -> str:
        del args  # "status" takes none
        parts = []
        for slot, reader in enumerate(self.simulator.readers):
            card = reader.card
            name = type(card).__name__ if card is not None else "empty"
            parts.append(f"{slot}:{name}:{'connected' if reader.connected else 'waiting'}")
        return "ok " + " ".join(parts)
