"""A CPS card that logged in online on this profile: what an offline login checks against."""

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class KnownCard:
    """The practitioner's idNatPs, their card's authentication certificate (DER) as the
    server accepted it, the Practitioner resource of the store, and when (ISO UTC)."""

    id_nat_ps: str
    certificate: bytes = field(repr=False)
    practitioner_ref: str
    last_online: str
