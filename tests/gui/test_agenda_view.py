"""The Agenda section over the real encrypted store: a GP's gestures, checked where they land.

Each scenario runs on the qasync loop as the workstation does: the view, its
AgendaService and PatientService over a SQLCipher store. A drag in the grid must end as
an Appointment with the new start and end, an outbox entry for sync and an audit entry;
questions (overlap, series scope, cancellation reason) are answered in their dialogs.
Screenshots of the demo practice's busy week and of the front desk's day are written to
test-artifacts/screenshots.
"""

from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication, QInputDialog, QMessageBox
from pytestqt.qtbot import QtBot

from app.audit.audit_entry import AuditAction
from app.demo.demo_generator import DemoGenerator
from app.domain.appointment import Appointment
from app.domain.appointment_status import AppointmentStatus as S
from app.domain.change_set import ChangeSet
from app.domain.identifier_system import IdentifierSystem
from app.domain.patient import Patient
from app.domain.recurrence_rule import RecurrenceRule
from app.domain.room_presence import RoomPresence
from app.domain.room_state import RoomState
from app.services.agenda_service import PRACTICE_ZONE, AgendaService
from app.services.appointment_draft import AppointmentDraft
from app.services.patient_draft import PatientDraft
from app.services.patient_service import PatientService
from app.services.session import Session
from app.store.encrypted_store import EncryptedStore
from app.store.resource_write import ResourceWrite
from app.store.store_key import StoreKey
from tests.fakes.file_keyring import FileKeyring
from tests.gui.conftest import AsyncRunner, screenshot, until
from ui.agenda.agenda_range import AgendaRange
from ui.agenda.agenda_view import ALL_PRACTITIONERS, OPENING_HOURS, AgendaView

pytestmark = pytest.mark.usefixtures("french_locale")

DR_A = ("Practitioner/dr-a", "Dr Claire LEFÈVRE")
DR_B = ("Practitioner/dr-b", "Dr Paul MARTIN")
SESSION = Session(DR_A[0], DR_A[1], "poste-1")
MONDAY = date(2026, 12, 7)
WEDNESDAY = MONDAY + timedelta(days=2)


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=PRACTICE_ZONE)


class Clock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


@dataclass
class Practice:
    """The store, the services and the Agenda section open on the week of MONDAY."""

    store: EncryptedStore
    agenda: AgendaService
    patients: PatientService
    view: AgendaView
    clock: Clock
    jeanne: Patient

    async def book(self, start: datetime, minutes: int = 20, **kwargs: Any) -> Appointment:
        values: dict[str, Any] = {
            "start": start,
            "end": start + timedelta(minutes=minutes),
            "practitioner_ref": DR_A[0],
            "practitioner_name": DR_A[1],
            "patient_ref": self.jeanne.reference,
            "patient_name": self.jeanne.display_name,
            "reason": "Renouvellement d'ordonnance",
        }
        recurrence = kwargs.pop("recurrence", None)
        values.update(kwargs)
        made, _changes = await self.agenda.book(AppointmentDraft(**values), recurrence)
        self.view.reload()
        await until(lambda: self.view.appointment(made[0].id) is not None)
        return made[0]

    async def stored(self, appointment_id: str) -> Appointment:
        res = await self.store.read("Appointment", appointment_id)
        assert res is not None
        return Appointment.from_fhir(res)

    async def pending(self) -> set[str]:
        return {c.ref for c in await self.store.with_ledger(lambda ledger: ledger.pending())}

    async def audited(self) -> list[tuple[str, str]]:
        return [(e.action, e.entity) for e in await self.store.audit_entries()]

    async def settled(self) -> None:
        """The view has no change or load under way any more, and is laid out again."""
        await until(lambda: self.view.prompt is None and not self.view.busy())
        QApplication.processEvents()


def schedule(sid: str, who: tuple[str, str]) -> ResourceWrite:
    return ResourceWrite(
        "Schedule",
        sid,
        {
            "resourceType": "Schedule",
            "id": sid,
            "active": True,
            "actor": [{"reference": who[0], "display": who[1]}],
        },
    )


@asynccontextmanager
async def practice(
    qtbot: QtBot,
    tmp_path: Path,
    *,
    demo: bool = False,
    size: tuple[int, int] = (1400, 860),
    rooms: Callable[[str], Awaitable[RoomState]] | None = None,
) -> AsyncIterator[Practice]:
    path = tmp_path / "profile" / "store.db"
    store = await EncryptedStore.open(path, StoreKey("test", path))
    try:
        clock = Clock(at(MONDAY, 8, 40))
        if demo:
            await store.commit(DemoGenerator(2026, today=MONDAY).resources(), [], to_outbox=False)
            me: str | None = None
        else:
            await store.commit([schedule("s-a", DR_A), schedule("s-b", DR_B)], [], to_outbox=False)
            me = DR_A[0]
        agenda = AgendaService(store, SESSION, clock=clock)
        patients = PatientService(store, SESSION, today=lambda: MONDAY)
        jeanne, _ = await patients.save(
            PatientDraft(family="Durand", given="Jeanne", birth_date="12/03/1958", gender="female")
        )

        async def save_patient(draft: PatientDraft, base: Patient | None) -> Patient:
            return (await patients.save(draft, base))[0]

        view = AgendaView(
            agenda,
            search_patients=patients.search,
            save_patient=save_patient,
            default_system=IdentifierSystem.INS_NIR_TEST,
            me=me,
            rooms=rooms,
        )
        qtbot.addWidget(view)
        view.resize(*size)
        view.show()
        qtbot.waitExposed(view)
        await until(lambda: view.whose.count() > 0 and not view.busy())
        view.go_to(MONDAY)
        await until(lambda: not view.busy() and view.columns() != [])
        view.grid.scroll_to_time(8)
        yield Practice(store, agenda, patients, view, clock, jeanne)
        # Closed by qtbot after the test: closing the last window here would quit the loop.
        await until(lambda: not view.busy())
    finally:
        await store.close()


def drag(qtbot: QtBot, view: AgendaView, start: QPoint, end: QPoint, *, steps: int = 6) -> None:
    viewport = view.grid.viewport()
    qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, pos=start)
    for n in range(1, steps + 1):
        qtbot.mouseMove(viewport, start + (end - start) * (n / steps))
    qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, pos=end)


def top_of(view: AgendaView, appointment_id: str) -> QPoint:
    """A point 8 px inside the top of that appointment's block."""
    rect = view.grid.block_rect(appointment_id)
    assert rect is not None, "the appointment is not shown"
    return QPoint(round(rect.center().x()), round(rect.top()) + 8)


def to_time(view: AgendaView, column: int, hour: int, minute: int) -> QPoint:
    """Where the press point lands so that the block's top is at that time."""
    return view.grid.viewport_point(column, hour * 60 + minute) + QPoint(0, 8)


async def ask(view: AgendaView) -> QMessageBox | QInputDialog:
    await until(lambda: view.prompt is not None and view.prompt.isVisible())
    assert view.prompt is not None
    return view.prompt


async def press(view: AgendaView, label: str | QMessageBox.StandardButton) -> str:
    """Clicks the question's button: ours by its text, Qt's standard ones (Yes, No,
    Cancel) by their role, whatever language Qt speaks. Returns the question."""
    box = await ask(view)
    assert isinstance(box, QMessageBox)
    text = box.text()
    if isinstance(label, QMessageBox.StandardButton):
        button = box.button(label)
        assert button is not None
    else:
        (button,) = [b for b in box.buttons() if b.text().replace("&", "") == label]
    button.click()
    return text


def test_dragging_monday_nine_to_wednesday_half_past_two_lands_in_the_store(
    qapp: QApplication, qtbot: QtBot, arun: AsyncRunner, tmp_path: Path, test_keyring: FileKeyring
) -> None:
    async def scenario() -> None:
        async with practice(qtbot, tmp_path) as p:
            view = p.view
            made = await p.book(at(MONDAY, 9))
            assert [c.day for c in view.columns()] == [MONDAY + timedelta(days=n) for n in range(5)]
            audits_before = len(await p.audited())

            drag(qtbot, view, top_of(view, made.id), to_time(view, 2, 14, 30))
            await until(lambda: (a := view.appointment(made.id)) is not None and a.start.day == 9)
            await p.settled()

            moved = await p.stored(made.id)
            assert (moved.start, moved.end) == (at(WEDNESDAY, 14, 30), at(WEDNESDAY, 14, 50))
            res = await p.store.read("Appointment", made.id)
            assert res is not None and res["start"] == "2026-12-09T14:30:00+01:00"
            assert await p.pending() == {made.ref, p.jeanne.reference}
            audits = await p.audited()
            assert audits[audits_before:] == [(AuditAction.UPDATE, made.ref)]
            # The grid shows it where it went, still selected.
            assert view.grid.selected_id() == made.id
            rect = view.grid.block_rect(made.id)
            assert rect is not None
            assert rect.contains(view.grid.viewport_point(2, 14 * 60 + 40).toPointF())

            # Undo puts it back: a change like any other, synced and audited.
            assert view.undo_button.isEnabled()
            qtbot.mouseClick(view.undo_button, Qt.MouseButton.LeftButton)
            await until(lambda: (a := view.appointment(made.id)) is not None and a.start.day == 7)
            await p.settled()
            back = await p.stored(made.id)
            assert (back.start, back.end) == (at(MONDAY, 9), at(MONDAY, 9, 20))
            assert (await p.audited())[-1] == (AuditAction.UPDATE, made.ref)
            assert not view.undo_button.isEnabled()

    arun(scenario())


def test_resizing_and_moving_to_another_practitioner(
    qapp: QApplication, qtbot: QtBot, arun: AsyncRunner, tmp_path: Path, test_keyring: FileKeyring
) -> None:
    async def scenario() -> None:
        async with practice(qtbot, tmp_path) as p:
            view = p.view
            made = await p.book(at(MONDAY, 10))
            rect = view.grid.block_rect(made.id)
            assert rect is not None
            edge = QPoint(round(rect.center().x()), round(rect.bottom()) - 2)
            drag(qtbot, view, edge, view.grid.viewport_point(0, 10 * 60 + 45))
            await until(lambda: (a := view.appointment(made.id)) is not None and a.minutes == 45)
            await p.settled()
            assert (await p.stored(made.id)).end == at(MONDAY, 10, 45)

            # The front desk sees both practitioners side by side, day by day.
            view.show_practitioners(ALL_PRACTITIONERS)
            view.set_range(AgendaRange.DAY)
            await until(lambda: len(view.columns()) == 2 and not view.busy())
            assert [c.practitioner_ref for c in view.columns()] == [DR_A[0], DR_B[0]]
            drag(qtbot, view, top_of(view, made.id), to_time(view, 1, 11, 0))
            await until(
                lambda: (
                    (a := view.appointment(made.id)) is not None and a.practitioner_ref == DR_B[0]
                )
            )
            await p.settled()
            moved = await p.stored(made.id)
            assert (moved.practitioner_ref, moved.practitioner_name) == DR_B
            assert (moved.start, moved.end) == (at(MONDAY, 11), at(MONDAY, 11, 45))

    arun(scenario())


def test_opening_hours_come_from_the_slots_and_appointments() -> None:
    utc = ZoneInfo("UTC")
    assert AgendaView.opening_hours([], PRACTICE_ZONE) == OPENING_HOURS
    spans = [
        (at(MONDAY, 8, 30), at(MONDAY, 8, 50)),
        (at(WEDNESDAY, 18, 40), at(WEDNESDAY, 19, 0)),
        # From a server that writes UTC: 13:20Z is 14:20 in Paris in winter.
        (datetime(2026, 12, 8, 13, 20, tzinfo=utc), datetime(2026, 12, 8, 13, 40, tzinfo=utc)),
    ]
    assert AgendaView.opening_hours(spans, PRACTICE_ZONE) == (8, 19)
    late = [(at(MONDAY, 7, 15), at(MONDAY, 7, 30)), (at(MONDAY, 20, 0), at(MONDAY, 20, 10))]
    assert AgendaView.opening_hours(late, PRACTICE_ZONE) == (7, 21)


def test_moving_with_the_keyboard(
    qapp: QApplication, qtbot: QtBot, arun: AsyncRunner, tmp_path: Path, test_keyring: FileKeyring
) -> None:
    async def scenario() -> None:
        async with practice(qtbot, tmp_path) as p:
            view = p.view
            made = await p.book(at(MONDAY, 9))
            view.grid.setFocus()
            qtbot.keyClick(view.grid, Qt.Key.Key_Down)  # selects the only appointment
            assert view.grid.selected_id() == made.id
            tuesday = MONDAY + timedelta(days=1)
            qtbot.keyClick(view.grid, Qt.Key.Key_Right, Qt.KeyboardModifier.AltModifier)
            await until(lambda: (a := view.appointment(made.id)) is not None and a.start.day == 8)
            await p.settled()
            qtbot.keyClick(view.grid, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
            await until(
                lambda: (a := view.appointment(made.id)) is not None and a.start.minute == 5
            )
            await p.settled()
            moved = await p.stored(made.id)
            assert (moved.start, moved.end) == (at(tuesday, 9, 5), at(tuesday, 9, 25))
            assert view.grid.selected_id() == made.id

    arun(scenario())


def test_an_overlap_is_warned_and_refusing_keeps_the_appointment(
    qapp: QApplication, qtbot: QtBot, arun: AsyncRunner, tmp_path: Path, test_keyring: FileKeyring
) -> None:
    async def scenario() -> None:
        async with practice(qtbot, tmp_path) as p:
            view = p.view
            first = await p.book(at(MONDAY, 9))
            await p.book(at(MONDAY, 10), patient_name="Marc PETIT", patient_ref="Patient/other")
            outbox_before = await p.pending()

            drag(qtbot, view, top_of(view, first.id), to_time(view, 0, 10, 10))
            question = await press(view, QMessageBox.StandardButton.No)
            assert "chevauche le rendez-vous de 10:00 (Marc PETIT)" in question
            await p.settled()
            kept = await p.stored(first.id)
            assert kept.start == at(MONDAY, 9)
            assert await p.pending() == outbox_before
            rect = view.grid.block_rect(first.id)
            assert rect is not None and rect.contains(view.grid.viewport_point(0, 9 * 60 + 10))

            # Confirmed, the double booking is made.
            drag(qtbot, view, top_of(view, first.id), to_time(view, 0, 10, 10))
            await press(view, QMessageBox.StandardButton.Yes)
            await until(
                lambda: (a := view.appointment(first.id)) is not None and a.start.hour == 10
            )
            await p.settled()
            assert (await p.stored(first.id)).start == at(MONDAY, 10, 10)

    arun(scenario())


def test_a_series_moved_this_and_following(
    qapp: QApplication, qtbot: QtBot, arun: AsyncRunner, tmp_path: Path, test_keyring: FileKeyring
) -> None:
    async def scenario() -> None:
        async with practice(qtbot, tmp_path) as p:
            view = p.view
            first = await p.book(at(MONDAY, 9), recurrence=RecurrenceRule(1, 4))
            series = sorted(
                (await p.agenda.appointments(at(MONDAY, 0), at(MONDAY, 0) + timedelta(weeks=5))),
                key=lambda a: a.start,
            )
            assert [a.start for a in series] == [
                at(MONDAY, 9) + timedelta(weeks=n) for n in range(4)
            ]
            assert first.id == series[0].id
            view.step(1)  # the week of the second one
            await until(lambda: view.appointment(series[1].id) is not None and not view.busy())

            drag(qtbot, view, top_of(view, series[1].id), to_time(view, 1, 11, 0))
            question = await press(view, "Celui-ci et les suivants")
            assert "fait partie d'une série" in question
            await until(
                lambda: (a := view.appointment(series[1].id)) is not None and a.start.hour == 11
            )
            await p.settled()
            after = [await p.stored(a.id) for a in series]
            assert after[0].start == at(MONDAY, 9)
            assert [a.start for a in after[1:]] == [
                at(MONDAY + timedelta(days=1), 11) + timedelta(weeks=n) for n in (1, 2, 3)
            ]
            assert {a.series_id for a in after} == {first.series_id}
            assert await p.pending() >= {a.ref for a in series}

            # Cancelling the move's question leaves everything as it was.
            drag(qtbot, view, top_of(view, series[1].id), to_time(view, 1, 15, 0))
            await press(view, QMessageBox.StandardButton.Cancel)
            await p.settled()
            assert (await p.stored(series[1].id)).start.hour == 11

    arun(scenario())


def test_editing_a_series_reason_kind_and_length(
    qapp: QApplication, qtbot: QtBot, arun: AsyncRunner, tmp_path: Path, test_keyring: FileKeyring
) -> None:
    async def scenario() -> None:
        async with practice(qtbot, tmp_path) as p:
            view = p.view
            first = await p.book(at(MONDAY, 9), recurrence=RecurrenceRule(1, 3))
            await p.book(at(MONDAY, 9, 30), patient_name="Marc PETIT", patient_ref="Patient/o")
            series = [
                a
                for a in await p.agenda.appointments(at(MONDAY, 0), at(MONDAY, 0) + timedelta(3))
                if a.series_id == first.series_id
            ]
            assert len(series) == 1  # the other two are the following Mondays
            view.grid.select(first.id)
            await until(lambda: not view.edit_button.isHidden())
            qtbot.mouseClick(view.edit_button, Qt.MouseButton.LeftButton)
            await until(lambda: view.edit_dialog is not None and view.edit_dialog.isVisible())
            dialog = view.edit_dialog
            assert dialog is not None
            assert dialog.fields.reason.text() == "Renouvellement d'ordonnance"
            assert dialog.fields.minutes == 20 and not dialog.fields.teleconsultation
            dialog.fields.reason.clear()
            qtbot.keyClicks(dialog.fields.reason, "Suivi tension")
            dialog.fields.duration.setValue(40)
            dialog.fields.video.setChecked(True)
            qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
            # 9:00-9:40 runs into Marc PETIT's 9:30: said, and a second click keeps it.
            await until(dialog.warning.isVisible)
            assert "chevauche le rendez-vous de 09:30 (Marc PETIT)" in dialog.warning.text()
            assert dialog.isVisible()  # still open: nothing saved yet
            assert screenshot(dialog, "agenda_edit_dialog").stat().st_size > 5_000
            qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
            question = await press(view, "Toute la série")
            assert "fait partie d'une série" in question
            await until(lambda: (a := view.appointment(first.id)) is not None and a.minutes == 40)
            await p.settled()
            assert view.edit_dialog is None
            members = sorted(
                [
                    await p.stored(a.id)
                    for a in await p.agenda.appointments(
                        at(MONDAY, 0), at(MONDAY, 0) + timedelta(weeks=3)
                    )
                    if a.series_id == first.series_id
                ],
                key=lambda a: a.start,
            )
            assert len(members) == 3
            for n, member in enumerate(members):
                assert member.start == at(MONDAY, 9) + timedelta(weeks=n)
                assert member.minutes == 40
                assert member.reason == "Suivi tension" and member.teleconsultation
            # One change: one undo puts the whole series back.
            qtbot.mouseClick(view.undo_button, Qt.MouseButton.LeftButton)
            await until(lambda: (a := view.appointment(first.id)) is not None and a.minutes == 20)
            await p.settled()
            assert [(await p.stored(m.id)).minutes for m in members] == [20, 20, 20]

    arun(scenario())


def test_every_status_with_the_waiting_room_and_the_cancellation_reason(
    qapp: QApplication, qtbot: QtBot, arun: AsyncRunner, tmp_path: Path, test_keyring: FileKeyring
) -> None:
    async def scenario() -> None:
        async with practice(qtbot, tmp_path) as p:
            view = p.view
            visit = await p.book(at(MONDAY, 9))
            absent = await p.book(at(MONDAY, 11))
            cancelled = await p.book(at(MONDAY, 14))
            shown = {s for s, b in view.status_buttons.items() if not b.isHidden()}
            assert shown == set()

            async def click(appointment: Appointment, status: S) -> Appointment:
                view.grid.select(appointment.id)
                await until(lambda: not view.status_buttons[status].isHidden())
                qtbot.mouseClick(view.status_buttons[status], Qt.MouseButton.LeftButton)
                if status is S.CANCELLED:
                    box = await ask(view)
                    assert isinstance(box, QInputDialog)
                    box.setTextValue("Le patient est hospitalisé")
                    box.accept()
                await until(
                    lambda: (
                        (a := view.appointment(appointment.id)) is not None and a.status is status
                    )
                )
                await p.settled()
                stored = await p.stored(appointment.id)
                assert stored.status is status
                return stored

            view.grid.select(visit.id)
            await until(lambda: not view.status_buttons[S.ARRIVED].isHidden())
            assert "Jeanne" in view.details.text() and "Prévu" in view.details.text()
            await click(visit, S.ARRIVED)
            assert view.waiting_model.rowCount() == 1
            p.clock.now = at(MONDAY, 9, 25)
            view.reload()
            await p.settled()
            waited = view.waiting_model.index(0, view.waiting_model.columns.index("waited"))
            assert view.waiting_model.data(waited) == "45 min"
            await click(visit, S.IN_CONSULTATION)
            assert view.waiting_model.rowCount() == 0 and view.waiting_empty.isVisible()
            await click(visit, S.FULFILLED)
            # Only reopening is offered once done (a consultation closed by mistake).
            offered = {s for s, b in view.status_buttons.items() if not b.isHidden()}
            assert offered == {S.IN_CONSULTATION}
            encounters = await p.store.of_type("Encounter")
            assert [e["status"] for e in encounters] == ["finished"]

            await click(absent, S.NO_SHOW)
            await click(absent, S.BOOKED)
            await click(cancelled, S.CANCELLED)
            assert (await p.stored(cancelled.id)).cancel_reason == "Le patient est hospitalisé"
            assert "Le patient est hospitalisé" in view.details.text()
            assert await p.pending() >= {visit.ref, absent.ref, cancelled.ref}
            audited = await p.audited()
            assert (AuditAction.UPDATE, cancelled.ref) in audited

    arun(scenario())


def test_booking_by_drag_on_free_time_with_the_patient_search(
    qapp: QApplication, qtbot: QtBot, arun: AsyncRunner, tmp_path: Path, test_keyring: FileKeyring
) -> None:
    async def scenario() -> None:
        async with practice(qtbot, tmp_path) as p:
            view = p.view
            drag(
                qtbot,
                view,
                view.grid.viewport_point(1, 15 * 60 + 1),
                view.grid.viewport_point(1, 15 * 60 + 29),
            )
            await until(lambda: view.dialog is not None and view.dialog.isVisible())
            await book_in_the_dialog(qtbot, p)

    arun(scenario())


def test_a_click_on_a_free_slot_books_that_slot(
    qapp: QApplication, qtbot: QtBot, arun: AsyncRunner, tmp_path: Path, test_keyring: FileKeyring
) -> None:
    async def scenario() -> None:
        async with practice(qtbot, tmp_path) as p:
            view = p.view
            tuesday = MONDAY + timedelta(days=1)
            slot = {
                "resourceType": "Slot",
                "id": "slot-1",
                "schedule": {"reference": "Schedule/s-a"},
                "status": "free",
                "start": at(tuesday, 15).isoformat(),
                "end": at(tuesday, 15, 30).isoformat(),
            }
            await p.store.commit([ResourceWrite("Slot", "slot-1", slot)], [], to_outbox=False)
            view.reload()
            await p.settled()
            inside = view.grid.viewport_point(1, 15 * 60 + 12)
            qtbot.mouseClick(view.grid.viewport(), Qt.MouseButton.LeftButton, pos=inside)
            await until(lambda: view.dialog is not None and view.dialog.isVisible())
            made = await book_in_the_dialog(qtbot, p)
            res = await p.store.read("Appointment", made.id)
            assert res is not None and res["slot"] == [{"reference": "Slot/slot-1"}]
            taken = await p.store.read("Slot", "slot-1")
            assert taken is not None and taken["status"] == "busy"
            assert "Slot/slot-1" in await p.pending()

    arun(scenario())


async def book_in_the_dialog(qtbot: QtBot, p: Practice) -> Appointment:
    """Books Jeanne DURAND for Tuesday 15:00-15:30 in the open booking form, as a
    teleconsultation, and checks what the store got."""
    view = p.view
    dialog = view.dialog
    assert dialog is not None
    assert dialog.fields.minutes == 30
    qtbot.keyClicks(dialog.patient_search, "Dura")
    await until(lambda: dialog.results.count() == 1)
    dialog.results.itemClicked.emit(dialog.results.item(0))
    assert dialog.book_button.isEnabled()
    qtbot.keyClicks(dialog.fields.reason, "Douleur au genou")
    dialog.fields.video.setChecked(True)
    qtbot.mouseClick(dialog.book_button, Qt.MouseButton.LeftButton)
    await until(lambda: view.dialog is None and len(view.shown()) == 1)
    await p.settled()
    (made,) = view.shown()
    stored = await p.stored(made.id)
    tuesday = MONDAY + timedelta(days=1)
    assert (stored.start, stored.end) == (at(tuesday, 15), at(tuesday, 15, 30))
    assert stored.patient_ref == p.jeanne.reference
    assert stored.reason == "Douleur au genou" and stored.teleconsultation
    assert (AuditAction.CREATE, made.ref) in await p.audited()

    # A teleconsultation offers « Démarrer la téléconsultation ».
    view.grid.select(made.id)
    await until(lambda: not view.video_button.isHidden())
    with qtbot.waitSignal(view.teleconsultation_requested) as started:
        qtbot.mouseClick(view.video_button, Qt.MouseButton.LeftButton)
    assert started.args == [made.id]
    return made


def test_a_teleconsultation_says_whether_the_patient_waits_in_the_virtual_room(
    qapp: QApplication, qtbot: QtBot, arun: AsyncRunner, tmp_path: Path, test_keyring: FileKeyring
) -> None:
    answers: list[RoomState | None] = []

    async def rooms(appointment_id: str) -> RoomState:
        answer = answers[0] if answers else None
        if answer is None:
            raise ConnectionError("offline")
        return answer

    async def scenario() -> None:
        async with practice(qtbot, tmp_path, rooms=rooms) as p:
            view = p.view
            video = await p.book(at(MONDAY, 10), teleconsultation=True)
            answers.append(
                RoomState(RoomPresence.WAITING, waiting_since=p.clock.now - timedelta(minutes=3))
            )
            view.grid.select(video.id)
            await until(lambda: "depuis 3 min" in view.video_state.text())
            assert not view.video_button.isHidden()
            answers[0] = RoomState(RoomPresence.ADMITTED, practitioner=True)
            view.refresh_room()
            await until(lambda: "en consultation vidéo" in view.video_state.text())
            answers[0] = None
            view.refresh_room()
            await until(lambda: "état inconnu" in view.video_state.text())
            in_person = await p.book(at(MONDAY, 11))
            view.grid.select(in_person.id)
            await until(view.video_state.isHidden)

    arun(scenario())


def test_a_call_is_recorded_as_the_consultation_with_its_virtual_encounter(
    qapp: QApplication, qtbot: QtBot, arun: AsyncRunner, tmp_path: Path, test_keyring: FileKeyring
) -> None:
    async def scenario() -> None:
        async with practice(qtbot, tmp_path) as p:
            view = p.view
            video = await p.book(at(MONDAY, 10), teleconsultation=True)
            p.clock.now = at(MONDAY, 10, 2)
            view.record_call(video.id, started=True)
            await until(
                lambda: (
                    (a := view.appointment(video.id)) is not None and a.status is S.IN_CONSULTATION
                )
            )
            p.clock.now = at(MONDAY, 10, 19)
            view.record_call(video.id, started=False)
            await until(
                lambda: (a := view.appointment(video.id)) is not None and a.status is S.FULFILLED
            )
            await p.settled()
            (encounter,) = await p.store.by_patient("Encounter", p.jeanne.reference)
            assert encounter["class"]["code"] == "VR" and encounter["status"] == "finished"
            assert encounter["length"]["value"] == 17
            # A second "ended" (the view closing twice) changes nothing.
            view.record_call(video.id, started=False)
            await p.settled()
            assert (await p.stored(video.id)).status is S.FULFILLED

    arun(scenario())


def test_a_change_from_sync_appears_without_losing_scroll_or_selection(
    qapp: QApplication, qtbot: QtBot, arun: AsyncRunner, tmp_path: Path, test_keyring: FileKeyring
) -> None:
    async def scenario() -> None:
        async with practice(qtbot, tmp_path) as p:
            view = p.view
            mine = await p.book(at(MONDAY, 16))
            view.grid.select(mine.id)
            view.grid.scroll_to_time(13)
            scrolled = view.grid.verticalScrollBar().value()
            assert scrolled > 0

            # Another workstation booked Wednesday 17:00; sync writes it to the store.
            arrived = {
                "resourceType": "Appointment",
                "id": "from-sync",
                "status": "booked",
                "start": "2026-12-09T17:00:00+01:00",
                "end": "2026-12-09T17:30:00+01:00",
                "participant": [
                    {
                        "actor": {"reference": DR_A[0], "display": DR_A[1]},
                        "status": "accepted",
                    },
                    {
                        "actor": {"reference": "Patient/x", "display": "Louise MOREAU"},
                        "status": "accepted",
                    },
                ],
            }
            await p.store.commit(
                [ResourceWrite("Appointment", "from-sync", arrived)], [], to_outbox=False
            )
            view.refresh_if(ChangeSet.of("Appointment/from-sync"))
            await until(lambda: view.appointment("from-sync") is not None)
            await p.settled()
            assert view.grid.block_rect("from-sync") is not None
            assert view.grid.selected_id() == mine.id
            assert view.grid.verticalScrollBar().value() == scrolled

            # Unrelated changes do not reload.
            loads: list[int] = []
            view.did_load.connect(loads.append)
            view.refresh_if(ChangeSet.of("Observation/o-1"))
            await p.settled()
            assert loads == []

    arun(scenario())


def test_screenshots_of_the_demo_practice_week_and_the_front_desk_day(
    qapp: QApplication, qtbot: QtBot, arun: AsyncRunner, tmp_path: Path, test_keyring: FileKeyring
) -> None:
    async def scenario() -> None:
        async with practice(qtbot, tmp_path, demo=True, size=(1600, 950)) as p:
            view = p.view
            people = [view.whose.itemData(i) for i in range(1, view.whose.count())]
            assert len(people) >= 2
            view.show_practitioners(people[0])
            await until(lambda: not view.busy() and len(view.columns()) == 5)
            assert len(view.shown()) > 20, "the demo week should be busy"
            tuesday = next(a for a in view.shown() if a.start.date() == MONDAY)
            view.grid.select(tuesday.id)
            await p.settled()
            assert screenshot(view, "agenda_view_week").stat().st_size > 20_000

            view.show_practitioners(ALL_PRACTITIONERS)
            view.set_range(AgendaRange.DAY)
            p.clock.now = at(MONDAY, 10, 35)
            await until(lambda: not view.busy() and len(view.columns()) == len(people))
            # The demo's morning: done before 10:00, some waiting since their time.
            assert view.waiting_model.rowCount() >= 2
            waiting = [view.waiting_model.row_at(n) for n in range(view.waiting_model.rowCount())]
            assert all(w is not None and w[0].start.hour == 10 for w in waiting)
            view.grid.select(waiting[0][0].id if waiting[0] else None)
            await p.settled()
            assert screenshot(view, "agenda_view_front_desk").stat().st_size > 20_000

    arun(scenario())
