"""How the login screen's status line reads at a glance: its badge's colour and glyph."""

from enum import StrEnum


class StatusSeverity(StrEnum):
    """The stylesheet colours the badge from its ``severity`` property."""

    INFO = "info"
    WAITING = "waiting"
    OK = "ok"
    WARNING = "warning"
    ERROR = "error"

    @property
    def glyph(self) -> str:
        return {
            StatusSeverity.INFO: "i",
            StatusSeverity.WAITING: "…",
            StatusSeverity.OK: "✓",
            StatusSeverity.WARNING: "!",
            StatusSeverity.ERROR: "✕",
        }[self]
