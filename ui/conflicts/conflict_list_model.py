"""Adapts the open conflicts (oldest first) to a Qt list: one row per record."""

from datetime import datetime
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)

from app.domain.sync_conflict import SyncConflict
from ui.conflicts.conflict_texts import ConflictTexts

Index = QModelIndex | QPersistentModelIndex
# The second line of a row: what is at stake.
SUBTITLE_ROLE = Qt.ItemDataRole.UserRole + 1
# When it was found, short, at the end of the first line (« 14:32 » today).
WHEN_ROLE = Qt.ItemDataRole.UserRole + 2


class ConflictListModel(QAbstractListModel):
    """Read-only rows; the view replaces them wholesale when the inbox changes."""

    def __init__(self, parent: QObject | None = None, now: datetime | None = None) -> None:
        super().__init__(parent)
        self._conflicts: list[SyncConflict] = []
        self._now = now

    def set_conflicts(self, conflicts: list[SyncConflict]) -> None:
        self.beginResetModel()
        self._conflicts = list(conflicts)
        self.endResetModel()

    def conflict_at(self, row: int) -> SyncConflict | None:
        return self._conflicts[row] if 0 <= row < len(self._conflicts) else None

    def row_of(self, ref: str) -> int:
        return next((i for i, c in enumerate(self._conflicts) if c.ref == ref), -1)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._conflicts)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._conflicts):
            return None
        c = self._conflicts[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return ConflictTexts.title(c)
        if role == SUBTITLE_ROLE:
            return ConflictTexts.what(c)
        if role == WHEN_ROLE:
            return ConflictTexts.detected_short(c, self._now)
        if role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole):
            return f"{ConflictTexts.title(c)}\n{self._subtitle(c)}"
        if role == Qt.ItemDataRole.UserRole:
            return c.ref
        return None

    def _subtitle(self, c: SyncConflict) -> str:
        detected = ConflictTexts.detected(c, self._now)
        what = ConflictTexts.what(c)
        if not detected:
            return what
        return QCoreApplication.translate("ConflictListModel", "{what} · {detected}").format(
            what=what, detected=detected
        )

    def retranslate(self) -> None:
        if self._conflicts:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._conflicts) - 1, 0))
