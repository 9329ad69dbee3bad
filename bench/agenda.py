"""The agenda grid at a busy front desk: 2,000 appointments, 10 practitioners, one week.

Run from the repository root: ``python -m bench.agenda [--runs N] [--quick]``
(offscreen Qt; the platform is set to ``offscreen`` unless QT_QPA_PLATFORM says
otherwise).

The grid is an :class:`AgendaGridWidget` of 1920 × 1080 (a full-HD screen), shown,
with one column per (day, practitioner): 5 days × 10 practitioners = 50 columns, the
appointments random but seeded (every status, teleconsultations, flagged patients,
overlaps). Figures, medians of ``--runs`` runs, all measured in this run:

- ``week_render_ms``: the data replaced (``set_appointments`` of the 2,000, which lays
  out every block: columns, lanes, rectangles) and a forced synchronous repaint of the
  viewport (``viewport().repaint()``), which lays out the texts of the columns on
  screen, paints their background and blocks into the grid's cached pixmap, and copies
  the visible part to the screen; ``week_layout_ms`` and ``week_paint_ms`` split it.
  At 1920 px, 19 of the 50 columns (96 px each) are on screen; the others are painted
  when scrolled to:
- ``scroll_page_ms``: one page to the right (the columns there painted for the first
  time, then the copy), median; ``all_columns_ms``: the data replaced and every one of
  the 50 columns painted, screen by screen (what the whole grid costs, scrolled through).
- ``cached_repaint_ms``: the same forced repaint when nothing changed (a vertical
  scroll, the selection).
- ``drag_update_ms``: one mouse-move step of a drag of a block (a move event sent to
  the viewport, then ``processEvents`` that delivers the repaint of the damaged
  region: the old and the new preview rectangles), median over the steps of a drag
  across days and practitioners; ``drag_update_p95_ms`` the 95th percentile.
- Baselines: ``baseline_plain_widget_ms``, a forced repaint of a plain QWidget of the
  same size that fills itself white; ``empty_grid_render_ms``, the grid with its 50
  columns and no appointment, repainted from scratch. ``*_vs_*`` are the ratios,
  which compare across machines where times do not.

Goals on the 2-core reference machine: week render ≤ 100 ms, drag step ≤ 16 ms (one
frame at 60 Hz). Progress goes to stderr; the last line of stdout is the JSON object.
"""

import argparse
import json
import os
import random
import statistics
import sys
import time
from collections.abc import Callable
from datetime import date, datetime, timedelta
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QEvent, QObject, QPoint, QPointF, Qt
from PySide6.QtGui import QMouseEvent, QPainter, QPaintEvent
from PySide6.QtWidgets import QApplication, QWidget

from app.domain.appointment import Appointment
from app.domain.appointment_status import AppointmentStatus
from app.services.agenda_service import PRACTICE_ZONE
from ui.agenda.agenda_column import AgendaColumn
from ui.agenda.agenda_grid_widget import AgendaGridWidget

SEED = 20_261_207
MONDAY = date(2026, 12, 7)
DAYS = 5
PRACTITIONERS = 10
APPOINTMENTS = 2_000
SCREEN = (1920, 1080)
GOALS = {"week_render_ms": 100.0, "drag_update_ms": 16.0}
NAMES = ["MARTIN", "BERNARD", "PETIT", "ROUX", "DUBOIS", "MOREAU", "LAURENT", "SIMON", "MICHEL"]
GIVEN = ["Marie", "Jean", "Camille", "Lucas", "Chloé", "Théo", "Léa", "Hugo", "Manon", "Inès"]
REASONS = [
    "Renouvellement d'ordonnance",
    "Fièvre et toux depuis 3 jours",
    "Suivi diabète de type 2 — HbA1c",
    "Certificat de sport",
    "Vaccination",
    "",
]


def progress(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def week(rng: random.Random) -> tuple[list[AgendaColumn], list[Appointment], dict[str, str]]:
    people = [(f"Practitioner/p{n}", f"Dr {GIVEN[n % 10]} {NAMES[n % 9]}") for n in range(10)]
    days = [MONDAY + timedelta(days=n) for n in range(DAYS)]
    columns = [AgendaColumn(day, ref, name) for day in days for ref, name in people]
    statuses = list(AppointmentStatus)
    appointments = []
    for n in range(APPOINTMENTS):
        ref, name = rng.choice(people)
        minute = rng.randrange(8 * 12, 19 * 12) * 5
        start = datetime(
            MONDAY.year, MONDAY.month, MONDAY.day, minute // 60, minute % 60, tzinfo=PRACTICE_ZONE
        ) + timedelta(days=rng.randrange(DAYS))
        appointments.append(
            Appointment(
                id=f"a{n}",
                start=start,
                end=start + timedelta(minutes=rng.choice((10, 15, 20, 20, 30))),
                status=rng.choice(statuses),
                practitioner_ref=ref,
                practitioner_name=name,
                patient_ref=f"Patient/{rng.randrange(1500)}",
                patient_name=f"{rng.choice(NAMES)} {rng.choice(GIVEN)}",
                reason=rng.choice(REASONS),
                teleconsultation=rng.random() < 0.15,
            )
        )
    flagged = {f"Patient/{n}": rng.choice(("urgent", "chronic")) for n in range(0, 1500, 20)}
    return columns, appointments, flagged


class PaintCounter(QObject):
    """Counts the paint events a widget gets and the pixels they cover."""

    def __init__(self) -> None:
        super().__init__()
        self.paints = 0
        self.pixels = 0

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: ARG002
        if event.type() == QEvent.Type.Paint and isinstance(event, QPaintEvent):
            self.paints += 1
            rect = event.rect()
            self.pixels += rect.width() * rect.height()
        return False


class PlainWidget(QWidget):
    """The baseline: a widget of the same size that paints itself white."""

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.fillRect(event.rect(), Qt.GlobalColor.white)
        painter.end()


def timed(action: Callable[[], object], runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        times.append((time.perf_counter() - started) * 1000)
    return times


def mouse(kind: QEvent.Type, point: QPoint, target: QWidget, held: bool) -> QMouseEvent:
    button = Qt.MouseButton.LeftButton if kind != QEvent.Type.MouseMove else Qt.MouseButton.NoButton
    buttons = Qt.MouseButton.LeftButton if held else Qt.MouseButton.NoButton
    return QMouseEvent(
        kind,
        QPointF(point),
        QPointF(target.mapToGlobal(point)),
        button,
        buttons,
        Qt.KeyboardModifier.NoModifier,
    )


def drag_steps(grid: AgendaGridWidget, appointments: list[Appointment], steps: int) -> list[float]:
    """One drag of a booked block visible on screen, ``steps`` moves across columns."""
    viewport = grid.viewport()
    area = viewport.rect().adjusted(120, 120, -120, -120)
    chosen = None
    for a in appointments:
        rect = grid.block_rect(a.id)
        if (
            a.status is AppointmentStatus.BOOKED
            and rect is not None
            and rect.height() > 14
            and area.contains(rect.center().toPoint())
        ):
            chosen = rect
            break
    if chosen is None:
        raise RuntimeError("no draggable block on screen")
    press = QPoint(round(chosen.center().x()), round(chosen.top()) + 5)
    QApplication.sendEvent(viewport, mouse(QEvent.Type.MouseButtonPress, press, viewport, True))
    QApplication.processEvents()
    times = []
    point = QPoint(press)
    dx, dy = 13, 7
    for _ in range(steps):
        point = QPoint(point.x() + dx, point.y() + dy)
        if not area.contains(point):
            dx, dy = -dx, -dy
            point = QPoint(point.x() + 2 * dx, point.y() + 2 * dy)
        started = time.perf_counter()
        QApplication.sendEvent(viewport, mouse(QEvent.Type.MouseMove, point, viewport, True))
        QApplication.processEvents()
        times.append((time.perf_counter() - started) * 1000)
    QApplication.sendEvent(viewport, mouse(QEvent.Type.MouseButtonRelease, point, viewport, False))
    QApplication.processEvents()
    return times


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.agenda")
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--quick", action="store_true", help="3 runs, a short drag")
    args = parser.parse_args(argv)
    runs = 3 if args.quick else max(5, args.runs)
    app = QApplication.instance() or QApplication([])
    rng = random.Random(SEED)
    columns, appointments, flagged = week(rng)
    progress(f"{len(appointments)} appointments, {len(columns)} columns")

    plain = PlainWidget()
    plain.resize(*SCREEN)
    plain.show()
    app.processEvents()
    plain_ms = statistics.median(timed(plain.repaint, runs * 2))
    plain.close()
    progress(f"baseline plain widget repaint: {plain_ms:.2f} ms")

    grid = AgendaGridWidget()
    grid.resize(*SCREEN)
    grid.set_columns(columns)
    grid.set_opening_hours(8, 19)
    grid.set_flagged(flagged)
    grid.set_now(datetime(2026, 12, 9, 11, 10, tzinfo=PRACTICE_ZONE))
    grid.show()
    app.processEvents()
    viewport = grid.viewport()
    counter = PaintCounter()
    viewport.installEventFilter(counter)

    def empty() -> None:
        grid.set_appointments([])
        viewport.repaint()

    empty_ms = statistics.median(timed(empty, runs))
    progress(f"empty grid render: {empty_ms:.2f} ms")

    layouts: list[float] = []
    paints: list[float] = []
    for _ in range(runs):
        started = time.perf_counter()
        grid.set_appointments(appointments)
        _ = grid.geometry_now  # the layout, on its own
        laid = time.perf_counter()
        viewport.repaint()
        done = time.perf_counter()
        layouts.append((laid - started) * 1000)
        paints.append((done - laid) * 1000)
    totals = [a + b for a, b in zip(layouts, paints, strict=True)]
    render_ms = statistics.median(totals)
    progress(f"week render: {render_ms:.2f} ms (layout {statistics.median(layouts):.2f} ms)")
    cached_ms = statistics.median(timed(viewport.repaint, runs * 2))
    progress(f"cached repaint: {cached_ms:.2f} ms")

    hbar = grid.horizontalScrollBar()
    pages: list[float] = []
    whole: list[float] = []
    for _ in range(runs):
        hbar.setValue(0)
        started = time.perf_counter()
        grid.set_appointments(appointments)
        viewport.repaint()
        while hbar.value() < hbar.maximum():
            page_started = time.perf_counter()
            hbar.setValue(hbar.value() + hbar.pageStep())
            viewport.repaint()
            pages.append((time.perf_counter() - page_started) * 1000)
        whole.append((time.perf_counter() - started) * 1000)
    hbar.setValue(0)
    scroll_ms = statistics.median(pages)
    all_columns_ms = statistics.median(whole)
    progress(f"scroll one page: {scroll_ms:.2f} ms; all columns: {all_columns_ms:.2f} ms")

    grid.scroll_to_time(9)
    app.processEvents()
    paints_before, pixels_before = counter.paints, counter.pixels
    steps = 20 if args.quick else 120
    drag = drag_steps(grid, appointments, steps)
    drag_ms = statistics.median(drag)
    drag_p95 = sorted(drag)[max(0, round(len(drag) * 0.95) - 1)]
    repaints = counter.paints - paints_before
    progress(f"drag step: {drag_ms:.2f} ms (p95 {drag_p95:.2f}), {repaints} paints")

    figures: dict[str, Any] = {
        "appointments": len(appointments),
        "practitioners": PRACTITIONERS,
        "days": DAYS,
        "columns": len(columns),
        "widget_size": list(SCREEN),
        "runs": runs,
        "week_render_ms": round(render_ms, 2),
        "week_layout_ms": round(statistics.median(layouts), 2),
        "week_paint_ms": round(statistics.median(paints), 2),
        "cached_repaint_ms": round(cached_ms, 2),
        "scroll_page_ms": round(scroll_ms, 2),
        "all_columns_ms": round(all_columns_ms, 2),
        "drag_update_ms": round(drag_ms, 3),
        "drag_update_p95_ms": round(drag_p95, 3),
        "drag_steps": len(drag),
        "drag_paints": repaints,
        "drag_painted_px_per_paint": round((counter.pixels - pixels_before) / max(1, repaints)),
        "baseline": "forced repaint of a plain white QWidget of the same size; and the grid"
        " with its columns and no appointment, repainted from scratch",
        "baseline_plain_widget_ms": round(plain_ms, 3),
        "empty_grid_render_ms": round(empty_ms, 2),
        "week_render_vs_empty_grid": round(render_ms / empty_ms, 2),
        "week_render_vs_plain_widget": round(render_ms / plain_ms, 1),
        "drag_update_vs_plain_widget": round(drag_ms / plain_ms, 2),
    }
    figures["goals_met"] = {
        "week_render_le_100_ms": render_ms <= GOALS["week_render_ms"],
        "drag_update_le_16_ms": drag_ms <= GOALS["drag_update_ms"],
    }
    grid.close()
    print(json.dumps(figures, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
