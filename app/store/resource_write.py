"""One resource to store: its FHIR JSON, or None to delete it (a tombstone)."""

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class ResourceWrite:
    """A create/update (``json`` set) or a delete (``json`` None) of ``type/id``.

    ``base`` is the copy the edit was made from (what a form showed), when there was
    one. If the store holds something else by the time the edit is saved (sync brought
    another workstation's change meanwhile), the edit is merged onto it element by
    element instead of putting the old copy back; where both changed one element the
    edit is kept and the other value goes to the conflict inbox.
    """

    type: str
    id: str
    json: dict[str, Any] | None
    base: dict[str, Any] | None = None

    @property
    def ref(self) -> str:
        return f"{self.type}/{self.id}"
