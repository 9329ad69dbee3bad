"""The error that keeps the store (and so the workstation) locked."""

from pathlib import Path

from app.store.lock_reason import LockReason


class StoreLockedError(Exception):
    """The store cannot be opened; nothing was written.

    ``detail`` is technical and safe to log: it never holds a key or patient data.
    """

    def __init__(self, reason: LockReason, path: Path, detail: str = "") -> None:
        super().__init__(f"store locked ({reason.value}): {detail}".rstrip(": "))
        self.reason = reason
        self.path = path
        self.detail = detail
