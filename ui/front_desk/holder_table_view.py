"""The list of a card's holders, in which nobody is chosen until the front desk says who.

A table view with no selection still has a current row (the first, once it has focus);
its first arrow would move past that row. Here the first arrow, Space or Enter on a list
where nobody is chosen asks for the current row instead (``row_wanted``).
"""

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QTableView, QWidget

_CHOOSING_KEYS = (
    Qt.Key.Key_Down,
    Qt.Key.Key_Up,
    Qt.Key.Key_Space,
    Qt.Key.Key_Return,
    Qt.Key.Key_Enter,
)


class HolderTableView(QTableView):
    """``row_wanted`` when a choosing key is pressed and no row is selected."""

    row_wanted = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        model = self.model()
        if (
            event.key() in _CHOOSING_KEYS
            and model is not None
            and model.rowCount() > 0
            and not self.selectionModel().hasSelection()
        ):
            self.row_wanted.emit()
            event.accept()
            return
        super().keyPressEvent(event)
