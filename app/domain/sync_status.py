"""Where synchronisation stands, as the status bar shows it."""

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum


class SyncPhase(StrEnum):
    """``OFFLINE``: the server cannot be reached (work goes on locally)."""

    STARTING = "starting"
    IDLE = "idle"
    SYNCING = "syncing"
    OFFLINE = "offline"
    # Reachable, but refuses us (token, permissions): an administrator must look.
    REFUSED = "refused"


@dataclass(frozen=True, slots=True)
class SyncStatus:
    """A snapshot; ``progress`` (done, total or None) only during the first sync."""

    phase: SyncPhase = SyncPhase.STARTING
    pending: int = 0
    conflicts: int = 0
    last_sync: datetime | None = None
    progress: tuple[int, int | None] | None = None
