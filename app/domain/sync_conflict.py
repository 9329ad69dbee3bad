"""A conflict in the inbox: a resource edited here and elsewhere in overlapping places."""

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from app.domain.field_conflict import FieldConflict

FhirJson = dict[str, Any]


class ConflictKind(StrEnum):
    """What the two sides did."""

    EDITED_BOTH = "edited-both"
    # The other side deleted what was edited here.
    DELETED_THERE = "deleted-there"
    # Deleted here while edited elsewhere.
    DELETED_HERE = "deleted-here"


@dataclass(frozen=True, slots=True)
class SyncConflict:
    """One open conflict; ``theirs_by`` names who made the other change, when known.

    ``mine`` and ``theirs`` are whole resources (None for a deletion); ``fields`` the
    overlapping elements, the only places where the practitioner has to choose:
    everything else is already merged.
    """

    seq: int
    type: str
    id: str
    kind: ConflictKind
    fields: tuple[FieldConflict, ...]
    mine: FhirJson | None
    theirs: FhirJson | None
    theirs_by: str | None
    created_at: str

    @property
    def ref(self) -> str:
        return f"{self.type}/{self.id}"
