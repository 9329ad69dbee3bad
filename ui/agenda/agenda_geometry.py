"""The agenda grid's geometry: time ↔ y, column ↔ x, overlapping appointments in lanes.

Pure arithmetic (Qt's value types only, no widget), so the grid's maths is tested
without painting anything. Coordinates are those of the whole canvas, unscrolled: the
header band is ``y < header_height``, the hours gutter ``x < gutter_width``, and the
body (the columns side by side, the visible hours top to bottom) starts at
``(gutter_width, header_height)``. A view that scrolls adds its scroll offsets to its
points before asking.

Times are wall-clock minutes of the column's day in the practice zone, so the 9:00
line is 9:00 on a daylight-saving day too.
"""

import math
from collections.abc import Iterable, Sequence
from datetime import date, datetime, time, timedelta
from typing import NamedTuple
from zoneinfo import ZoneInfo

from PySide6.QtCore import QPointF, QRectF

from app.domain.appointment import Appointment
from app.services.agenda_service import PRACTICE_ZONE
from ui.agenda.agenda_column import AgendaColumn

SNAP_MINUTES = 5
DAY_MINUTES = 24 * 60


class BlockPlace(NamedTuple):
    """Where an appointment goes: its column, and its lane among ``lanes`` side by side."""

    column: int
    lane: int
    lanes: int


class AgendaGeometry:
    """``width`` × ``height`` is the whole canvas, header and gutter included."""

    def __init__(
        self,
        columns: Sequence[AgendaColumn],
        width: float,
        height: float,
        *,
        header_height: float = 40.0,
        gutter_width: float = 56.0,
        start_hour: int = 7,
        end_hour: int = 20,
        zone: ZoneInfo = PRACTICE_ZONE,
    ) -> None:
        if not 0 <= start_hour < end_hour <= 24:
            raise ValueError("visible hours must be 0 ≤ start < end ≤ 24")
        self.columns = tuple(columns)
        self.width = float(width)
        self.height = float(height)
        self.header_height = float(header_height)
        self.gutter_width = float(gutter_width)
        self.start_hour = start_hour
        self.end_hour = end_hour
        self.zone = zone
        self._index: dict[tuple[date, str], int] = {}
        for i, column in enumerate(self.columns):
            self._index.setdefault((column.day, column.practitioner_ref), i)
        # Read thousands of times per layout: computed once (the geometry never changes).
        self.column_width = (
            max(0.0, self.width - self.gutter_width) / len(self.columns) if self.columns else 0.0
        )
        self.hour_height = max(0.0, self.height - self.header_height) / (end_hour - start_hour)
        self._per_minute = self.hour_height / 60.0

    # -- sizes ---------------------------------------------------------------------

    @property
    def column_count(self) -> int:
        return len(self.columns)

    @property
    def body(self) -> QRectF:
        """The columns' area: the visible hours of every column."""
        return QRectF(
            self.gutter_width,
            self.header_height,
            max(0.0, self.width - self.gutter_width),
            max(0.0, self.height - self.header_height),
        )

    @property
    def first_minute(self) -> int:
        return self.start_hour * 60

    @property
    def last_minute(self) -> int:
        return self.end_hour * 60

    # -- time ↔ y ------------------------------------------------------------------

    def y_of_minutes(self, minutes: float) -> float:
        return self.header_height + (minutes - self.start_hour * 60) * self._per_minute

    def minutes_at(self, y: float) -> float:
        """Minutes since the day's midnight at ``y`` (not clamped, not snapped)."""
        if self.hour_height <= 0:
            return float(self.first_minute)
        return self.first_minute + (y - self.header_height) * 60.0 / self.hour_height

    def y_of(self, moment: datetime) -> float:
        return self.y_of_minutes(self.minutes_of(moment))

    def minutes_of(self, moment: datetime) -> float:
        """Wall-clock minutes of ``moment``'s day in the practice zone."""
        local = moment.astimezone(self.zone)
        return local.hour * 60 + local.minute + local.second / 60.0

    @staticmethod
    def snap(minutes: float, *, floor: bool = False) -> int:
        """To the 5-minute step: the nearest one, or the one at or before (``floor``)."""
        steps = minutes / SNAP_MINUTES
        return int(math.floor(steps) if floor else math.floor(steps + 0.5)) * SNAP_MINUTES

    def clamp_minutes(self, minutes: float) -> float:
        return min(max(minutes, float(self.first_minute)), float(self.last_minute))

    # -- column ↔ x ----------------------------------------------------------------

    def x_of(self, column: int) -> float:
        """The left edge of ``column``."""
        return self.gutter_width + column * self.column_width

    def column_at(self, x: float, *, clamp: bool = False) -> int | None:
        """The column under ``x``; outside the columns None, or the nearest (``clamp``)."""
        if not self.columns or self.column_width <= 0:
            return None
        index = math.floor((x - self.gutter_width) / self.column_width)
        if clamp:
            return min(max(index, 0), len(self.columns) - 1)
        return index if 0 <= index < len(self.columns) else None

    def column_rect(self, column: int) -> QRectF:
        return QRectF(
            self.x_of(column),
            self.header_height,
            self.column_width,
            self.height - self.header_height,
        )

    def column_index(self, day: date, practitioner_ref: str) -> int | None:
        return self._index.get((day, practitioner_ref))

    # -- points ↔ moments ------------------------------------------------------------

    def moment(self, column: int, minutes: int) -> datetime:
        """The aware datetime (practice zone) ``minutes`` after ``column``'s midnight."""
        midnight = datetime.combine(self.columns[column].day, time(), tzinfo=self.zone)
        # Adding a timedelta to an aware datetime is wall-clock arithmetic: 9:00 stays
        # 9:00 on the day the clocks change.
        return midnight + timedelta(minutes=minutes)

    def at(
        self, point: QPointF, *, floor: bool = False, clamp: bool = False
    ) -> tuple[int, datetime] | None:
        """The column and snapped moment under ``point``; None outside the body unless
        ``clamp``, which takes the nearest column and keeps to the visible hours."""
        placed = self.minutes_at_point(point, floor=floor, clamp=clamp)
        if placed is None:
            return None
        column, minutes = placed
        return column, self.moment(column, minutes)

    def minutes_at_point(
        self, point: QPointF, *, floor: bool = False, clamp: bool = False
    ) -> tuple[int, int] | None:
        """As :meth:`at`, in minutes since the column's midnight."""
        column = self.column_at(point.x(), clamp=clamp)
        if column is None:
            return None
        minutes = self.minutes_at(point.y())
        if clamp:
            minutes = self.clamp_minutes(minutes)
        elif not self.first_minute <= minutes < self.last_minute:
            return None
        snapped = self.snap(minutes, floor=floor)
        if clamp:
            snapped = min(max(snapped, self.first_minute), self.last_minute)
        return column, snapped

    # -- appointments ----------------------------------------------------------------

    def column_of(self, appointment: Appointment) -> int | None:
        """The column of the appointment's day and practitioner; None when not shown."""
        located = self.locate(appointment)
        return None if located is None else located[0]

    def span_of(self, appointment: Appointment) -> tuple[float, float]:
        """Start and end in minutes of the start's day; an end on a later day is midnight."""
        start = appointment.start.astimezone(self.zone)
        end = appointment.end.astimezone(self.zone)
        first = start.hour * 60 + start.minute + start.second / 60.0
        if end.date() > start.date():
            return first, float(DAY_MINUTES)
        return first, max(first, end.hour * 60 + end.minute + end.second / 60.0)

    def locate(self, appointment: Appointment) -> tuple[int, float, float] | None:
        """Its column and its :meth:`span_of`; None when it is in no column shown."""
        day = appointment.start.astimezone(self.zone).date()
        column = self._index.get((day, appointment.practitioner_ref))
        if column is None:
            return None
        first, last = self.span_of(appointment)
        return column, first, last

    def places(self, appointments: Iterable[Appointment]) -> dict[str, BlockPlace]:
        """Lanes for the appointments in the columns shown (see :meth:`lanes`)."""
        spans = {}
        for appointment in appointments:
            located = self.locate(appointment)
            if located is not None:
                spans[appointment.id] = located
        return self.lanes(spans)

    @staticmethod
    def lanes(spans: dict[str, tuple[int, float, float]]) -> dict[str, BlockPlace]:
        """Lanes, the way calendars do it: appointments that overlap (directly or through
        a chain) form a cluster, each takes the leftmost lane free at its start, and all
        of a cluster share its width. ``spans``: id → (column, first, last minute)."""
        by_column: dict[int, list[tuple[float, float, str]]] = {}
        for ident, (column, first, last) in spans.items():
            by_column.setdefault(column, []).append((first, last, ident))
        placed: dict[str, BlockPlace] = {}
        for column, items in by_column.items():
            items.sort(key=lambda s: (s[0], -s[1], s[2]))
            cluster: list[tuple[str, int]] = []
            lane_ends: list[float] = []
            cluster_end = -math.inf
            for first, last, ident in items:
                if first >= cluster_end and cluster:
                    placed.update(
                        (i, BlockPlace(column, lane, len(lane_ends))) for i, lane in cluster
                    )
                    cluster, lane_ends = [], []
                    cluster_end = -math.inf
                lane = next((n for n, end in enumerate(lane_ends) if end <= first), None)
                if lane is None:
                    lane = len(lane_ends)
                    lane_ends.append(last)
                else:
                    lane_ends[lane] = last
                cluster.append((ident, lane))
                cluster_end = max(cluster_end, last)
            placed.update((i, BlockPlace(column, lane, len(lane_ends))) for i, lane in cluster)
        return placed

    def rect_of(self, appointment: Appointment, place: BlockPlace) -> QRectF | None:
        """The block's rectangle in its lane, cut to the visible hours; None when it lies
        wholly outside them."""
        return self.clipped_rect(place, *self.span_of(appointment))

    def clipped_rect(self, place: BlockPlace, first: float, last: float) -> QRectF | None:
        """:meth:`span_rect` cut to the visible hours; None when wholly outside them."""
        top = max(first, float(self.first_minute))
        bottom = min(last, float(self.last_minute))
        if bottom <= top:
            return None
        return self.span_rect(place, top, bottom)

    def span_rect(self, place: BlockPlace, first: float, last: float) -> QRectF:
        """The rectangle of minutes ``first``–``last`` in ``place``'s lane."""
        lane_width = self.column_width / max(1, place.lanes)
        return QRectF(
            self.gutter_width + place.column * self.column_width + place.lane * lane_width,
            self.y_of_minutes(first),
            lane_width,
            (last - first) * self._per_minute,
        )
