"""The agenda's time grid: its geometry, and a GP's mouse and keyboard on it.

The grid is a pure view: every gesture ends in a request (move, resize, create) that
these tests read from its signals, with the exact aware datetimes a service would get.
Screenshots of a busy week and of a front-desk day go to test-artifacts/screenshots.
"""

import itertools
import random
from datetime import date, datetime, time, timedelta

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from app.domain.appointment import Appointment
from app.domain.appointment_status import AppointmentStatus
from app.services.agenda_service import PRACTICE_ZONE
from tests.gui.conftest import screenshot
from ui.agenda.agenda_column import AgendaColumn
from ui.agenda.agenda_geometry import AgendaGeometry, BlockPlace
from ui.agenda.agenda_grid_widget import AgendaGridWidget
from ui.agenda.appointment_style import AppointmentStyle

pytestmark = pytest.mark.usefixtures("french_locale")

MONDAY = date(2026, 12, 7)
WEEK = [MONDAY + timedelta(days=n) for n in range(5)]
MARTIN = ("Practitioner/martin", "Dr Claire MARTIN")
BERNARD = ("Practitioner/bernard", "Dr Louis BERNARD")
PETIT = ("Practitioner/petit", "Dr Inès PETIT")
ROUX = ("Practitioner/roux", "Dr Hugo ROUX")


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=PRACTICE_ZONE)


_ids = itertools.count(1)


def appointment(
    day: date,
    hour: int,
    minute: int = 0,
    minutes: int = 20,
    *,
    who: tuple[str, str] = MARTIN,
    status: AppointmentStatus = AppointmentStatus.BOOKED,
    patient: str = "DUPONT Marie",
    reason: str = "Renouvellement d'ordonnance",
    ident: str | None = None,
    teleconsultation: bool = False,
    patient_ref: str | None = None,
) -> Appointment:
    start = at(day, hour, minute)
    n = next(_ids)
    return Appointment(
        id=ident or f"a{n}",
        start=start,
        end=start + timedelta(minutes=minutes),
        status=status,
        practitioner_ref=who[0],
        practitioner_name=who[1],
        patient_ref=patient_ref or f"Patient/p{n}",
        patient_name=patient,
        reason=reason,
        teleconsultation=teleconsultation,
    )


def week_columns(who: tuple[str, str] = MARTIN) -> list[AgendaColumn]:
    return [AgendaColumn(day, who[0], who[1]) for day in WEEK]


def front_desk_columns(days: list[date], people: list[tuple[str, str]]) -> list[AgendaColumn]:
    return [AgendaColumn(day, ref, name) for day in days for ref, name in people]


@pytest.fixture
def grid(qtbot: QtBot) -> AgendaGridWidget:
    widget = AgendaGridWidget()
    qtbot.addWidget(widget)
    widget.resize(1000, 700)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def drag(
    qtbot: QtBot, grid: AgendaGridWidget, start: QPoint, end: QPoint, *, steps: int = 6
) -> None:
    viewport = grid.viewport()
    qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, pos=start)
    for n in range(1, steps + 1):
        qtbot.mouseMove(viewport, start + (end - start) * (n / steps))
    qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, pos=end)


def inside(grid: AgendaGridWidget, appointment_id: str, dy: int = 8) -> QPoint:
    rect = grid.block_rect(appointment_id)
    assert rect is not None
    return QPoint(round(rect.center().x()), round(rect.top()) + dy)


# -- geometry ------------------------------------------------------------------------------


def test_time_and_y_are_inverse_and_moments_are_snapped_to_five_minutes() -> None:
    g = AgendaGeometry(week_columns(), 56 + 5 * 100, 40 + 13 * 64, header_height=40)
    assert g.hour_height == 64
    assert g.column_width == 100
    for minutes in (7 * 60, 9 * 60 + 15, 12 * 60 + 35, 19 * 60 + 55):
        assert g.minutes_at(g.y_of_minutes(minutes)) == pytest.approx(minutes)
    assert g.y_of(at(MONDAY, 9)) == 40 + 2 * 64
    for column in range(5):
        assert g.column_at(g.x_of(column) + 1) == column
        assert g.column_at(g.x_of(column) + 99) == column
    assert g.column_at(10) is None
    assert g.column_at(10, clamp=True) == 0

    point = QPointF(g.x_of(2) + 50, g.y_of_minutes(14 * 60 + 32))
    assert g.at(point) == (2, at(WEEK[2], 14, 30))
    placed = g.at(point)
    assert placed is not None and placed[1].tzinfo is PRACTICE_ZONE
    assert g.at(QPointF(point.x(), g.y_of_minutes(14 * 60 + 33))) == (2, at(WEEK[2], 14, 35))
    floored = g.at(QPointF(point.x(), g.y_of_minutes(14 * 60 + 34)), floor=True)
    assert floored == (2, at(WEEK[2], 14, 30))
    assert g.at(QPointF(point.x(), 20)) is None  # the header is no time


def test_a_daylight_saving_day_keeps_its_wall_clock_lines() -> None:
    spring = date(2027, 3, 28)  # the clocks go forward at 2:00
    g = AgendaGeometry(
        [AgendaColumn(spring, *MARTIN), AgendaColumn(spring + timedelta(days=1), *MARTIN)],
        300,
        40 + 13 * 64,
        header_height=40,
    )
    assert g.y_of(at(spring, 9)) == g.y_of(at(spring + timedelta(days=1), 9))
    assert g.moment(0, 9 * 60) == at(spring, 9)
    assert g.moment(0, 9 * 60).utcoffset() == timedelta(hours=2)


def test_overlapping_appointments_share_their_cluster_in_lanes() -> None:
    a = appointment(MONDAY, 9, 0, 30, ident="a")
    b = appointment(MONDAY, 9, 15, 30, ident="b")
    c = appointment(MONDAY, 9, 30, 30, ident="c")  # starts as a ends: a's lane again
    d = appointment(MONDAY, 11, 0, 20, ident="d")
    e = appointment(WEEK[1], 9, 0, 30, ident="e")
    elsewhere = appointment(MONDAY, 9, 0, 30, who=BERNARD, ident="x")
    g = AgendaGeometry(week_columns(), 56 + 5 * 100, 40 + 13 * 64, header_height=40)
    places = g.places([d, c, b, a, e, elsewhere])
    assert places["a"] == BlockPlace(0, 0, 2)
    assert places["b"] == BlockPlace(0, 1, 2)
    assert places["c"] == BlockPlace(0, 0, 2)
    assert places["d"] == BlockPlace(0, 0, 1)
    assert places["e"] == BlockPlace(1, 0, 1)
    assert "x" not in places  # not one of the columns shown
    ra, rb = g.rect_of(a, places["a"]), g.rect_of(b, places["b"])
    assert ra is not None and rb is not None
    assert ra.width() == rb.width() == 50
    assert rb.left() == ra.right()
    assert ra.top() == g.y_of(at(MONDAY, 9))
    assert ra.height() == 32
    early = appointment(MONDAY, 5, 0, 30)
    assert g.rect_of(early, BlockPlace(0, 0, 1)) is None  # before the visible hours


def test_every_status_has_its_french_label() -> None:
    labels = {s: AppointmentStyle.label(s) for s in AppointmentStatus}
    assert labels == {
        AppointmentStatus.BOOKED: "Prévu",
        AppointmentStatus.ARRIVED: "Arrivé (salle d'attente)",
        AppointmentStatus.IN_CONSULTATION: "En consultation",
        AppointmentStatus.FULFILLED: "Terminé",
        AppointmentStatus.NO_SHOW: "Absent",
        AppointmentStatus.CANCELLED: "Annulé",
    }
    assert AppointmentStyle.flag_label("urgent") == "Urgent"
    assert AppointmentStyle.flag_label("chronic") == "Suivi chronique"
    assert AppointmentStyle.teleconsultation_label() == "Téléconsultation"
    assert AppointmentStyle.of(AppointmentStatus.CANCELLED).struck
    assert AppointmentStyle.of(AppointmentStatus.NO_SHOW).hatched


# -- mouse -----------------------------------------------------------------------------------


def test_dragging_monday_nine_to_wednesday_half_past_two_requests_that_move(
    qtbot: QtBot, grid: AgendaGridWidget
) -> None:
    moving = appointment(MONDAY, 9, 0, 20, ident="m")
    grid.set_columns(week_columns())
    grid.set_appointments([moving, appointment(WEEK[2], 9, 0)])
    press = inside(grid, "m")
    offset = press.y() - grid.viewport_point(0, 9 * 60).y()
    target = grid.viewport_point(2, 14 * 60 + 30) + QPoint(0, offset)
    with qtbot.waitSignal(grid.move_requested) as moved:
        drag(qtbot, grid, press, target)
    ident, start, end, practitioner = moved.args
    assert ident == "m"
    assert start == at(WEEK[2], 14, 30)
    assert end == at(WEEK[2], 14, 50)
    assert start.tzinfo is PRACTICE_ZONE and end.tzinfo is PRACTICE_ZONE
    assert practitioner == MARTIN[0]
    assert grid.selected_id() == "m"
    # A view: nothing moved until the caller hands the new appointments back.
    rect = grid.block_rect("m")
    assert rect is not None and rect.contains(QPointF(press))


def test_dragging_to_another_practitioners_column_names_that_practitioner(
    qtbot: QtBot, grid: AgendaGridWidget
) -> None:
    grid.set_columns(front_desk_columns([MONDAY], [MARTIN, BERNARD, PETIT]))
    grid.set_appointments([appointment(MONDAY, 10, 0, 30, ident="m")])
    press = inside(grid, "m")
    target = grid.viewport_point(2, 11 * 60) + QPoint(0, 8)
    with qtbot.waitSignal(grid.move_requested) as moved:
        drag(qtbot, grid, press, target)
    assert moved.args == ["m", at(MONDAY, 11), at(MONDAY, 11, 30), PETIT[0]]


def test_dragging_the_bottom_edge_requests_the_new_end(
    qtbot: QtBot, grid: AgendaGridWidget
) -> None:
    grid.set_columns(week_columns())
    grid.set_appointments([appointment(WEEK[1], 9, 0, 20, ident="r")])
    rect = grid.block_rect("r")
    assert rect is not None
    edge = QPoint(round(rect.center().x()), round(rect.bottom()) - 2)
    target = grid.viewport_point(1, 9 * 60 + 45)
    with qtbot.waitSignal(grid.resize_requested) as resized:
        drag(qtbot, grid, edge, target)
    assert resized.args == ["r", at(WEEK[1], 9), at(WEEK[1], 9, 45)]
    # Not shorter than 5 minutes, however far up.
    with qtbot.waitSignal(grid.resize_requested) as shortest:
        drag(qtbot, grid, edge, grid.viewport_point(1, 7 * 60 + 30))
    assert shortest.args == ["r", at(WEEK[1], 9), at(WEEK[1], 9, 5)]


def test_press_drag_on_free_time_requests_a_new_appointment(
    qtbot: QtBot, grid: AgendaGridWidget
) -> None:
    grid.set_columns(front_desk_columns([MONDAY], [MARTIN, BERNARD]))
    grid.set_appointments([appointment(MONDAY, 9, 0)])
    start = grid.viewport_point(1, 10 * 60 + 1)
    end = grid.viewport_point(1, 10 * 60 + 44)
    with qtbot.waitSignal(grid.create_requested) as created:
        drag(qtbot, grid, start, end)
    assert created.args == [at(MONDAY, 10), at(MONDAY, 10, 45), BERNARD[0]]
    # Upwards works the same.
    with qtbot.waitSignal(grid.create_requested) as upwards:
        drag(qtbot, grid, end, start)
    assert upwards.args == [at(MONDAY, 10), at(MONDAY, 10, 45), BERNARD[0]]
    # A click: 20 minutes from the 5-minute step clicked in.
    with qtbot.waitSignal(grid.create_requested) as clicked:
        qtbot.mouseClick(
            grid.viewport(), Qt.MouseButton.LeftButton, pos=grid.viewport_point(0, 15 * 60 + 13)
        )
    assert clicked.args == [at(MONDAY, 15, 10), at(MONDAY, 15, 30), MARTIN[0]]
    assert grid.selected_id() is None


def test_escape_cancels_a_drag(qtbot: QtBot, grid: AgendaGridWidget) -> None:
    grid.set_columns(week_columns())
    grid.set_appointments([appointment(MONDAY, 9, 0, ident="m")])
    press = inside(grid, "m")
    target = grid.viewport_point(3, 16 * 60)
    viewport = grid.viewport()
    with (
        qtbot.assertNotEmitted(grid.move_requested),
        qtbot.assertNotEmitted(grid.create_requested),
    ):
        qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, pos=press)
        qtbot.mouseMove(viewport, (press + target) / 2)
        qtbot.mouseMove(viewport, target)
        qtbot.keyClick(grid, Qt.Key.Key_Escape)
        qtbot.mouseMove(viewport, target + QPoint(0, 30))
        qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, pos=target + QPoint(0, 30))
        # The same for drawing a new one.
        empty = grid.viewport_point(2, 11 * 60)
        qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, pos=empty)
        qtbot.mouseMove(viewport, empty + QPoint(0, 40))
        qtbot.keyClick(grid, Qt.Key.Key_Escape)
        qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, pos=empty + QPoint(0, 40))


def test_cancelled_and_no_show_appointments_do_not_move(
    qtbot: QtBot, grid: AgendaGridWidget
) -> None:
    grid.set_columns(week_columns())
    grid.set_appointments(
        [
            appointment(MONDAY, 9, 0, status=AppointmentStatus.CANCELLED, ident="c"),
            appointment(MONDAY, 11, 0, status=AppointmentStatus.NO_SHOW, ident="n"),
        ]
    )
    for ident, hour in (("c", 9), ("n", 11)):
        with (
            qtbot.assertNotEmitted(grid.move_requested),
            qtbot.assertNotEmitted(grid.resize_requested),
            qtbot.assertNotEmitted(grid.create_requested),
        ):
            drag(qtbot, grid, inside(grid, ident), grid.viewport_point(2, (hour + 4) * 60))
            rect = grid.block_rect(ident)
            assert rect is not None
            edge = QPoint(round(rect.center().x()), round(rect.bottom()) - 2)
            drag(qtbot, grid, edge, edge + QPoint(0, 60))
        assert grid.selected_id() == ident


def test_click_double_click_and_right_click_on_a_block(
    qtbot: QtBot, grid: AgendaGridWidget
) -> None:
    grid.set_columns(week_columns())
    grid.set_appointments([appointment(WEEK[3], 10, 0, ident="d")])
    point = inside(grid, "d")
    with qtbot.waitSignal(grid.selection_changed) as selected:
        qtbot.mouseClick(grid.viewport(), Qt.MouseButton.LeftButton, pos=point)
    assert selected.args == ["d"]
    with qtbot.waitSignal(grid.appointment_activated) as activated:
        qtbot.mouseDClick(grid.viewport(), Qt.MouseButton.LeftButton, pos=point)
    assert activated.args == ["d"]
    with qtbot.waitSignal(grid.context_menu_requested) as menu:
        qtbot.mouseClick(grid.viewport(), Qt.MouseButton.RightButton, pos=point)
    assert menu.args == ["d", grid.viewport().mapToGlobal(point)]


# -- data and keyboard -------------------------------------------------------------------------


def test_new_appointments_keep_the_scroll_position_and_the_selection(
    qtbot: QtBot, grid: AgendaGridWidget
) -> None:
    kept = appointment(WEEK[1], 14, 0, ident="kept")
    grid.set_columns(week_columns())
    grid.set_appointments([kept, appointment(MONDAY, 15, 0)])
    grid.scroll_to_time(13)
    grid.select("kept")
    value = grid.verticalScrollBar().value()
    assert value > 0
    qtbot.wait(10)
    with qtbot.assertNotEmitted(grid.selection_changed):
        grid.set_appointments([appointment(MONDAY, 8, 0), kept, appointment(WEEK[4], 18, 0)])
        qtbot.wait(10)
    assert grid.verticalScrollBar().value() == value
    assert grid.selected_id() == "kept"
    with qtbot.waitSignal(grid.selection_changed) as gone:
        grid.set_appointments([appointment(MONDAY, 8, 0)])
    assert gone.args == [None]
    assert grid.selected_id() is None
    assert grid.verticalScrollBar().value() == value


def test_arrow_keys_walk_the_appointments_in_time_order(
    qtbot: QtBot, grid: AgendaGridWidget
) -> None:
    grid.set_columns(week_columns())
    grid.set_appointments(
        [
            appointment(WEEK[1], 9, 0, ident="tue"),
            appointment(MONDAY, 17, 0, ident="mon-late"),
            appointment(MONDAY, 8, 0, ident="mon-early"),
            appointment(WEEK[4], 19, 0, ident="fri"),
        ]
    )
    grid.setFocus()
    order = []
    for _ in range(5):
        qtbot.keyClick(grid, Qt.Key.Key_Down)
        order.append(grid.selected_id())
    assert order == ["mon-early", "mon-late", "tue", "fri", "fri"]
    rect = grid.block_rect("fri")  # scrolled into view
    assert rect is not None and grid.viewport().rect().contains(rect.toRect())
    qtbot.keyClick(grid, Qt.Key.Key_Up)
    assert grid.selected_id() == "tue"
    with qtbot.waitSignal(grid.appointment_activated) as activated:
        qtbot.keyClick(grid, Qt.Key.Key_Return)
    assert activated.args == ["tue"]
    with (
        qtbot.assertNotEmitted(grid.appointment_activated),
        qtbot.assertNotEmitted(grid.selection_changed),
    ):
        qtbot.keyClick(grid, Qt.Key.Key_Delete)
    assert grid.selected_id() == "tue"


# -- screenshots -------------------------------------------------------------------------------

PATIENTS = [
    "DUPONT Marie",
    "MARTIN Jean-Pierre",
    "LEFÈVRE Camille",
    "MOREAU Lucas",
    "GIRARD Chloé",
    "ROUSSEL Théo",
    "FONTAINE Léa",
    "CHEVALIER Hugo",
    "BONNET Manon",
    "FRANÇOIS Nathan",
    "MERCIER Inès",
    "BLANC Gabriel",
    "GUÉRIN Zoé",
    "FAURE Louis",
    "ANDRÉ Jade",
]
REASONS = [
    "Renouvellement d'ordonnance",
    "Fièvre et toux depuis 3 jours",
    "Suivi diabète de type 2 — HbA1c",
    "Certificat de sport",
    "Vaccination grippe",
    "Douleur lombaire",
    "Suivi hypertension",
    "Résultats de prise de sang",
    "Consultation nourrisson 9 mois",
    "",
]


def busy_day(
    day: date,
    who: tuple[str, str],
    today: date,
    now: datetime,
    rng: random.Random,
    count: int,
) -> list[Appointment]:
    """A GP's day: mostly 20-minute slots, a few longer, one overlap, statuses that
    follow the time now."""
    made: list[Appointment] = []
    minute = 8 * 60 + rng.choice((0, 0, 20))
    while len(made) < count and minute < 19 * 60:
        if 12 * 60 + 30 <= minute < 13 * 60 + 30:
            minute = 13 * 60 + 30
        length = rng.choice((15, 15, 20, 20, 20, 30))
        start = at(day, minute // 60, minute % 60)
        if start + timedelta(minutes=length) <= now:
            status = rng.choice(
                [AppointmentStatus.FULFILLED] * 6
                + [AppointmentStatus.NO_SHOW, AppointmentStatus.CANCELLED]
            )
        elif start <= now:
            status = AppointmentStatus.IN_CONSULTATION
        elif day == today and start <= now + timedelta(minutes=50):
            status = AppointmentStatus.ARRIVED
        else:
            status = rng.choice([AppointmentStatus.BOOKED] * 9 + [AppointmentStatus.CANCELLED])
        made.append(
            appointment(
                day,
                minute // 60,
                minute % 60,
                length,
                who=who,
                status=status,
                patient=rng.choice(PATIENTS),
                reason=rng.choice(REASONS),
                teleconsultation=rng.random() < 0.15,
                patient_ref=f"Patient/{rng.randrange(40)}",
            )
        )
        minute += length + rng.choice((0, 0, 0, 0, 0, 0, 0, 5, 10, 30))
    overlap = made[len(made) // 2]
    made.append(
        appointment(
            day,
            overlap.start.hour,
            overlap.start.minute + 5 if overlap.start.minute < 50 else overlap.start.minute,
            20,
            who=who,
            patient=rng.choice(PATIENTS),
            reason="Urgence — douleur thoracique",
            patient_ref="Patient/0",
        )
    )
    return made


def free_gaps(appointments: list[Appointment]) -> list[tuple[str, datetime, datetime]]:
    """The gaps of 15 minutes or more between a practitioner's appointments of a day, as
    the practice's free Slots would be, lunch aside."""
    gaps = []
    ordered = sorted(appointments, key=lambda a: (a.practitioner_ref, a.start))
    for before, after in itertools.pairwise(ordered):
        same_day = before.start.date() == after.start.date()
        if before.practitioner_ref != after.practitioner_ref or not same_day:
            continue
        if after.start - before.end >= timedelta(minutes=15) and before.end.hour != 12:
            gaps.append((before.practitioner_ref, before.end, after.start))
    return gaps


def test_screenshot_of_a_busy_week(qtbot: QtBot) -> None:
    rng = random.Random(7)
    today = WEEK[2]
    now = at(today, 11, 10)
    appointments = [a for day in WEEK for a in busy_day(day, MARTIN, today, now, rng, count=25)]
    grid = AgendaGridWidget()
    qtbot.addWidget(grid)
    grid.resize(1400, 900)
    grid.set_columns(week_columns())
    grid.set_opening_hours(8, 19)
    grid.set_free_slots(free_gaps(appointments))
    grid.set_flagged(
        {
            "Patient/0": "urgent",
            "Patient/3": "chronic",
            "Patient/7": "chronic",
            "Patient/9": "urgent",
        }
    )
    grid.set_appointments(appointments)
    grid.set_now(now)
    grid.show()
    qtbot.waitExposed(grid)
    grid.scroll_to_time(8)
    grid.select(next(a.id for a in appointments if a.start.date() == today and a.start.hour == 14))
    assert len(appointments) >= 5 * 24
    assert {a.status for a in appointments} == set(AppointmentStatus)
    path = screenshot(grid, "agenda_week")
    assert path.stat().st_size > 0


def test_screenshot_of_a_front_desk_day(qtbot: QtBot) -> None:
    rng = random.Random(11)
    today = MONDAY
    now = at(today, 10, 35)
    people = [MARTIN, BERNARD, PETIT, ROUX]
    appointments = [a for who in people for a in busy_day(today, who, today, now, rng, count=22)]
    grid = AgendaGridWidget()
    qtbot.addWidget(grid)
    grid.resize(1400, 900)
    grid.set_columns(front_desk_columns([today], people))
    grid.set_opening_hours(8, 19)
    grid.set_free_slots(free_gaps(appointments))
    grid.set_flagged({"Patient/0": "urgent", "Patient/5": "chronic", "Patient/12": "chronic"})
    grid.set_appointments(appointments)
    grid.set_now(now)
    grid.show()
    qtbot.waitExposed(grid)
    grid.scroll_to_time(8)
    QApplication.processEvents()
    path = screenshot(grid, "agenda_front_desk")
    assert path.stat().st_size > 0
