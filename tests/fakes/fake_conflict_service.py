"""An in-memory conflict service for GUI tests, with ConflictService's API.

It keeps the open conflicts in a list, records each resolution, and can play the other
workstation: :meth:`replace` changes a conflict behind the view's back, so that the
next ``resolve`` of the old version raises ConflictChangedError as the real one does.
"""

import asyncio
from collections.abc import Callable, Mapping

from app.domain.change_set import ChangeSet
from app.domain.conflict_side import ConflictSide
from app.domain.field_conflict import ElementPath
from app.domain.sync_conflict import SyncConflict
from app.services.conflict_changed_error import ConflictChangedError


class FakeConflictService:
    """``resolutions`` holds (conflict, choices) for every accepted resolve."""

    def __init__(self, conflicts: list[SyncConflict] | None = None) -> None:
        self.conflicts = list(conflicts or [])
        self.resolutions: list[tuple[SyncConflict, dict[ElementPath, ConflictSide]]] = []
        self.reads = 0
        self.fail_with: Exception | None = None
        self._listeners: list[Callable[[int], None]] = []

    async def open_conflicts(self) -> list[SyncConflict]:
        await asyncio.sleep(0)  # a real read gives the loop a turn
        self.reads += 1
        return sorted(self.conflicts, key=lambda c: c.seq)

    async def resolve(
        self, conflict: SyncConflict, choices: Mapping[ElementPath, ConflictSide]
    ) -> ChangeSet:
        await asyncio.sleep(0)
        if self.fail_with is not None:
            raise self.fail_with
        missing = [f.path for f in conflict.fields if f.path not in choices]
        if missing:
            raise ValueError(f"no choice for {len(missing)} element(s)")
        if conflict not in self.conflicts:
            raise ConflictChangedError(conflict.ref)
        self.conflicts.remove(conflict)
        self.resolutions.append((conflict, dict(choices)))
        self.announce()
        return ChangeSet.of(conflict.ref)

    def on_conflicts_change(self, callback: Callable[[int], None]) -> None:
        self._listeners.append(callback)

    def add(self, conflict: SyncConflict) -> None:
        """Sync found a new one."""
        self.conflicts.append(conflict)
        self.announce()

    def replace(self, old: SyncConflict, new: SyncConflict) -> None:
        """The other side changed it again; the count is unchanged, so no announcement."""
        self.conflicts[self.conflicts.index(old)] = new

    def announce(self) -> None:
        for callback in list(self._listeners):
            callback(len(self.conflicts))
