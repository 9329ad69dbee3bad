"""Where a licensed SESAM-Vitale module would plug in: rights data and Vitale 1 reading.

AN INTERFACE ONLY. Cabinet ships no implementation and none may be written from
guesses: the rights data of a Carte Vitale (régime, caisse, centre, AMO periods,
complementary cover), the Vitale 1 card, ADRi queries and FSE billing are reached only
through GIE SESAM-Vitale's licensed components (the « API de lecture » of the
SESAM-Vitale toolkit), whose specifications are NOT PUBLIC (see
../shared/reference/cards.md). What Cabinet reads itself is identity only (names,
birth dates, NIRs of a Vitale 2, ``CardReader.read_vitale``).

A practice that holds the licence wraps the module in a class satisfying
:class:`SesamVitale`; the composition root hands it to the front desk. Without one,
the front desk says that rights cannot be read here, and a Vitale 1 card gets its own
message (``CardErrorReason.VITALE_1``).
"""

import datetime
from dataclasses import dataclass
from typing import Protocol

from app.domain.vitale_beneficiary import VitaleBeneficiary


@dataclass(frozen=True, slots=True)
class VitaleCoverage:
    """One period of cover, as the licensed module would report it (AMO or AMC).

    Codes are kept as the module gives them; their meaning is the module's to define.
    """

    kind: str  # "AMO" (compulsory) or "AMC" (complementary)
    organisation: str  # caisse / organisme code
    start: datetime.date | None
    end: datetime.date | None
    code: str = ""  # e.g. a régime code, an AMC contract type


@dataclass(frozen=True, slots=True)
class VitaleRights:
    """A holder's rights: régime, caisse, centre and the periods of cover."""

    beneficiary: VitaleBeneficiary
    regime: str
    caisse: str
    centre: str
    coverages: tuple[VitaleCoverage, ...]


class SesamVitale(Protocol):
    """A licensed SESAM-Vitale module; every method may raise ``CardError``
    (VITALE_1 is no longer an error once such a module is present)."""

    @property
    def available(self) -> bool:
        """Whether the module is installed and licensed on this workstation."""

    async def read_beneficiaries(self, reader: str) -> tuple[VitaleBeneficiary, ...]:
        """The holders of the card in ``reader``, Vitale 1 included."""

    async def read_rights(self, reader: str, rank: int) -> VitaleRights:
        """The rights of the holder of that ``rank`` on the card in ``reader``."""
