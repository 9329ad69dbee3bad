"""What the HTTP layer needs from persistence; SQLite and PostgreSQL implement it.

Versions are integers counted per resource from 1; ``lastUpdated`` is set by the
storage at commit. Every method is safe under concurrent callers: two writes based on
the same version never both succeed (no lost update), and history has no gaps.
"""

from collections.abc import Sequence
from datetime import datetime
from typing import Protocol

from backend.search.search_query import SearchQuery
from backend.storage.stored_resource import StoredResource
from backend.storage.write_op import WriteOp


class ResourceStorage(Protocol):
    """Async persistence of FHIR resources with history and search."""

    async def open(self) -> None:
        """Connect and create or migrate the schema."""

    async def close(self) -> None: ...

    async def read(self, rtype: str, rid: str) -> StoredResource | None:
        """The current version (a tombstone if deleted), or None if it never existed."""

    async def vread(self, rtype: str, rid: str, version: int) -> StoredResource | None: ...

    async def write(self, ops: Sequence[WriteOp]) -> list[StoredResource]:
        """Apply every op in one transaction, all or nothing; one result per op.

        The storage sets ``meta.versionId`` and ``meta.lastUpdated`` in the stored JSON.
        Raises VersionConflictError (nothing written) when an ``if_match`` does not
        match or a CREATE hits an existing id.
        """

    async def history(
        self,
        rtype: str | None,
        rid: str | None,
        since: datetime | None,
        count: int,
        offset: int,
    ) -> tuple[list[StoredResource], int]:
        """Versions newest first (system, type or instance level) and their total."""

    async def search(self, query: SearchQuery) -> tuple[list[StoredResource], int | None]:
        """Current, non-deleted matches of one page, and the total when asked for."""
