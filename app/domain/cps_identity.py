"""Who a CPS card belongs to, as its authentication certificate says."""

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class CpsIdentity:
    """The practitioner of a card: idNatPs (``8`` + RPPS, or ``0`` + ADELI) and names.

    ``certificate`` is the DER of the authentication certificate read from the card; the
    backend checks its chain, and offline login checks a signature against its key.
    """

    id_nat_ps: str
    family_name: str
    given_name: str
    certificate: bytes

    @property
    def rpps(self) -> str | None:
        """The 11-digit RPPS number when the idNatPs is an RPPS one, else None."""
        if self.id_nat_ps.startswith("8") and len(self.id_nat_ps) == 12:
            return self.id_nat_ps[1:]
        return None

    @property
    def display_name(self) -> str:
        """« Dr »-less, as the card says it: « Claire LEFÈVRE »."""
        return f"{self.given_name} {self.family_name}".strip()
