"""A practitioner who has an agenda in the practice (a FHIR Schedule naming them)."""

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class AgendaPractitioner:
    """``ref`` ``Practitioner/<id>``; ``schedule_ref`` the Schedule their Slots hang from."""

    ref: str
    name: str
    schedule_ref: str
