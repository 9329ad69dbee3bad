"""The practitioner Pro Santé Connect vouched for, with the tokens that prove it.

``id_nat_ps`` is PSC's ``SubjectNameID``: the national identifier, ``8`` + the RPPS
number for practitioners in the RPPS (``0`` + ADELI for the others). ``sub`` is PSC's
own subject and is not the practitioner's number. The tokens are kept out of ``repr``
so that logging an identity never logs them.
"""

import re
from dataclasses import dataclass, field

ID_NAT_PS_RPPS = re.compile(r"8(\d{11})")


@dataclass(frozen=True, slots=True)
class PscIdentity:
    """Claims read from a validated id_token and the userinfo bound to it."""

    sub: str
    id_nat_ps: str
    given_name: str | None
    family_name: str | None
    professions: tuple[str, ...]
    acr: str
    auth_time: int | None
    id_token: str = field(repr=False)
    access_token: str = field(repr=False)

    @property
    def rpps(self) -> str | None:
        """The 11-digit RPPS number, or None for an identifier that is not RPPS-based."""
        match = ID_NAT_PS_RPPS.fullmatch(self.id_nat_ps)
        return match.group(1) if match else None

    @property
    def display(self) -> str:
        names = [n for n in (self.given_name, self.family_name) if n]
        return " ".join(names) or self.id_nat_ps
