"""Synchronisation as the rest of the workstation sees it: a status and a button.

Implemented by ``sync.sync_engine.SyncEngine``; the status bar and the « Synchroniser
maintenant » action only know this.
"""

from collections.abc import Callable
from typing import Protocol

from app.domain.sync_status import SyncStatus


class SyncControl(Protocol):
    """Status, its changes, and a request to sync now."""

    @property
    def status(self) -> SyncStatus: ...

    def on_status_change(self, callback: Callable[[SyncStatus], None]) -> None: ...

    def sync_now(self) -> None:
        """Start a sync as soon as possible (coalesced with one already running)."""
