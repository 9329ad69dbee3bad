"""One version of one resource as stored (a tombstone when deleted)."""

from dataclasses import dataclass
from datetime import datetime
from typing import Any


@dataclass(frozen=True, slots=True)
class StoredResource:
    """``json`` carries ``meta.versionId`` and ``meta.lastUpdated``; None for a tombstone."""

    type: str
    id: str
    version: int
    last_updated: datetime  # timezone-aware, UTC
    json: dict[str, Any] | None

    @property
    def deleted(self) -> bool:
        return self.json is None

    @property
    def etag(self) -> str:
        return f'W/"{self.version}"'
