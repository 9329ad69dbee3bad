"""A version of a resource as the server has it: pulled, or answered to a push."""

from dataclasses import dataclass
from typing import Any

FhirJson = dict[str, Any]


@dataclass(frozen=True, slots=True)
class RemoteVersion:
    """``json`` None: the server has deleted it. ``version_id`` is opaque text.

    ``last_updated`` is the server's ``meta.lastUpdated`` (FHIR instant), used to tell a
    newer version from an older one, since version ids need not be numbers.
    """

    type: str
    id: str
    version_id: str | None
    last_updated: str | None
    json: FhirJson | None
    by: str | None = None

    @property
    def ref(self) -> str:
        return f"{self.type}/{self.id}"
