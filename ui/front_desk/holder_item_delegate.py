"""Draws the holders' rows without the dotted box Qt puts around the current cell.

The whole row is what is chosen; a box around one cell (the rank) reads as a second,
different choice.
"""

from PySide6.QtCore import QModelIndex, QPersistentModelIndex
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem


class HolderItemDelegate(QStyledItemDelegate):
    """A plain item delegate, minus the focus frame."""

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        plain = QStyleOptionViewItem(option)
        plain.state &= ~QStyle.StateFlag.State_HasFocus
        super().paint(painter, plain, index)
