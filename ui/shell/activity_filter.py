"""Notices keyboard and mouse activity anywhere in the application, for the idle lock."""

import time

from PySide6.QtCore import QEvent, QObject, Signal

_ACTIVITY = frozenset(
    {
        QEvent.Type.KeyPress,
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseMove,
        QEvent.Type.Wheel,
        QEvent.Type.TouchBegin,
    }
)
# Mouse moves arrive by the hundred; the idle lock only needs to know "recently".
MIN_INTERVAL_S = 1.0


class ActivityFilter(QObject):
    """Install on the QApplication; ``activity`` fires at most once per second."""

    activity = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._last = 0.0

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in _ACTIVITY:
            now = time.monotonic()
            if now - self._last >= MIN_INTERVAL_S:
                self._last = now
                self.activity.emit()
        return super().eventFilter(watched, event)
