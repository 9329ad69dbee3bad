"""What the conflict views need from the conflict service.

``app.services.conflict_service.ConflictService`` is the real one; tests hand in
``tests.fakes.fake_conflict_service.FakeConflictService``. Naming the three calls here
keeps the views off the store, so they can be built and tested without a database.
"""

from collections.abc import Callable, Mapping
from typing import Protocol

from app.domain.change_set import ChangeSet
from app.domain.conflict_side import ConflictSide
from app.domain.field_conflict import ElementPath
from app.domain.sync_conflict import SyncConflict


class ConflictInbox(Protocol):
    """Open conflicts, oldest first; a resolution; the count as it changes."""

    async def open_conflicts(self) -> list[SyncConflict]: ...

    async def resolve(
        self, conflict: SyncConflict, choices: Mapping[ElementPath, ConflictSide]
    ) -> ChangeSet:
        """``choices`` names every field; raises ConflictChangedError when it moved on."""
        ...

    def on_conflicts_change(self, callback: Callable[[int], None]) -> None: ...
