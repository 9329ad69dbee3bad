"""The conflict inbox: open conflicts, and the practitioner's choice per element."""

import copy
from collections.abc import Callable, Mapping
from typing import Any

from app.audit.audit_entry import AuditAction
from app.domain.change_set import ChangeSet
from app.domain.conflict_side import ConflictSide
from app.domain.element_paths import ElementPaths
from app.domain.field_conflict import ElementPath
from app.domain.sync_conflict import SyncConflict
from app.services.conflict_changed_error import ConflictChangedError
from app.services.session import Session
from app.store.encrypted_store import EncryptedStore

FhirJson = dict[str, Any]


class ConflictService:
    """Reads the inbox and applies resolutions (stored, queued for sync, audited)."""

    def __init__(self, store: EncryptedStore, session: Session) -> None:
        self._store = store
        self._session = session
        self._listeners: list[Callable[[int], None]] = []

    def on_conflicts_change(self, callback: Callable[[int], None]) -> None:
        """``callback(open_count)`` after a resolution and whenever sync reports new ones."""
        self._listeners.append(callback)

    def announce(self, open_count: int) -> None:
        """Called by sync (through the composition root) when the count changes."""
        for callback in list(self._listeners):
            callback(open_count)

    async def open_conflicts(self) -> list[SyncConflict]:
        """Oldest first."""
        return await self._store.with_ledger(lambda ledger: ledger.conflicts())

    async def resolve(
        self, conflict: SyncConflict, choices: Mapping[ElementPath, ConflictSide]
    ) -> ChangeSet:
        """Apply one choice per conflicting element; ConflictChangedError if it moved on."""
        missing = [f.path for f in conflict.fields if f.path not in choices]
        if missing:
            raise ValueError(f"no choice for {len(missing)} element(s)")
        result = self.result_of(conflict, choices)
        audit = self._session.record(
            AuditAction.DELETE if result is None else AuditAction.UPDATE, conflict.ref
        )
        changes = await self._store.with_ledger(
            lambda ledger: ledger.resolve_conflict(conflict, result, audit)
        )
        if changes is None:
            raise ConflictChangedError(conflict.ref)
        count = await self._store.with_ledger(lambda ledger: ledger.open_conflict_count())
        self.announce(count)
        return changes

    @staticmethod
    def result_of(
        conflict: SyncConflict, choices: Mapping[ElementPath, ConflictSide]
    ) -> FhirJson | None:
        """The resource the choices make: ours (already merged) with theirs where chosen."""
        for f in conflict.fields:
            if f.whole_resource:
                side = conflict.theirs if choices[f.path] is ConflictSide.THEIRS else conflict.mine
                return copy.deepcopy(side)
        if conflict.mine is None:
            return None
        leaves = ElementPaths.flatten(conflict.mine)
        for f in conflict.fields:
            if choices[f.path] is ConflictSide.THEIRS:
                # Ours may hold the element as finer leaves than the conflict names (a
                # list keyed here, whole there): all of them give way to theirs.
                for path in [p for p in leaves if p[: len(f.path)] == f.path]:
                    del leaves[path]
                if f.theirs is not None:
                    leaves[f.path] = f.theirs
        result = ElementPaths.build(leaves, order=conflict.mine)
        for name in ("resourceType", "meta"):
            if name in conflict.mine:
                result[name] = conflict.mine[name]
        return {"resourceType": result.pop("resourceType")} | result
