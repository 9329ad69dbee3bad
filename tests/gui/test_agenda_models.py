"""The agenda's list models and its calendar arithmetic."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from PySide6.QtCore import Qt
from pytestqt.modeltest import ModelTester

from app.domain.appointment import Appointment
from app.domain.appointment_status import AppointmentStatus
from ui.agenda.agenda_range import AgendaRange
from ui.agenda.waiting_room_model import AMBER, RED, WaitingRoomModel

PARIS = ZoneInfo("Europe/Paris")
NINE = datetime(2026, 12, 7, 9, 0, tzinfo=PARIS)


def arrived(n: int, minutes_after_nine: int) -> tuple[Appointment, datetime]:
    appointment = Appointment(
        id=f"a{n}",
        start=NINE + timedelta(minutes=20 * n),
        end=NINE + timedelta(minutes=20 * n + 20),
        status=AppointmentStatus.ARRIVED,
        practitioner_ref="Practitioner/dr-a",
        practitioner_name="Dr A",
        patient_ref=f"Patient/p{n}",
        patient_name=f"Patient {n}",
    )
    return appointment, NINE + timedelta(minutes=minutes_after_nine)


def test_the_waiting_room_model_passes_the_model_tester(qtmodeltester: ModelTester) -> None:
    model = WaitingRoomModel()
    model.set_rows([arrived(0, 0), arrived(1, 5), arrived(2, 30)])
    model.set_now(NINE + timedelta(minutes=45))
    qtmodeltester.check(model)
    waited = [model.data(model.index(r, 2)) for r in range(3)]
    assert waited == ["45 min", "40 min", "15 min"]
    colours = [model.data(model.index(r, 2), Qt.ItemDataRole.ForegroundRole) for r in range(3)]
    assert colours == [RED, RED, None]
    model.set_now(NINE + timedelta(minutes=25))
    assert model.data(model.index(1, 2), Qt.ItemDataRole.ForegroundRole) == AMBER
    assert model.data(model.index(0, 1)) == "09:00"
    assert model.data(model.index(0, 0), Qt.ItemDataRole.UserRole) == "a0"
    model.set_rows([])
    qtmodeltester.check(model)
    assert model.rowCount() == 0


def test_ranges_and_their_steps() -> None:
    wednesday = date(2026, 12, 9)
    assert AgendaRange.DAY.days(wednesday) == [wednesday]
    work_week = AgendaRange.WORK_WEEK.days(wednesday)
    assert work_week[0] == date(2026, 12, 7) and work_week[-1] == date(2026, 12, 11)
    assert len(AgendaRange.WEEK.days(wednesday)) == 7
    assert AgendaRange.WEEK.days(date(2026, 12, 13))[0] == date(2026, 12, 7)  # Sunday
    assert AgendaRange.DAY.step(date(2026, 12, 11), 1) == date(2026, 12, 12)  # Saturday
    assert AgendaRange.WORK_WEEK.step(wednesday, -1) == date(2026, 12, 2)
