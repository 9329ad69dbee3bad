"""The agenda's time grid: days (and practitioners) side by side, hours top to bottom.

A pure view. It draws what it is given (columns, appointments, free slots, opening
hours, the time now) and turns the mouse and keyboard into requests — move, resize,
create, open — that the caller carries out through the agenda service before handing
the new appointments back with :meth:`AgendaGridWidget.set_appointments`. It never
changes its own data, so what it shows is always what the store holds.

It is its own scroll area, so the date header and the hours gutter stay in place while
the day scrolls, and replacing the data leaves the scroll position alone.

Painting is built for a busy front desk (2,000 appointments, ten practitioners, a
week): layouts and elided texts are computed once per change of data or size, the
background and every block are painted once into a cached pixmap of the whole grid,
and a paint copies the exposed part of it and draws the few things that move
(selection, drag preview, the line of the time now) on top, so a drag step repaints
two block-sized rectangles.
"""

import html
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import Enum, auto

from PySide6.QtCore import (
    QCoreApplication,
    QDate,
    QEvent,
    QLineF,
    QLocale,
    QPoint,
    QPointF,
    QRect,
    QRectF,
    QSize,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import (
    QColor,
    QContextMenuEvent,
    QFont,
    QFontMetricsF,
    QHelpEvent,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPen,
    QPixmap,
    QResizeEvent,
)
from PySide6.QtWidgets import QAbstractScrollArea, QApplication, QFrame, QToolTip, QWidget

from app.domain.appointment import Appointment
from app.services.agenda_service import PRACTICE_ZONE
from ui.agenda.agenda_column import AgendaColumn
from ui.agenda.agenda_geometry import SNAP_MINUTES, AgendaGeometry, BlockPlace
from ui.agenda.appointment_style import AppointmentStyle

# An hour is never shorter than this: a 15-minute appointment keeps one readable line.
MIN_HOUR_HEIGHT = 64
MIN_COLUMN_WIDTH = 96
GUTTER_WIDTH = 56
RESIZE_HANDLE = 6
DEFAULT_NEW_MINUTES = 20
# Near the top or bottom edge during a drag the grid scrolls, so a block can go from
# the morning to the evening of a day taller than the screen.
AUTO_SCROLL_EDGE = 24
AUTO_SCROLL_MS = 30

BACKGROUND = QColor("#ffffff")
CLOSED = QColor("#eef0f3")
FREE = QColor("#e6f6ea")
FREE_EDGE = QColor("#8fd0a2")
TODAY_TINT = QColor("#f6f9ff")
QUARTER_LINE = QColor("#edf0f3")
HALF_LINE = QColor("#e1e5ea")
HOUR_LINE = QColor("#cfd5dc")
DAY_LINE = QColor("#aab2bc")
PRACTITIONER_LINE = QColor("#dde1e6")
HEADER_BACKGROUND = QColor("#f8f9fb")
HEADER_TEXT = QColor("#1f2933")
MUTED_TEXT = QColor("#5b6672")
TODAY_ACCENT = QColor("#1a56db")
TODAY_HEADER = QColor("#e8f0fe")
NOW_LINE = QColor("#e02424")
SELECTION = QColor("#15306b")
GHOST = QColor(255, 255, 255, 170)
NEW_BLOCK = QColor(219, 234, 254, 220)


class _Gesture(Enum):
    MOVE = auto()
    RESIZE = auto()
    CREATE = auto()


@dataclass(slots=True)
class _Drag:
    """A press on the grid and what it may become once the mouse moves."""

    gesture: _Gesture
    press: QPointF  # viewport coordinates
    column: int
    # MOVE: minutes between the block's start and the point grabbed; CREATE: the
    # snapped minute pressed; RESIZE: unused.
    anchor: float
    appointment_id: str | None = None
    started: bool = False
    cancelled: bool = False
    # (column, first minute, last minute), snapped; None until the mouse has moved.
    preview: tuple[int, int, int] | None = None


@dataclass(slots=True)
class _Block:
    """One appointment laid out: its rectangle (canvas coordinates), and its texts and
    their places, elided once per change of data or size rather than at every paint."""

    appointment: Appointment
    rect: QRectF
    style: AppointmentStyle
    flag: str
    draggable: bool
    first: float  # minutes after midnight
    time_text: str = ""
    time_pos: QPointF | None = None
    name_text: str = ""
    name_pos: QPointF | None = None
    reason_text: str = ""
    reason_pos: QPointF | None = None
    pill_text: str = ""
    pill_rect: QRectF | None = None
    icon_rect: QRectF | None = None
    camera_rect: QRectF | None = None


@dataclass(slots=True)
class _TextFit:
    """Fonts, metrics and what was already measured during one layout: names and
    reasons repeat, so most elisions are looked up rather than measured."""

    plain: QFontMetricsF
    bold: QFontMetricsF
    small: QFontMetricsF
    widths: dict[str, float]
    elided: dict[tuple[str, int], str]

    @classmethod
    def of(cls, fonts: "_Fonts") -> "_TextFit":
        return cls(
            QFontMetricsF(fonts.plain),
            QFontMetricsF(fonts.bold),
            QFontMetricsF(fonts.small),
            {},
            {},
        )

    def bold_width(self, text: str) -> float:
        width = self.widths.get(text)
        if width is None:
            width = self.widths[text] = self.bold.horizontalAdvance(text)
        return width

    def plain_width(self, text: str) -> float:
        key = "\1" + text
        width = self.widths.get(key)
        if width is None:
            width = self.widths[key] = self.plain.horizontalAdvance(text)
        return width

    def small_width(self, text: str) -> float:
        key = "\0" + text
        width = self.widths.get(key)
        if width is None:
            width = self.widths[key] = self.small.horizontalAdvance(text)
        return width

    def elide(self, text: str, room: float) -> str:
        key = (text, int(room))
        fitted = self.elided.get(key)
        if fitted is None:
            fitted = self.elided[key] = self.plain.elidedText(
                text, Qt.TextElideMode.ElideRight, int(room)
            )
        return fitted


@dataclass(frozen=True, slots=True)
class _Fonts:
    plain: QFont
    bold: QFont
    small: QFont
    plain_struck: QFont
    bold_struck: QFont

    @classmethod
    def of(cls, font: QFont) -> "_Fonts":
        bold = QFont(font)
        bold.setBold(True)
        small = QFont(font)
        small.setPointSizeF(max(6.0, font.pointSizeF() - 1.5))
        small.setBold(True)
        return cls(font, bold, small, _struck(font), _struck(bold))


class AgendaGridWidget(QAbstractScrollArea):
    """Days or (day, practitioner) columns from :meth:`set_columns`; all datetimes it
    emits are aware, in the practice zone."""

    selection_changed = Signal(object)  # str | None
    appointment_activated = Signal(str)
    context_menu_requested = Signal(str, QPoint)  # appointment id, global position
    move_requested = Signal(str, object, object, str)  # id, start, end, practitioner ref
    resize_requested = Signal(str, object, object)  # id, start, end
    create_requested = Signal(object, object, str)  # start, end, practitioner ref

    def __init__(
        self, parent: QWidget | None = None, *, start_hour: int = 7, end_hour: int = 20
    ) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.viewport().setMouseTracking(True)
        # Everything is painted, every pixel of it: no background fill by Qt first.
        self.viewport().setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent, True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self._start_hour = start_hour
        self._end_hour = end_hour
        self._opening = (start_hour, end_hour)
        self._columns: list[AgendaColumn] = []
        self._appointments: dict[str, Appointment] = {}
        self._free_slots: list[tuple[str, datetime, datetime]] = []
        self._flagged: dict[str, str] = {}
        self._now: datetime | None = None
        self._selected: str | None = None
        self._drag: _Drag | None = None
        self._last_pos = QPointF()
        self._cursor = Qt.CursorShape.ArrowCursor

        self._geometry = AgendaGeometry([], 0, 0, start_hour=start_hour, end_hour=end_hour)
        self._layout_dirty = True
        self._blocks: dict[str, _Block] = {}
        self._by_column: list[list[_Block]] = []
        self._order: list[str] | None = None  # for the arrow keys; made when first needed
        self._text_ready: list[bool] = []
        self._painted: list[bool] = []
        self._scene: QPixmap | None = None
        self._header: QPixmap | None = None
        self._icons: dict[tuple[str, int, float], QPixmap] = {}

        self._auto_scroll = QTimer(self)
        self._auto_scroll.setInterval(AUTO_SCROLL_MS)
        self._auto_scroll.timeout.connect(self._on_auto_scroll_timeout)
        self._scroll_step = QPoint()

    # -- data in -------------------------------------------------------------------------

    def set_columns(self, columns: list[AgendaColumn]) -> None:
        self._columns = list(columns)
        self._invalidate_layout()

    def set_appointments(self, appointments: list[Appointment]) -> None:
        """Replaces them all; the scroll position stays, and so does the selection
        when its appointment is still there."""
        self._appointments = {a.id: a for a in appointments}
        moving = self._drag.appointment_id if self._drag is not None else None
        if moving is not None and moving not in self._appointments:
            self._end_drag()
        self._invalidate_layout()
        if self._selected is not None and self._selected not in self._appointments:
            self._set_selected(None)

    def set_free_slots(self, slots: list[tuple[str, datetime, datetime]]) -> None:
        """(practitioner ref, start, end) of each free Slot, shaded as bookable."""
        self._free_slots = list(slots)
        self._invalidate_scene()

    def set_opening_hours(self, start_hour: int, end_hour: int) -> None:
        """The practice's hours; the visible hours outside them are shaded."""
        self._opening = (start_hour, end_hour)
        self._invalidate_scene()

    def set_flagged(self, patient_refs: dict[str, str]) -> None:
        """Patient ref → ``"urgent"`` or ``"chronic"``: their appointments stand out."""
        self._flagged = dict(patient_refs)
        self._invalidate_layout()

    def set_now(self, now: datetime) -> None:
        """The time now (aware); the caller ticks it. Today's columns are highlighted
        and crossed by a red line at this time."""
        before = self._now
        self._now = now.astimezone(PRACTICE_ZONE)
        if before is None or before.date() != self._now.date():
            self._invalidate_scene()
            return
        for moment in (before, self._now):
            for rect in self._now_line_rects(moment):
                self.viewport().update(self._to_viewport(rect).adjusted(-6, -6, 6, 6))
        self.viewport().update(QRect(0, 0, GUTTER_WIDTH, self.viewport().height()))

    # -- selection and scrolling -----------------------------------------------------------

    def selected_id(self) -> str | None:
        return self._selected

    def select(self, appointment_id: str | None) -> None:
        """Selects that appointment (None, or one not shown: nothing selected)."""
        self._set_selected(appointment_id if appointment_id in self._appointments else None)

    def scroll_to_time(self, hour: int) -> None:
        """Scrolls so that ``hour`` is at the top of the visible hours."""
        self._ensure_layout()
        minutes = min(max(hour, self._start_hour), self._end_hour) * 60
        top = self._geometry.y_of_minutes(minutes) - self._geometry.header_height
        self.verticalScrollBar().setValue(round(top))

    # -- what tests and the bench look at ---------------------------------------------------

    @property
    def geometry_now(self) -> AgendaGeometry:
        """The geometry as laid out for the current size (canvas coordinates)."""
        self._ensure_layout()
        return self._geometry

    def block_rect(self, appointment_id: str) -> QRectF | None:
        """The block of that appointment, in viewport coordinates (None if not shown)."""
        self._ensure_layout()
        block = self._blocks.get(appointment_id)
        return None if block is None else QRectF(self._to_viewport_f(block.rect))

    def viewport_point(self, column: int, minutes: float) -> QPoint:
        """The viewport point at ``minutes`` after midnight in the middle of ``column``."""
        self._ensure_layout()
        g = self._geometry
        x = g.x_of(column) + g.column_width / 2
        return self._to_viewport_point(QPointF(x, g.y_of_minutes(minutes)))

    # -- layout ------------------------------------------------------------------------------

    def _invalidate_layout(self) -> None:
        self._layout_dirty = True
        self._invalidate_scene()

    def _invalidate_scene(self) -> None:
        self._painted = []  # the pixmap is kept, to be painted over
        self._header = None
        self.viewport().update()

    def _header_height(self) -> int:
        line = QFontMetricsF(self.font()).height()
        several = len({c.practitioner_ref for c in self._columns}) > 1
        return round(line * (2 if several else 1) + (18 if several else 16))

    def _ensure_layout(self) -> None:
        if not self._layout_dirty:
            return
        self._layout_dirty = False
        size = self.viewport().size()
        header = self._header_height()
        hours = self._end_hour - self._start_hour
        count = len(self._columns)
        column_width = max(MIN_COLUMN_WIDTH, (size.width() - GUTTER_WIDTH) // count) if count else 0
        # Whole pixels per hour: the hour lines stay crisp, and a tall window is filled.
        hour_height = max(MIN_HOUR_HEIGHT, (size.height() - header) // hours)
        previous = self._geometry
        top_minutes = previous.minutes_at(previous.header_height + self.verticalScrollBar().value())
        self._geometry = AgendaGeometry(
            self._columns,
            GUTTER_WIDTH + count * column_width,
            header + hours * hour_height,
            header_height=header,
            gutter_width=GUTTER_WIDTH,
            start_hour=self._start_hour,
            end_hour=self._end_hour,
            zone=PRACTICE_ZONE,
        )
        self._lay_out_blocks()
        self._update_scroll_bars()
        if previous.hour_height and previous.hour_height != self._geometry.hour_height:
            # A new hour height (the window was resized): the same time stays at the top.
            g = self._geometry
            self.verticalScrollBar().setValue(round(g.y_of_minutes(top_minutes) - g.header_height))

    def _update_scroll_bars(self) -> None:
        g = self._geometry
        size = self.viewport().size()
        hbar, vbar = self.horizontalScrollBar(), self.verticalScrollBar()
        hbar.setRange(0, max(0, round(g.width) - size.width()))
        hbar.setPageStep(max(1, size.width() - GUTTER_WIDTH))
        hbar.setSingleStep(max(1, round(g.column_width / 2)))
        vbar.setRange(0, max(0, round(g.height) - size.height()))
        vbar.setPageStep(max(1, size.height() - round(g.header_height)))
        vbar.setSingleStep(max(1, round(g.hour_height / 4)))

    def _lay_out_blocks(self) -> None:
        g = self._geometry
        spans: dict[str, tuple[int, float, float]] = {}
        for appointment in self._appointments.values():
            located = g.locate(appointment)
            if located is not None:
                spans[appointment.id] = located
        places = g.lanes(spans)
        self._blocks = {}
        self._by_column = [[] for _ in self._columns]
        flagged = {
            ref: kind
            for ref, kind in self._flagged.items()
            if AppointmentStyle.flag_colour(kind) is not None
        }
        for ident, (column, first, last) in sorted(
            spans.items(), key=lambda item: (item[1][1], item[1][2], item[0])
        ):
            place = places[ident]
            rect = g.clipped_rect(place, first, last)
            if rect is None:
                continue
            appointment = self._appointments[ident]
            flag = flagged.get(appointment.patient_ref or "", "")
            style = AppointmentStyle.of(appointment.status)
            block = _Block(appointment, _inset(rect, place), style, flag, not style.muted, first)
            self._blocks[ident] = block
            self._by_column[column].append(block)
        # Texts are laid out when their column is first painted (see _scene_pixmap).
        self._text_ready = [False] * len(self._columns)
        self._order = None

    def _ordered(self) -> list[str]:
        """The appointments shown, in time order (then left to right)."""
        if self._order is None:
            self._order = [
                b.appointment.id
                for b in sorted(
                    self._blocks.values(),
                    key=lambda b: (b.appointment.start, b.rect.left(), b.appointment.id),
                )
            ]
        return self._order

    def _lay_out_text(self, block: _Block, fit: _TextFit) -> None:
        """Which texts fit the block, and where they go.

        Line 1: time, patient, then at the right the flag's label (when the block has a
        single line), the camera, the status icon. Line 2: the flag's label, the reason.
        """
        rect = block.rect
        line = fit.plain.height()
        height = rect.height()
        lines = int((height - 2) // line)
        if lines < 1 and height >= line - 3:
            lines = 1  # a 15-minute block on the shortest hours: one line, just
        top = rect.top() + 1
        if lines < 1:
            if height >= 9 and rect.width() >= 20:
                size = float(min(12, int(height) - 3))
                block.icon_rect = QRectF(rect.right() - 3 - size, top, size, size)
            return
        left = rect.left() + (9 if block.flag else 7)
        right = rect.right() - 3
        if right - left >= 12:
            size = float(min(12, int(height) - 3))
            y = top + (min(line, height - 2) - size) / 2
            block.icon_rect = QRectF(right - size, y, size, size)
            right -= 15
        appointment = block.appointment
        if appointment.teleconsultation and right - left >= 40:
            block.camera_rect = QRectF(right - 15, top + (line - 10) / 2, 14, 10)
            right -= 17
        baseline = top + fit.plain.ascent()
        time_text = _hm(int(block.first))
        time_width = fit.bold_width(time_text)
        name = appointment.patient_name or "—"
        name_x = left
        # In a narrow column the name matters more than the time, which the block's
        # place already tells: the time only if the name keeps 90 px (or all it needs).
        if right - left >= time_width + 5 + min(fit.plain_width(name), 90):
            block.time_text = time_text
            block.time_pos = QPointF(left, baseline)
            name_x = left + time_width + 5
        label = AppointmentStyle.flag_label(block.flag) if block.flag else ""
        label_width = fit.small_width(label) + 8 if label else 0.0
        # On a single line the label goes to the right only if the name keeps room to
        # be read; otherwise the stripe alone says it (and the tooltip in words).
        if label and lines == 1 and right - label_width - 6 - name_x >= 70:
            block.pill_text = label
            block.pill_rect = QRectF(right - label_width - 2, top + 1.5, label_width, line - 3)
            right -= label_width + 6
        if right - name_x >= 12:
            block.name_text = fit.elide(name, right - name_x)
            block.name_pos = QPointF(name_x, baseline)
        if lines < 2:
            return
        reason_x = left
        if label and label_width <= rect.right() - 4 - left:
            block.pill_text = label
            block.pill_rect = QRectF(left, top + line + 1.5, label_width, line - 3)
            reason_x = left + label_width + 5
        room = rect.right() - 4 - reason_x
        if appointment.reason and room >= 20:
            block.reason_text = fit.elide(appointment.reason, room)
            block.reason_pos = QPointF(reason_x, baseline + line)

    # -- painting ----------------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:
        self._ensure_layout()
        g = self._geometry
        exposed = event.rect()
        size = self.viewport().size()
        header = round(g.header_height)
        h, v = self.horizontalScrollBar().value(), self.verticalScrollBar().value()
        painter = QPainter(self.viewport())
        body = exposed & QRect(GUTTER_WIDTH, header, size.width() - GUTTER_WIDTH, size.height())
        if not body.isEmpty():
            painter.setClipRect(body)
            painter.fillRect(body, HEADER_BACKGROUND)  # past the grid's end, if any
            left_column = g.column_at(body.left() + h, clamp=True)
            right_column = g.column_at(body.right() + h, clamp=True)
            shown = (
                range(left_column, right_column + 1)
                if left_column is not None and right_column is not None
                else range(0)
            )
            painter.drawPixmap(QPointF(GUTTER_WIDTH - h, header - v), self._scene_pixmap(shown))
            painter.translate(-h, -v)
            self._paint_overlays(painter)
            painter.resetTransform()
        top = exposed & QRect(GUTTER_WIDTH, 0, size.width() - GUTTER_WIDTH, header)
        if not top.isEmpty():
            painter.setClipRect(top)
            painter.fillRect(top, HEADER_BACKGROUND)
            painter.drawPixmap(QPointF(GUTTER_WIDTH - h, 0), self._header_pixmap())
        left = exposed & QRect(0, 0, GUTTER_WIDTH, size.height())
        if not left.isEmpty():
            painter.setClipRect(left)
            self._paint_gutter(painter, v, size.height())
        painter.end()

    def _scene_pixmap(self, shown: range) -> QPixmap:
        """The cached picture of the whole grid, its ``shown`` columns painted: columns
        are painted (and their texts laid out) when first seen, so a front desk's week
        of fifty columns costs what the screen shows, and the rest as it scrolls."""
        ratio = self.viewport().devicePixelRatioF()
        g = self._geometry
        body = g.body
        size = QSize(max(1, round(body.width() * ratio)), max(1, round(body.height() * ratio)))
        scene = self._scene
        if scene is None or scene.devicePixelRatio() != ratio or scene.size() != size:
            scene = self._scene = _pixmap(body.width(), body.height(), ratio)
            self._painted = []
        if len(self._painted) != len(self._columns):
            self._painted = [False] * len(self._columns)
        missing = [c for c in shown if not self._painted[c]]
        if not missing:
            return scene
        first, last = missing[0], missing[-1]
        painter = QPainter(scene)
        painter.translate(-body.left(), -body.top())
        span = QRectF(g.x_of(first), body.top(), g.x_of(last + 1) - g.x_of(first), body.height())
        painter.setClipRect(span)
        painter.fillRect(span, BACKGROUND)
        self._paint_background(painter)
        fit: _TextFit | None = None
        blocks: list[_Block] = []
        for column in range(first, last + 1):
            if not self._text_ready[column]:
                fit = fit or _TextFit.of(_Fonts.of(self.font()))
                for block in self._by_column[column]:
                    self._lay_out_text(block, fit)
                self._text_ready[column] = True
            blocks.extend(self._by_column[column])
            self._painted[column] = True
        self._paint_blocks(painter, blocks, ratio)
        painter.end()
        return scene

    def _paint_background(self, painter: QPainter) -> None:
        g = self._geometry
        body = g.body
        today = self._now.date() if self._now is not None else None
        for i, column in enumerate(self._columns):
            if column.day == today:
                painter.fillRect(g.column_rect(i), TODAY_TINT)
        opens, closes = (h * 60 for h in self._opening)
        if opens > g.first_minute:
            y = g.y_of_minutes(min(opens, g.last_minute))
            painter.fillRect(QRectF(body.left(), body.top(), body.width(), y - body.top()), CLOSED)
        if closes < g.last_minute:
            y = g.y_of_minutes(max(closes, g.first_minute))
            painter.fillRect(QRectF(body.left(), y, body.width(), body.bottom() - y), CLOSED)
        for ref, start, end in self._free_slots:
            index = g.column_index(start.astimezone(PRACTICE_ZONE).date(), ref)
            if index is None:
                continue
            first = g.minutes_of(start)
            last = (
                g.minutes_of(end)
                if end.astimezone(PRACTICE_ZONE).date() == start.astimezone(PRACTICE_ZONE).date()
                else 24 * 60
            )
            first, last = g.clamp_minutes(first), g.clamp_minutes(last)
            if last <= first:
                continue
            rect = g.span_rect(BlockPlace(index, 0, 1), first, last)
            painter.fillRect(rect, FREE)
            painter.fillRect(QRectF(rect.left(), rect.top(), 3, rect.height()), FREE_EDGE)
        lines: dict[int, list[QLineF]] = {15: [], 30: [], 60: []}
        for minutes in range(g.first_minute + 15, g.last_minute, 15):
            y = g.y_of_minutes(minutes)
            kind = 60 if minutes % 60 == 0 else 30 if minutes % 30 == 0 else 15
            lines[kind].append(QLineF(body.left(), y, body.right(), y))
        for kind, colour in ((15, QUARTER_LINE), (30, HALF_LINE), (60, HOUR_LINE)):
            painter.setPen(QPen(colour, 0))
            painter.drawLines(lines[kind])
        practitioners: list[QLineF] = []
        days: list[QLineF] = []
        for i in range(1, len(self._columns)):
            x = g.x_of(i)
            line = QLineF(x, body.top(), x, body.bottom())
            (days if self._columns[i].day != self._columns[i - 1].day else practitioners).append(
                line
            )
        painter.setPen(QPen(PRACTITIONER_LINE, 0))
        painter.drawLines(practitioners)
        painter.setPen(QPen(DAY_LINE, 0))
        painter.drawLines(days)

    def _paint_blocks(self, painter: QPainter, blocks: list[_Block], ratio: float) -> None:
        """All blocks, one kind of thing at a time (fills, icons, times, names, labels,
        reasons), so the painter changes font and pen a handful of times rather than for
        every block; blocks never overlap, so the order between them does not matter."""
        fonts = _Fonts.of(self.font())
        for block in blocks:
            block.style.paint_background(painter, block.rect)
            colour = AppointmentStyle.flag_colour(block.flag) if block.flag else None
            if colour is not None:
                rect = block.rect
                painter.fillRect(QRectF(rect.left(), rect.top(), 5, rect.height()), colour)
        for block in blocks:
            if block.icon_rect is not None:
                icon = self._icon(block.style, int(block.icon_rect.width()), ratio)
                painter.drawPixmap(block.icon_rect.topLeft(), icon)
            if block.camera_rect is not None:
                painter.drawPixmap(block.camera_rect.topLeft(), self._icon(None, 14, ratio))
        for struck in (False, True):
            painter.setFont(fonts.bold_struck if struck else fonts.bold)
            _draw_texts(
                painter,
                [(b.style, b.time_pos, b.time_text) for b in blocks if b.style.struck == struck],
            )
            painter.setFont(fonts.plain_struck if struck else fonts.plain)
            _draw_texts(
                painter,
                [(b.style, b.name_pos, b.name_text) for b in blocks if b.style.struck == struck],
            )
        with_pill = [b for b in blocks if b.pill_rect is not None]
        if with_pill:
            painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
            painter.setPen(Qt.PenStyle.NoPen)
            for block in with_pill:
                colour = AppointmentStyle.flag_colour(block.flag)
                if block.pill_rect is not None and colour is not None:
                    painter.setBrush(colour)
                    painter.drawRoundedRect(block.pill_rect, 3, 3)
            painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.setPen(QColor("#ffffff"))
            painter.setFont(fonts.small)
            for block in with_pill:
                if block.pill_rect is not None:
                    painter.drawText(block.pill_rect, Qt.AlignmentFlag.AlignCenter, block.pill_text)
        painter.setFont(fonts.plain)
        current: AppointmentStyle | None = None
        for block in blocks:
            if block.reason_pos is not None:
                if block.style is not current:
                    current = block.style
                    painter.setPen(current.secondary)
                painter.drawText(block.reason_pos, block.reason_text)

    def _icon(self, style: AppointmentStyle | None, size: int, ratio: float) -> QPixmap:
        """A status icon (``style``) or the camera (None), drawn once per size."""
        key = (style.status.value if style is not None else "camera", size, ratio)
        icon = self._icons.get(key)
        if icon is None:
            height = size if style is not None else 10
            icon = _pixmap(size, height, ratio)
            icon.fill(Qt.GlobalColor.transparent)
            painter = QPainter(icon)
            if style is not None:
                style.paint_icon(painter, QRectF(0, 0, size, size))
            else:
                AppointmentStyle.paint_camera(painter, QRectF(0, 0, size, height))
            painter.end()
            self._icons[key] = icon
        return icon

    def _header_pixmap(self) -> QPixmap:
        ratio = self.viewport().devicePixelRatioF()
        if self._header is not None and self._header.devicePixelRatio() == ratio:
            return self._header
        g = self._geometry
        self._header = _pixmap(g.body.width(), g.header_height, ratio)
        self._header.fill(HEADER_BACKGROUND)
        painter = QPainter(self._header)
        painter.translate(-g.gutter_width, 0)
        self._paint_header(painter)
        painter.end()
        return self._header

    def _paint_header(self, painter: QPainter) -> None:
        g = self._geometry
        several = len({c.practitioner_ref for c in self._columns}) > 1
        font = self.font()
        bold = QFont(font)
        bold.setBold(True)
        metrics = QFontMetricsF(font)
        line = metrics.height()
        today = self._now.date() if self._now is not None else None
        locale = QLocale()
        day_row = QRectF(0, 4, 0, line + (6 if several else 8))
        i = 0
        separators: list[QLineF] = []
        while i < len(self._columns):
            day = self._columns[i].day
            j = i
            while j < len(self._columns) and self._columns[j].day == day:
                j += 1
            span = QRectF(g.x_of(i), 0, g.x_of(j) - g.x_of(i), g.header_height)
            if day == today:
                painter.fillRect(span, TODAY_HEADER)
                painter.fillRect(
                    QRectF(span.left(), span.bottom() - 3, span.width(), 3), TODAY_ACCENT
                )
            text = locale.toString(QDate(day.year, day.month, day.day), "ddd d MMM")
            painter.setFont(bold if day == today else font)
            painter.setPen(TODAY_ACCENT if day == today else HEADER_TEXT)
            row = QRectF(span.left() + 4, day_row.top(), span.width() - 8, day_row.height())
            painter.drawText(
                row,
                Qt.AlignmentFlag.AlignCenter,
                QFontMetricsF(painter.font()).elidedText(
                    text, Qt.TextElideMode.ElideRight, row.width()
                ),
            )
            if several:
                painter.setFont(font)
                painter.setPen(MUTED_TEXT)
                for k in range(i, j):
                    cell = QRectF(g.x_of(k) + 4, day_row.bottom(), g.column_width - 8, line + 4)
                    painter.drawText(
                        cell,
                        Qt.AlignmentFlag.AlignCenter,
                        metrics.elidedText(
                            self._columns[k].practitioner_name,
                            Qt.TextElideMode.ElideRight,
                            cell.width(),
                        ),
                    )
                    if k > i:
                        x = g.x_of(k)
                        separators.append(QLineF(x, day_row.bottom() + 2, x, g.header_height))
            if i > 0:
                separators.append(QLineF(span.left(), 0, span.left(), g.header_height))
            i = j
        painter.setPen(QPen(PRACTITIONER_LINE, 0))
        painter.drawLines(separators)
        painter.setPen(QPen(DAY_LINE, 0))
        bottom = g.header_height - 1
        painter.drawLine(QLineF(g.gutter_width, bottom, g.width, bottom))

    def _paint_gutter(self, painter: QPainter, v: int, height: int) -> None:
        g = self._geometry
        header = g.header_height
        painter.fillRect(QRectF(0, 0, GUTTER_WIDTH, height), HEADER_BACKGROUND)
        small = QFont(self.font())
        small.setPointSizeF(max(6.0, self.font().pointSizeF() - 1))
        painter.setFont(small)
        metrics = QFontMetricsF(small)
        painter.save()
        painter.setClipRect(
            QRectF(0, header, GUTTER_WIDTH, height - header), Qt.ClipOperation.IntersectClip
        )
        painter.setPen(MUTED_TEXT)
        for hour in range(self._start_hour, self._end_hour):
            y = g.y_of_minutes(hour * 60) - v
            painter.drawText(
                QRectF(0, y + 2, GUTTER_WIDTH - 8, metrics.height()),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop,
                f"{hour:02d}:00",
            )
            painter.setPen(QPen(HOUR_LINE, 0))
            painter.drawLine(QLineF(GUTTER_WIDTH - 6, y, GUTTER_WIDTH, y))
            painter.setPen(MUTED_TEXT)
        if self._now is not None and self._now_line_rects(self._now):
            # The time now in the gutter: the line itself passes behind the blocks.
            y = g.y_of_minutes(g.minutes_of(self._now)) - v
            label = QRectF(3, y - metrics.height() / 2 - 1, GUTTER_WIDTH - 7, metrics.height() + 2)
            painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(NOW_LINE)
            painter.drawRoundedRect(label, 3, 3)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
            bold = QFont(small)
            bold.setBold(True)
            painter.setFont(bold)
            painter.setPen(QColor("#ffffff"))
            painter.drawText(label, Qt.AlignmentFlag.AlignCenter, f"{self._now:%H:%M}")
        painter.restore()
        painter.setPen(QPen(DAY_LINE, 0))
        painter.drawLine(QLineF(GUTTER_WIDTH - 0.5, 0, GUTTER_WIDTH - 0.5, height))
        painter.drawLine(QLineF(0, header - 1, GUTTER_WIDTH, header - 1))

    def _paint_overlays(self, painter: QPainter) -> None:
        """What changes without the data changing, in canvas coordinates."""
        drag = self._drag
        dragging = drag is not None and drag.started and not drag.cancelled
        if dragging and drag is not None and drag.appointment_id in self._blocks:
            painter.fillRect(self._blocks[drag.appointment_id].rect, GHOST)
        if self._selected is not None and self._selected in self._blocks:
            rect = self._blocks[self._selected].rect
            painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
            painter.setPen(QPen(SELECTION, 2))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRoundedRect(rect.adjusted(-1, -1, 1, 1), 2, 2)
            painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        if self._now is not None:
            rects = self._now_line_rects(self._now)
            for n, rect in enumerate(rects):
                for segment in self._behind_blocks(rect):
                    painter.fillRect(segment, NOW_LINE)
                if n == 0:
                    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
                    painter.setPen(Qt.PenStyle.NoPen)
                    painter.setBrush(NOW_LINE)
                    painter.drawEllipse(QPointF(rect.left(), rect.center().y()), 4.5, 4.5)
                    painter.setBrush(Qt.BrushStyle.NoBrush)
                    painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        if drag is not None and drag.started and not drag.cancelled and drag.preview:
            self._paint_preview(painter, drag, drag.preview)

    def _paint_preview(self, painter: QPainter, drag: _Drag, preview: tuple[int, int, int]) -> None:
        column, first, last = preview
        rect = self._preview_rect(preview)
        g = self._geometry
        text = f"{_hm(first)} – {_hm(last)}"
        if drag.appointment_id is not None and drag.appointment_id in self._appointments:
            appointment = self._appointments[drag.appointment_id]
            style = AppointmentStyle.of(appointment.status)
            style.paint_background(painter, rect)
            border, ink = style.border.darker(130), style.text
            text = f"{text}  {appointment.patient_name}"
        else:
            painter.fillRect(rect, NEW_BLOCK)
            border, ink = TODAY_ACCENT, HEADER_TEXT
            if len({c.practitioner_ref for c in self._columns}) > 1:
                text = f"{text}  {g.columns[column].practitioner_name}"
        pen = QPen(border, 2)
        pen.setStyle(Qt.PenStyle.DashLine)
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRect(rect.adjusted(1, 1, -1, -1))
        bold = QFont(self.font())
        bold.setBold(True)
        painter.setFont(bold)
        painter.setPen(ink)
        metrics = QFontMetricsF(bold)
        room = rect.adjusted(7, 1, -4, 0)
        if rect.height() >= metrics.height() - 3:
            painter.drawText(
                room,
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop,
                metrics.elidedText(text, Qt.TextElideMode.ElideRight, room.width()),
            )

    def _behind_blocks(self, line: QRectF) -> list[QRectF]:
        """The parts of a column's line of the time now that no block covers: the line
        passes behind the appointments, so it never strikes a name through (struck
        reads as cancelled)."""
        column = self._geometry.column_at(line.center().x())
        if column is None:
            return [line]
        y = line.center().y()
        covered = sorted(
            (b.rect.left(), b.rect.right())
            for b in self._by_column[column]
            if b.rect.top() <= y <= b.rect.bottom()
        )
        segments: list[QRectF] = []
        x = line.left()
        for left, right in covered:
            if left > x:
                segments.append(QRectF(x, line.top(), left - x, line.height()))
            x = max(x, right)
        if x < line.right():
            segments.append(QRectF(x, line.top(), line.right() - x, line.height()))
        return segments

    def _now_line_rects(self, now: datetime) -> list[QRectF]:
        g = self._geometry
        minutes = g.minutes_of(now)
        if not g.first_minute <= minutes <= g.last_minute:
            return []
        y = g.y_of_minutes(minutes)
        day = now.astimezone(PRACTICE_ZONE).date()
        return [
            QRectF(g.x_of(i), y - 1, g.column_width, 2)
            for i, c in enumerate(self._columns)
            if c.day == day
        ]

    # -- coordinates -------------------------------------------------------------------------

    def _scroll_offset(self) -> QPointF:
        return QPointF(self.horizontalScrollBar().value(), self.verticalScrollBar().value())

    def _to_canvas(self, point: QPointF) -> QPointF:
        return point + self._scroll_offset()

    def _to_viewport_f(self, rect: QRectF) -> QRectF:
        return rect.translated(-self._scroll_offset())

    def _to_viewport(self, rect: QRectF) -> QRect:
        return self._to_viewport_f(rect).toAlignedRect()

    def _to_viewport_point(self, point: QPointF) -> QPoint:
        return (point - self._scroll_offset()).toPoint()

    def _in_body(self, point: QPointF) -> bool:
        return point.x() >= GUTTER_WIDTH and point.y() >= self._geometry.header_height

    def _block_at(self, point: QPointF) -> _Block | None:
        """The block under a viewport point (not over the header or the gutter)."""
        self._ensure_layout()
        if not self._in_body(point):
            return None
        canvas = self._to_canvas(point)
        column = self._geometry.column_at(canvas.x())
        if column is None:
            return None
        for block in reversed(self._by_column[column]):
            if block.rect.contains(canvas):
                return block
        return None

    def _on_handle(self, block: _Block, point: QPointF) -> bool:
        handle = min(RESIZE_HANDLE, block.rect.height() / 3)
        return self._to_canvas(point).y() >= block.rect.bottom() - handle

    def _preview_rect(self, preview: tuple[int, int, int]) -> QRectF:
        column, first, last = preview
        return _inset(self._geometry.span_rect(BlockPlace(column, 0, 1), first, last), None)

    # -- mouse -------------------------------------------------------------------------------

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self._ensure_layout()
        self.setFocus(Qt.FocusReason.MouseFocusReason)
        point = event.position()
        block = self._block_at(point)
        if event.button() == Qt.MouseButton.RightButton:
            if block is not None:
                self._set_selected(block.appointment.id)
                self.context_menu_requested.emit(
                    block.appointment.id, self.viewport().mapToGlobal(point.toPoint())
                )
            event.accept()
            return
        if event.button() != Qt.MouseButton.LeftButton or self._drag is not None:
            event.ignore()
            return
        event.accept()
        self._last_pos = point
        if block is not None:
            appointment = block.appointment
            self._set_selected(appointment.id)
            if not block.draggable:
                return
            column = self._geometry.column_at(block.rect.center().x())
            if column is None:
                return
            if self._on_handle(block, point):
                self._drag = _Drag(_Gesture.RESIZE, point, column, 0.0, appointment.id)
            else:
                first, _last = self._geometry.span_of(appointment)
                grabbed = self._geometry.minutes_at(self._to_canvas(point).y())
                self._drag = _Drag(_Gesture.MOVE, point, column, grabbed - first, appointment.id)
            return
        if not self._in_body(point):
            return
        placed = self._geometry.minutes_at_point(self._to_canvas(point))
        if placed is None:
            return
        self._set_selected(None)
        column, _minutes = placed
        self._drag = _Drag(
            _Gesture.CREATE, point, column, self._geometry.minutes_at(self._to_canvas(point).y())
        )

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        point = event.position()
        self._last_pos = point
        drag = self._drag
        if drag is None:
            self._update_hover_cursor(point)
            return
        event.accept()
        if drag.cancelled:
            return
        if not drag.started:
            if (point - drag.press).manhattanLength() < QApplication.startDragDistance():
                return
            drag.started = True
            if drag.appointment_id is not None:
                self.viewport().update(self._to_viewport(self._blocks[drag.appointment_id].rect))
        self._set_cursor(
            Qt.CursorShape.SizeVerCursor
            if drag.gesture is _Gesture.RESIZE
            else Qt.CursorShape.ClosedHandCursor
        )
        self._drag_to(point)
        self._update_auto_scroll(point)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        event.accept()
        drag = self._drag
        if drag is None or event.button() != Qt.MouseButton.LeftButton:
            return
        self._end_drag()
        if drag.cancelled:
            return
        g = self._geometry
        if drag.gesture is _Gesture.CREATE and not drag.started:
            first = g.snap(drag.anchor, floor=True)
            start = g.moment(drag.column, first)
            self.create_requested.emit(
                start,
                start + timedelta(minutes=DEFAULT_NEW_MINUTES),
                g.columns[drag.column].practitioner_ref,
            )
            return
        if not drag.started or drag.preview is None:
            return
        column, first, last = drag.preview
        if drag.gesture is _Gesture.CREATE:
            self.create_requested.emit(
                g.moment(column, first), g.moment(column, last), g.columns[column].practitioner_ref
            )
            return
        appointment = self._appointments.get(drag.appointment_id or "")
        if appointment is None:
            return
        if drag.gesture is _Gesture.MOVE:
            start = g.moment(column, first)
            if start == appointment.start and column == drag.column:
                return
            self.move_requested.emit(
                appointment.id,
                start,
                start + (appointment.end - appointment.start),
                g.columns[column].practitioner_ref,
            )
        else:
            end = g.moment(column, last)
            if end != appointment.end:
                self.resize_requested.emit(
                    appointment.id, appointment.start.astimezone(PRACTICE_ZONE), end
                )

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        # Not Qt's default (a second press): the double-click opens, it starts no drag.
        event.accept()
        if event.button() != Qt.MouseButton.LeftButton:
            return
        block = self._block_at(event.position())
        if block is not None:
            self._set_selected(block.appointment.id)
            self.appointment_activated.emit(block.appointment.id)

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        # The mouse's right button is handled at its press; this is the menu key.
        if event.reason() != QContextMenuEvent.Reason.Keyboard or self._selected is None:
            event.accept()
            return
        rect = self.block_rect(self._selected)
        where = rect.center().toPoint() if rect is not None else QPoint(0, 0)
        self.context_menu_requested.emit(self._selected, self.viewport().mapToGlobal(where))
        event.accept()

    def _drag_to(self, point: QPointF) -> None:
        drag = self._drag
        if drag is None:
            return
        g = self._geometry
        size = self.viewport().size()
        # The pointer over the header, the gutter or past the edges counts as the
        # nearest edge of the grid, so a preview never disappears.
        inside = QPointF(
            min(max(point.x(), GUTTER_WIDTH), size.width() - 1),
            min(max(point.y(), g.header_height), size.height() - 1),
        )
        placed = g.minutes_at_point(self._to_canvas(inside), clamp=True)
        if placed is None:
            return
        column, _snapped = placed
        minutes = g.clamp_minutes(g.minutes_at(self._to_canvas(inside).y()))
        preview: tuple[int, int, int]
        moving = self._appointments.get(drag.appointment_id or "")
        if drag.gesture is not _Gesture.CREATE and moving is None:
            return
        if drag.gesture is _Gesture.MOVE and moving is not None:
            first, last = g.span_of(moving)
            length = round(last - first)
            start = g.snap(minutes - drag.anchor)
            start = min(max(start, g.first_minute), max(g.first_minute, g.last_minute - length))
            preview = (column, start, start + length)
        elif drag.gesture is _Gesture.RESIZE and moving is not None:
            first, _last = g.span_of(moving)
            end = max(g.snap(minutes), round(first) + SNAP_MINUTES)
            preview = (drag.column, round(first), min(end, max(g.last_minute, round(first) + 5)))
        else:
            a, b = sorted((g.snap(drag.anchor), g.snap(minutes)))
            preview = (drag.column, a, max(b, a + SNAP_MINUTES))
        if preview == drag.preview:
            return
        if drag.preview is not None:
            self.viewport().update(
                self._to_viewport(self._preview_rect(drag.preview)).adjusted(-2, -2, 2, 2)
            )
        drag.preview = preview
        self.viewport().update(
            self._to_viewport(self._preview_rect(preview)).adjusted(-2, -2, 2, 2)
        )

    def _end_drag(self) -> None:
        drag = self._drag
        self._drag = None
        self._auto_scroll.stop()
        self._set_cursor(Qt.CursorShape.ArrowCursor)
        if drag is None:
            return
        if drag.preview is not None:
            self.viewport().update(
                self._to_viewport(self._preview_rect(drag.preview)).adjusted(-2, -2, 2, 2)
            )
        if drag.appointment_id is not None and drag.appointment_id in self._blocks:
            self.viewport().update(self._to_viewport(self._blocks[drag.appointment_id].rect))

    def _cancel_drag(self) -> None:
        if self._drag is None:
            return
        # The drag stays until the button is released, as cancelled, so that the
        # release does not start anything else.
        drag = self._drag
        self._end_drag()
        drag.cancelled = True
        self._drag = drag

    def _update_auto_scroll(self, point: QPointF) -> None:
        size = self.viewport().size()
        header = self._geometry.header_height
        dy = 0
        if point.y() < header + AUTO_SCROLL_EDGE:
            dy = -max(4, round(header + AUTO_SCROLL_EDGE - point.y()) // 2)
        elif point.y() > size.height() - AUTO_SCROLL_EDGE:
            dy = max(4, round(point.y() - size.height() + AUTO_SCROLL_EDGE) // 2)
        dx = 0
        if self._drag is not None and self._drag.gesture is _Gesture.MOVE:
            if point.x() < GUTTER_WIDTH + AUTO_SCROLL_EDGE:
                dx = -12
            elif point.x() > size.width() - AUTO_SCROLL_EDGE:
                dx = 12
        self._scroll_step = QPoint(dx, dy)
        if dx or dy:
            if not self._auto_scroll.isActive():
                self._auto_scroll.start()
        else:
            self._auto_scroll.stop()

    def _on_auto_scroll_timeout(self) -> None:
        if self._drag is None or self._drag.cancelled:
            self._auto_scroll.stop()
            return
        hbar, vbar = self.horizontalScrollBar(), self.verticalScrollBar()
        before = (hbar.value(), vbar.value())
        hbar.setValue(hbar.value() + self._scroll_step.x())
        vbar.setValue(vbar.value() + self._scroll_step.y())
        if (hbar.value(), vbar.value()) == before:
            self._auto_scroll.stop()
            return
        self._drag_to(self._last_pos)

    def _update_hover_cursor(self, point: QPointF) -> None:
        block = self._block_at(point)
        if block is None or not block.draggable:
            self._set_cursor(Qt.CursorShape.ArrowCursor)
        elif self._on_handle(block, point):
            self._set_cursor(Qt.CursorShape.SizeVerCursor)
        else:
            self._set_cursor(Qt.CursorShape.OpenHandCursor)

    def _set_cursor(self, shape: Qt.CursorShape) -> None:
        if shape != self._cursor:
            self._cursor = shape
            self.viewport().setCursor(shape)

    # -- keyboard ----------------------------------------------------------------------------

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        arrows = {
            Qt.Key.Key_Up: (0, -SNAP_MINUTES),
            Qt.Key.Key_Down: (0, SNAP_MINUTES),
            Qt.Key.Key_Left: (-1, 0),
            Qt.Key.Key_Right: (1, 0),
        }
        if key == Qt.Key.Key_Escape and self._drag is not None:
            self._cancel_drag()
            event.accept()
        elif key in arrows and event.modifiers() & Qt.KeyboardModifier.AltModifier:
            # The drag's keyboard twin: Alt+Up/Down by 5 minutes, Alt+Left/Right to the
            # neighbouring column (the day, or the practitioner, beside it).
            self._move_selected(*arrows[Qt.Key(key)])
            event.accept()
        elif key in (Qt.Key.Key_Up, Qt.Key.Key_Left):
            self._step_selection(-1)
            event.accept()
        elif key in (Qt.Key.Key_Down, Qt.Key.Key_Right):
            self._step_selection(1)
            event.accept()
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            if self._selected is not None:
                self.appointment_activated.emit(self._selected)
            event.accept()
        elif key in (Qt.Key.Key_Delete, Qt.Key.Key_Escape):
            event.ignore()  # the caller's to decide (its shortcuts, its dialog)
        else:
            super().keyPressEvent(event)

    def _move_selected(self, columns: int, minutes: int) -> None:
        self._ensure_layout()
        block = self._blocks.get(self._selected or "")
        if block is None or not block.draggable or self._drag is not None:
            return
        g = self._geometry
        appointment = block.appointment
        column = g.column_of(appointment)
        if column is None or not 0 <= column + columns < len(g.columns):
            return
        start = g.moment(column + columns, g.snap(block.first) + minutes)
        if start.date() != g.columns[column + columns].day:
            return  # not across midnight
        self.move_requested.emit(
            appointment.id,
            start,
            start + (appointment.end - appointment.start),
            g.columns[column + columns].practitioner_ref,
        )

    def _step_selection(self, step: int) -> None:
        self._ensure_layout()
        order = self._ordered()
        if not order:
            return
        if self._selected in self._blocks:
            index = order.index(self._selected) + step
            index = min(max(index, 0), len(order) - 1)
        else:
            index = 0 if step > 0 else len(order) - 1
        self._set_selected(order[index])
        self._ensure_visible(order[index])

    def _ensure_visible(self, appointment_id: str) -> None:
        block = self._blocks.get(appointment_id)
        if block is None:
            return
        g = self._geometry
        size = self.viewport().size()
        rect = block.rect
        hbar, vbar = self.horizontalScrollBar(), self.verticalScrollBar()
        shown_top = vbar.value() + g.header_height
        shown_bottom = vbar.value() + size.height()
        if rect.top() < shown_top:
            vbar.setValue(round(rect.top() - g.header_height - 8))
        elif rect.bottom() > shown_bottom:
            vbar.setValue(round(rect.bottom() - size.height() + 8))
        shown_left = hbar.value() + GUTTER_WIDTH
        shown_right = hbar.value() + size.width()
        if rect.left() < shown_left:
            hbar.setValue(round(rect.left() - GUTTER_WIDTH - 4))
        elif rect.right() > shown_right:
            hbar.setValue(round(rect.right() - size.width() + 4))

    def _set_selected(self, appointment_id: str | None) -> None:
        if appointment_id == self._selected:
            return
        for old in (self._selected, appointment_id):
            if old is not None and old in self._blocks and not self._layout_dirty:
                self.viewport().update(
                    self._to_viewport(self._blocks[old].rect).adjusted(-3, -3, 3, 3)
                )
        self._selected = appointment_id
        self.selection_changed.emit(appointment_id)

    # -- events ------------------------------------------------------------------------------

    def viewportEvent(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            block = self._block_at(QPointF(event.pos()))
            if block is None:
                QToolTip.hideText()
                event.ignore()
            else:
                QToolTip.showText(event.globalPos(), self._tooltip(block), self.viewport())
            return True
        return super().viewportEvent(event)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._invalidate_layout()
        self._ensure_layout()

    def scrollContentsBy(self, dx: int, dy: int) -> None:  # noqa: ARG002
        # The header and the gutter stay: no pixel scroll, a repaint from the cache.
        self.viewport().update()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() in (
            QEvent.Type.FontChange,
            QEvent.Type.LanguageChange,
            QEvent.Type.LocaleChange,
            QEvent.Type.StyleChange,
        ):
            self._invalidate_layout()
        super().changeEvent(event)

    def sizeHint(self) -> QSize:
        return QSize(900, 700)

    def minimumSizeHint(self) -> QSize:
        return QSize(GUTTER_WIDTH + MIN_COLUMN_WIDTH, 200)

    def _tooltip(self, block: _Block) -> str:
        a = block.appointment
        start, end = a.start.astimezone(PRACTICE_ZONE), a.end.astimezone(PRACTICE_ZONE)
        lines = [
            f"<b>{start:%H:%M} – {end:%H:%M}</b> · {html.escape(AppointmentStyle.label(a.status))}",
            f"<b>{html.escape(a.patient_name or '—')}</b>",
        ]
        if a.reason:
            lines.append(
                html.escape(
                    QCoreApplication.translate("AgendaGridWidget", "Motif : {reason}").format(
                        reason=a.reason
                    )
                )
            )
        if a.teleconsultation:
            lines.append(html.escape(AppointmentStyle.teleconsultation_label()))
        if block.flag:
            lines.append(html.escape(AppointmentStyle.flag_label(block.flag)))
        if a.practitioner_name:
            lines.append(html.escape(a.practitioner_name))
        if a.note:
            lines.append(
                html.escape(
                    QCoreApplication.translate("AgendaGridWidget", "Note : {note}").format(
                        note=a.note
                    )
                )
            )
        if a.cancel_reason:
            lines.append(
                html.escape(
                    QCoreApplication.translate(
                        "AgendaGridWidget", "Motif d'annulation : {reason}"
                    ).format(reason=a.cancel_reason)
                )
            )
        return "<br>".join(lines)


def _inset(rect: QRectF, place: BlockPlace | None) -> QRectF:
    """A gap between neighbours and from the column's lines, so blocks read apart."""
    right = 2.0 if place is None or place.lane == place.lanes - 1 else 1.0
    return rect.adjusted(2.0, 1.0, -right, -1.0)


def _hm(minutes: int) -> str:
    return f"{minutes // 60 % 24:02d}:{minutes % 60:02d}"


def _draw_texts(
    painter: QPainter, texts: list[tuple[AppointmentStyle, QPointF | None, str]]
) -> None:
    """Each text at its place in its style's colour, the pen set only when it changes."""
    current: AppointmentStyle | None = None
    for style, pos, text in texts:
        if pos is None:
            continue
        if style is not current:
            current = style
            painter.setPen(style.text)
        painter.drawText(pos, text)


def _struck(font: QFont) -> QFont:
    struck = QFont(font)
    struck.setStrikeOut(True)
    return struck


def _pixmap(width: float, height: float, ratio: float) -> QPixmap:
    pixmap = QPixmap(max(1, round(width * ratio)), max(1, round(height * ratio)))
    pixmap.setDevicePixelRatio(ratio)
    return pixmap
