"""How an appointment looks in the agenda: its status colours, label and icon, and the
markers for a teleconsultation and for a patient the practice flags.

The colours follow what a desk reads at a glance: calm blue for booked, amber for the
waiting room, green for the consultation under way, grey once done; a no-show is red
and hatched, a cancelled appointment pale and struck through. Icons are drawn with
QPainter rather than taken from a font: the default fonts of Windows, macOS and Linux
do not share the same symbol glyphs, and a missing one shows as an empty box.
"""

from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication, QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QPainter, QPainterPath, QPen, QPolygonF

from app.domain.appointment_status import AppointmentStatus

URGENT = "urgent"
CHRONIC = "chronic"
# A teleconsultation's camera: the same dark slate on every status fill.
CAMERA_COLOUR = QColor("#334155")
_FLAG_COLOURS = {URGENT: QColor("#c81e1e"), CHRONIC: QColor("#6d28d9")}


@dataclass(frozen=True, slots=True)
class AppointmentStyle:
    """The look of one status; :meth:`of` gives it."""

    status: AppointmentStatus
    fill: QColor
    border: QColor
    text: QColor
    secondary: QColor  # the reason under the name: the text colour, a little lighter
    hatch: QBrush | None = None
    struck: bool = False
    muted: bool = False  # cancelled and no-show: they no longer hold their time

    @property
    def hatched(self) -> bool:
        return self.hatch is not None

    @classmethod
    def of(cls, status: AppointmentStatus) -> "AppointmentStyle":
        return _STYLES[status]

    @staticmethod
    def label(status: AppointmentStatus) -> str:
        """The status as the desk says it: « Prévu », « Arrivé (salle d'attente) »…"""
        # Literal calls, one per text, so that lupdate finds them.
        match status:
            case AppointmentStatus.BOOKED:
                return QCoreApplication.translate("AppointmentStyle", "Prévu")
            case AppointmentStatus.ARRIVED:
                return QCoreApplication.translate("AppointmentStyle", "Arrivé (salle d'attente)")
            case AppointmentStatus.IN_CONSULTATION:
                return QCoreApplication.translate("AppointmentStyle", "En consultation")
            case AppointmentStatus.FULFILLED:
                return QCoreApplication.translate("AppointmentStyle", "Terminé")
            case AppointmentStatus.NO_SHOW:
                return QCoreApplication.translate("AppointmentStyle", "Absent")
            case AppointmentStatus.CANCELLED:
                return QCoreApplication.translate("AppointmentStyle", "Annulé")

    @staticmethod
    def teleconsultation_label() -> str:
        return QCoreApplication.translate("AppointmentStyle", "Téléconsultation")

    @staticmethod
    def flag_label(kind: str) -> str:
        """« Urgent » or « Suivi chronique »; empty for a kind the grid does not know."""
        if kind == URGENT:
            return QCoreApplication.translate("AppointmentStyle", "Urgent")
        if kind == CHRONIC:
            return QCoreApplication.translate("AppointmentStyle", "Suivi chronique")
        return ""

    @staticmethod
    def flag_colour(kind: str) -> QColor | None:
        return _FLAG_COLOURS.get(kind)

    def paint_background(self, painter: QPainter, rect: QRectF) -> None:
        """The block's fill, hatch and 1 px border, and a status-coloured bar on its left
        edge. Rectangles filled, not stroked: no pen to set, and the fastest primitive of
        the raster engine (a busy week paints two thousand of them)."""
        painter.fillRect(rect, self.border)
        inner = rect.adjusted(1, 1, -1, -1)
        painter.fillRect(inner, self.fill)
        if self.hatch is not None:
            painter.fillRect(inner, self.hatch)
        painter.fillRect(QRectF(rect.left(), rect.top(), 3, rect.height()), self.border)

    def paint_icon(self, painter: QPainter, rect: QRectF) -> None:
        """The status icon, drawn into the square ``rect`` (about 12 px)."""
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        colour = self.border.darker(125)
        pen = QPen(colour, 1.5)
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        side = min(rect.width(), rect.height())
        box = QRectF(0, 0, side, side)
        box.moveCenter(rect.center())
        inner = box.adjusted(1.5, 1.5, -1.5, -1.5)
        c = inner.center()
        r = inner.width() / 2
        match self.status:
            case AppointmentStatus.BOOKED:  # a clock: the time is held
                painter.drawEllipse(inner)
                painter.drawLine(c, QPointF(c.x(), c.y() - r * 0.6))
                painter.drawLine(c, QPointF(c.x() + r * 0.45, c.y()))
            case AppointmentStatus.ARRIVED:  # an hourglass: waiting
                painter.setBrush(colour)
                top = QPolygonF([inner.topLeft(), inner.topRight(), QPointF(c.x(), c.y())])
                painter.drawPolygon(top)
                painter.setBrush(Qt.BrushStyle.NoBrush)
                painter.drawPolygon(
                    QPolygonF([QPointF(c.x(), c.y()), inner.bottomRight(), inner.bottomLeft()])
                )
            case AppointmentStatus.IN_CONSULTATION:  # a live dot in its ring
                painter.drawEllipse(inner)
                painter.setBrush(colour)
                painter.setPen(Qt.PenStyle.NoPen)
                painter.drawEllipse(c, r * 0.5, r * 0.5)
            case AppointmentStatus.FULFILLED:  # a tick
                path = QPainterPath(QPointF(inner.left(), c.y()))
                path.lineTo(inner.left() + r * 0.75, inner.bottom() - r * 0.3)
                path.lineTo(inner.right(), inner.top() + r * 0.3)
                pen.setWidthF(2.0)
                painter.setPen(pen)
                painter.drawPath(path)
            case AppointmentStatus.NO_SHOW:  # the « no entry » sign
                painter.drawEllipse(inner)
                d = r * 0.7
                painter.drawLine(QPointF(c.x() - d, c.y() + d), QPointF(c.x() + d, c.y() - d))
            case AppointmentStatus.CANCELLED:  # a cross
                d = r * 0.75
                painter.drawLine(QPointF(c.x() - d, c.y() - d), QPointF(c.x() + d, c.y() + d))
                painter.drawLine(QPointF(c.x() - d, c.y() + d), QPointF(c.x() + d, c.y() - d))
        painter.restore()

    @staticmethod
    def paint_camera(painter: QPainter, rect: QRectF) -> None:
        """The teleconsultation marker: a video camera, about 14 × 10 px."""
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(CAMERA_COLOUR)
        h = min(rect.height(), rect.width() * 0.72)
        w = h / 0.72
        left = rect.center().x() - w / 2
        top = rect.center().y() - h / 2
        body = QRectF(left, top + h * 0.15, w * 0.66, h * 0.7)
        painter.drawRoundedRect(body, 1.5, 1.5)
        lens = QPolygonF(
            [
                QPointF(body.right() + w * 0.04, body.center().y()),
                QPointF(left + w, top + h * 0.12),
                QPointF(left + w, top + h * 0.88),
            ]
        )
        painter.drawPolygon(lens)
        painter.restore()


def _style(
    status: AppointmentStatus,
    fill: str,
    border: str,
    text: str,
    *,
    hatched: bool = False,
    struck: bool = False,
) -> AppointmentStyle:
    secondary = QColor(text)
    secondary.setAlpha(200)
    hatch = None
    if hatched:
        colour = QColor(border)
        colour.setAlpha(90)
        hatch = QBrush(colour, Qt.BrushStyle.BDiagPattern)
    return AppointmentStyle(
        status,
        QColor(fill),
        QColor(border),
        QColor(text),
        secondary,
        hatch,
        struck,
        not status.holds_time,
    )


_STYLES = {
    AppointmentStatus.BOOKED: _style(AppointmentStatus.BOOKED, "#dbeafe", "#3b76d0", "#0f2a55"),
    AppointmentStatus.ARRIVED: _style(AppointmentStatus.ARRIVED, "#fde9b6", "#d99a06", "#4a3200"),
    AppointmentStatus.IN_CONSULTATION: _style(
        AppointmentStatus.IN_CONSULTATION, "#cdeed6", "#23924a", "#0d3b1c"
    ),
    AppointmentStatus.FULFILLED: _style(
        AppointmentStatus.FULFILLED, "#e9ebee", "#9aa3ad", "#3c434b"
    ),
    AppointmentStatus.NO_SHOW: _style(
        AppointmentStatus.NO_SHOW, "#fde2e2", "#d23c3c", "#6e1616", hatched=True
    ),
    AppointmentStatus.CANCELLED: _style(
        AppointmentStatus.CANCELLED, "#f5f6f7", "#c3c8ce", "#7b838c", struck=True
    ),
}
