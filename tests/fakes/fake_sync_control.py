"""A SyncControl for GUI tests: the test sets the status, and counts the sync requests."""

from collections.abc import Callable

from app.domain.sync_status import SyncStatus


class FakeSyncControl:
    """``publish(status)`` plays the sync engine; ``sync_requests`` counts « Synchroniser »."""

    def __init__(self, status: SyncStatus | None = None) -> None:
        self._status = status or SyncStatus()
        self._callbacks: list[Callable[[SyncStatus], None]] = []
        self.sync_requests = 0

    @property
    def status(self) -> SyncStatus:
        return self._status

    def on_status_change(self, callback: Callable[[SyncStatus], None]) -> None:
        self._callbacks.append(callback)

    def sync_now(self) -> None:
        self.sync_requests += 1

    def publish(self, status: SyncStatus) -> None:
        self._status = status
        for callback in list(self._callbacks):
            callback(status)
