"""One resource to store: its FHIR JSON, or None to delete it (a tombstone)."""

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class ResourceWrite:
    """A create/update (``json`` set) or a delete (``json`` None) of ``type/id``."""

    type: str
    id: str
    json: dict[str, Any] | None

    @property
    def ref(self) -> str:
        return f"{self.type}/{self.id}"
