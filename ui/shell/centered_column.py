"""A fixed-width column centred in its parent, for messages that fill a section.

Wrapped labels only get their full height through layouts that pass height-for-width
on; alignment flags do not, so the column is centred with stretches instead.
"""

from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout, QWidget


class CenteredColumn(QWidget):
    """Adds widgets top to bottom in a column of ``width`` pixels, centred."""

    def __init__(self, width: int = 640, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._column = QWidget()
        self._column.setFixedWidth(width)
        self._inner = QVBoxLayout(self._column)
        self._inner.setSpacing(10)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self._column)
        row.addStretch(1)
        outer = QVBoxLayout(self)
        outer.addStretch(1)
        outer.addLayout(row)
        outer.addStretch(2)

    def add(self, widget: QWidget) -> None:
        self._inner.addWidget(widget)
