"""A read-only Qt table over a list of domain objects, replaced wholesale.

The part every such list shares (row and column counts, header and cell guards, the
reset, re-translation); a subclass names its ``columns`` and says what a header and a
cell show. Rows are plain Python objects: the views hold no Qt copy of the data.
"""

from collections.abc import Iterable
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt

Index = QModelIndex | QPersistentModelIndex


class RowsTableModel[T](QAbstractTableModel):
    """Subclasses set ``columns`` and implement :meth:`header` and :meth:`cell`."""

    columns: tuple[str, ...] = ()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: tuple[T, ...] = ()

    @property
    def rows(self) -> tuple[T, ...]:
        return self._rows

    def set_rows(self, rows: Iterable[T]) -> None:
        self.beginResetModel()
        self._rows = tuple(rows)
        self.endResetModel()

    def row_at(self, row: int) -> T | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def header(self, column: str) -> str:
        """The translated title of ``column``."""
        raise NotImplementedError

    def cell(self, item: T, column: str, role: int) -> Any:
        """What ``item`` shows in ``column`` for ``role`` (None: nothing)."""
        raise NotImplementedError

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        if not 0 <= section < len(self.columns):
            return None
        return self.header(self.columns[section])

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        if not 0 <= index.column() < len(self.columns):
            return None
        return self.cell(self._rows[index.row()], self.columns[index.column()], role)

    def retranslate(self) -> None:
        """The language changed: headers and cells are asked again."""
        last_column = len(self.columns) - 1
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, last_column)
        if self._rows:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._rows) - 1, last_column))
