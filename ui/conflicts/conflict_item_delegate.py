"""Paints a conflict row on two lines: the record in bold and when, then what, in grey."""

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

from ui.conflicts.conflict_list_model import SUBTITLE_ROLE, WHEN_ROLE

Index = QModelIndex | QPersistentModelIndex
_PADDING = 8
_LINE_GAP = 2
# The stylesheet's secondary text colour (chartField), which it cannot give a delegate.
_SUBTITLE = QColor("#4a5568")


class ConflictItemDelegate(QStyledItemDelegate):
    """Elides each line to the width; the tooltip holds the whole text."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        title = opt.text
        subtitle = str(index.data(SUBTITLE_ROLE) or "")
        when = str(index.data(WHEN_ROLE) or "")
        opt.text = ""
        style = opt.widget.style() if opt.widget is not None else None
        if style is not None:
            # Background, selection and focus as the style draws them, without the text.
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
        bold = QFont(opt.font)
        bold.setBold(True)
        rect = opt.rect.adjusted(_PADDING, _PADDING // 2, -_PADDING, -_PADDING // 2)
        title_metrics = QFontMetrics(bold)
        plain_metrics = QFontMetrics(opt.font)
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        painter.save()
        painter.setFont(bold)
        painter.setPen(
            opt.palette.highlightedText().color() if selected else opt.palette.text().color()
        )
        top = QRect(rect.left(), rect.top(), rect.width(), title_metrics.height())
        when_width = plain_metrics.horizontalAdvance(when) + _PADDING if when else 0
        painter.drawText(
            top.adjusted(0, 0, -when_width, 0),
            int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
            title_metrics.elidedText(title, Qt.TextElideMode.ElideRight, top.width() - when_width),
        )
        painter.setFont(opt.font)
        painter.setPen(opt.palette.highlightedText().color() if selected else _SUBTITLE)
        painter.drawText(
            top, int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter), when
        )
        bottom = QRect(rect.left(), top.bottom() + _LINE_GAP, rect.width(), plain_metrics.height())
        painter.drawText(
            bottom,
            int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
            plain_metrics.elidedText(subtitle, Qt.TextElideMode.ElideRight, rect.width()),
        )
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:  # noqa: ARG002
        # Every row has the same two lines, whatever its text.
        bold = QFont(option.font)
        bold.setBold(True)
        height = QFontMetrics(bold).height() + _LINE_GAP + QFontMetrics(option.font).height()
        return QSize(200, height + 2 * _PADDING)
