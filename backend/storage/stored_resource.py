"""One version of one resource as stored (a tombstone when deleted)."""

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any


@dataclass(frozen=True, slots=True)
class StoredResource:
    """``json`` carries ``meta.versionId`` and ``meta.lastUpdated``; None for a tombstone.

    ``text`` is ``json`` as the storage holds it (compact JSON), when it has it at hand
    (a version it wrote or read), so that a response can send it without encoding the
    resource again; it takes no part in comparisons.
    """

    type: str
    id: str
    version: int
    last_updated: datetime  # timezone-aware, UTC
    json: dict[str, Any] | None
    text: str | None = field(default=None, compare=False, repr=False)

    @property
    def deleted(self) -> bool:
        return self.json is None

    @property
    def etag(self) -> str:
        return f'W/"{self.version}"'
