"""One element two people changed differently: what it was, what each made of it."""

from dataclasses import dataclass
from typing import Any

# A step into a FHIR resource: an element name, or ``[key]`` for the element of a
# repeating list chosen by its identity (``telecom[phone|mobile]``), so that an edit
# follows the phone number, not its position in the list. ``()`` is the whole resource
# (one side deleted it).
ElementPath = tuple[str, ...]


@dataclass(frozen=True, slots=True)
class FieldConflict:
    """``base``, ``mine`` and ``theirs`` are JSON values; None means absent."""

    path: ElementPath
    base: Any
    mine: Any
    theirs: Any

    @property
    def whole_resource(self) -> bool:
        return self.path == ()
