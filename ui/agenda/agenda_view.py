"""The Agenda section: the time grid, the waiting room, and the selected appointment.

Top: today / previous / next, the date picker, day / work week / week, whose agenda
(one practitioner, or all of them side by side for the front desk), undo. Middle: the
grid (:class:`AgendaGridWidget`), where a drag on free time books, a drag of an
appointment moves it (to another day or practitioner), its lower edge resizes it.
Right: the waiting room with how long each patient has waited, and the selected
appointment with its workflow buttons (« Arrivé », « En consultation », « Terminé »,
« Absent », « Annuler le RDV… ») and, for a teleconsultation, « Démarrer la
téléconsultation » and whether the patient is in the virtual waiting room (asked of
the server every few seconds while that appointment is selected).

Every change goes through :class:`AgendaService` (store, outbox, audit) and the view
reloads what it shows from the store, keeping the scroll position and the selection,
also when the change came from sync (:meth:`refresh_if`).

Shortcuts: T today, Page Up / Page Down previous / next, Alt+1 / Alt+2 / Alt+3 day /
work week / week, Ctrl+G the date, Ctrl+N book the next free slot, Ctrl+Z undo the
last change, Ctrl+E edit the selected appointment, Enter open its patient's chart,
Ctrl+Maj+A arrived, Ctrl+Maj+C in consultation, Ctrl+Maj+T done; arrows move the
selection in the grid, Alt+arrows move the selected appointment (5 minutes, or to the
next column) as a drag does.
"""

import asyncio
from collections.abc import Awaitable, Callable
from datetime import date, datetime, time, timedelta, tzinfo

from PySide6.QtCore import QDate, QEvent, QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QComboBox,
    QDateEdit,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QMenu,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.domain.agenda_practitioner import AgendaPractitioner
from app.domain.appointment import Appointment
from app.domain.appointment_status import AppointmentStatus
from app.domain.change_set import ChangeSet
from app.domain.identifier_system import IdentifierSystem
from app.domain.patient import Patient
from app.domain.recurrence_rule import RecurrenceRule
from app.domain.room_presence import RoomPresence
from app.domain.room_state import RoomState
from app.domain.series_scope import SeriesScope
from app.services.agenda_service import AgendaError, AgendaService
from app.services.appointment_draft import AppointmentDraft
from app.services.patient_draft import PatientDraft
from ui.agenda.agenda_column import AgendaColumn
from ui.agenda.agenda_grid_widget import AgendaGridWidget
from ui.agenda.agenda_range import AgendaRange
from ui.agenda.appointment_edit_dialog import AppointmentEditDialog
from ui.agenda.appointment_style import AppointmentStyle
from ui.agenda.booking_dialog import BookingDialog, OpenVitale
from ui.agenda.waiting_room_model import WaitingRoomModel
from ui.date_text import DateText
from ui.styled_label import StyledLabel
from ui.task_runner import TaskRunner

ALL_PRACTITIONERS = "*"
NOW_TICK_MS = 30_000
ROOM_POLL_MS = 5_000
# The hours shaded as open when the period shown has no Slot nor appointment to tell.
OPENING_HOURS = (8, 19)
Search = Callable[[str], Awaitable[list[Patient]]]
Rooms = Callable[[str], Awaitable[RoomState]]
SavePatient = Callable[[PatientDraft, Patient | None], Awaitable[Patient]]


class AgendaView(QWidget):
    """``changes_did_happen(ChangeSet)`` after each change; ``patient_requested(ref)``
    to open a chart; ``teleconsultation_requested(appointment id)``."""

    changes_did_happen = Signal(object)
    patient_requested = Signal(str)
    teleconsultation_requested = Signal(str)
    did_load = Signal(int)

    def __init__(
        self,
        service: AgendaService,
        *,
        search_patients: Search,
        save_patient: SavePatient,
        default_system: IdentifierSystem,
        me: str | None = None,
        open_vitale: OpenVitale | None = None,
        rooms: Rooms | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._rooms = rooms
        self._room: tuple[str, RoomState | None] | None = None
        self._service = service
        self._open_vitale = open_vitale
        self._search_patients = search_patients
        self._save_patient = save_patient
        self._default_system = default_system
        self._me = me
        self._runner = TaskRunner(self._on_task_failed)
        self._range = AgendaRange.WORK_WEEK
        self._anchor = self._today()
        self._practitioners: list[AgendaPractitioner] = []
        self._appointments: dict[str, Appointment] = {}
        self._free_slots: list[tuple[str, datetime, datetime, str]] = []
        self._load_seq = 0
        self.dialog: BookingDialog | None = None
        self.edit_dialog: AppointmentEditDialog | None = None
        # The question being asked (overlap, series scope, cancellation reason), if any.
        self.prompt: QMessageBox | QInputDialog | None = None

        self._title = StyledLabel("sectionTitle")
        self.period_label = StyledLabel("chartName")
        self.today_button = QPushButton()
        self.previous_button = QPushButton("◀")
        self.next_button = QPushButton("▶")
        self.date_edit = QDateEdit()
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setDisplayFormat("dd/MM/yyyy")
        self.range_buttons: dict[AgendaRange, QPushButton] = {r: QPushButton() for r in AgendaRange}
        ranges = QButtonGroup(self)
        for button in self.range_buttons.values():
            button.setCheckable(True)
            ranges.addButton(button)
        self.range_buttons[self._range].setChecked(True)
        for arrow in (self.previous_button, self.next_button):
            arrow.setFixedWidth(36)
        self.whose = QComboBox()
        # The whole practitioner's name, not « Dr Anne- ».
        self.whose.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.undo_button = QPushButton()
        self.undo_button.setEnabled(False)
        self.error_label = StyledLabel("fieldError", wrap=True, visible=False)

        self.grid = AgendaGridWidget()
        self.grid.set_opening_hours(*OPENING_HOURS)

        self._waiting_title = StyledLabel("chartName")
        self.waiting_model = WaitingRoomModel(self)
        self.waiting_table = QTableView()
        self.waiting_table.setModel(self.waiting_model)
        self.waiting_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.waiting_table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.waiting_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.waiting_table.verticalHeader().setVisible(False)
        self.waiting_table.setWordWrap(False)
        header = self.waiting_table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.waiting_table.setMaximumHeight(220)
        self.waiting_empty = StyledLabel("chartField", wrap=True)

        self._details_title = StyledLabel("chartName")
        self.details = StyledLabel("chartField", wrap=True)
        self.details.setTextFormat(Qt.TextFormat.PlainText)
        self.status_buttons: dict[AppointmentStatus, QPushButton] = {
            s: QPushButton()
            for s in (
                AppointmentStatus.ARRIVED,
                AppointmentStatus.IN_CONSULTATION,
                AppointmentStatus.FULFILLED,
                AppointmentStatus.NO_SHOW,
                AppointmentStatus.BOOKED,
                AppointmentStatus.CANCELLED,
            )
        }
        self.video_button = QPushButton()
        self.video_button.setObjectName("primary")
        self.video_state = StyledLabel("chartField", wrap=True)
        self.edit_button = QPushButton()
        self.open_chart_button = QPushButton()

        # Two rows, so that a 1280-pixel screen shows every control whole: what is shown
        # (the period, whose agenda), then how to move around in it.
        top = QHBoxLayout()
        top.addWidget(self._title)
        top.addSpacing(12)
        top.addWidget(self.period_label, 1)
        top.addWidget(self.whose)
        tools = QHBoxLayout()
        tools.addWidget(self.today_button)
        tools.addWidget(self.previous_button)
        tools.addWidget(self.next_button)
        tools.addWidget(self.date_edit)
        tools.addSpacing(12)
        for button in self.range_buttons.values():
            tools.addWidget(button)
        tools.addStretch(1)
        tools.addWidget(self.undo_button)

        side = QVBoxLayout()
        side.addWidget(self._waiting_title)
        side.addWidget(self.waiting_table)
        side.addWidget(self.waiting_empty)
        side.addSpacing(12)
        side.addWidget(self._details_title)
        side.addWidget(self.details)
        actions = QVBoxLayout()
        actions.setSpacing(6)
        actions.addWidget(self.video_button)
        actions.addWidget(self.video_state)
        for button in self.status_buttons.values():
            actions.addWidget(button)
        actions.addWidget(self.edit_button)
        actions.addWidget(self.open_chart_button)
        side.addLayout(actions)
        side.addStretch(1)
        side_panel = QWidget()
        side_panel.setObjectName("agendaSide")
        side_panel.setLayout(side)
        side_panel.setFixedWidth(270)

        middle = QHBoxLayout()
        middle.addWidget(self.grid, 1)
        middle.addWidget(side_panel)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(tools)
        layout.addWidget(self.error_label)
        layout.addLayout(middle, 1)

        self.today_button.clicked.connect(self.go_today)
        self.previous_button.clicked.connect(lambda: self.step(-1))
        self.next_button.clicked.connect(lambda: self.step(1))
        self.date_edit.dateChanged.connect(self._on_date_edit_date_changed)
        for agenda_range, button in self.range_buttons.items():
            button.clicked.connect(lambda _c=False, r=agenda_range: self.set_range(r))
        self.whose.currentIndexChanged.connect(lambda _i: self.reload())
        self.undo_button.clicked.connect(self.undo)
        self.grid.move_requested.connect(self._on_grid_move_requested)
        self.grid.resize_requested.connect(self._on_grid_resize_requested)
        self.grid.create_requested.connect(self._on_grid_create_requested)
        self.grid.selection_changed.connect(lambda _id: self._show_selected())
        self.grid.appointment_activated.connect(self._on_grid_appointment_activated)
        self.grid.context_menu_requested.connect(self._on_grid_context_menu_requested)
        self.waiting_table.activated.connect(self._on_waiting_table_activated)
        self.waiting_table.clicked.connect(self._on_waiting_table_activated)
        for status, button in self.status_buttons.items():
            button.clicked.connect(lambda _c=False, s=status: self.change_selected_status(s))
        self.video_button.clicked.connect(self._on_video_button_clicked)
        self.edit_button.clicked.connect(self.edit_selected)
        self.open_chart_button.clicked.connect(self._open_selected_chart)

        shortcuts: list[
            tuple[str | QKeySequence | QKeySequence.StandardKey, Callable[[], None]]
        ] = [
            ("T", self.go_today),
            (QKeySequence(Qt.Key.Key_PageUp), lambda: self.step(-1)),
            (QKeySequence(Qt.Key.Key_PageDown), lambda: self.step(1)),
            ("Alt+1", lambda: self.set_range(AgendaRange.DAY)),
            ("Alt+2", lambda: self.set_range(AgendaRange.WORK_WEEK)),
            ("Alt+3", lambda: self.set_range(AgendaRange.WEEK)),
            ("Ctrl+G", self._focus_date),
            (QKeySequence.StandardKey.New, self.book_next_free),
            (QKeySequence.StandardKey.Undo, self.undo),
            ("Ctrl+E", self.edit_selected),
            ("Ctrl+Shift+A", lambda: self.change_selected_status(AppointmentStatus.ARRIVED)),
            (
                "Ctrl+Shift+C",
                lambda: self.change_selected_status(AppointmentStatus.IN_CONSULTATION),
            ),
            ("Ctrl+Shift+T", lambda: self.change_selected_status(AppointmentStatus.FULFILLED)),
        ]
        for key, slot in shortcuts:
            shortcut = QShortcut(QKeySequence(key), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(slot)

        self._now_timer = QTimer(self)
        self._now_timer.setInterval(NOW_TICK_MS)
        self._now_timer.timeout.connect(self._tick)
        self._now_timer.start()
        self._room_timer = QTimer(self)
        self._room_timer.setInterval(ROOM_POLL_MS)
        self._room_timer.timeout.connect(self.refresh_room)
        self._room_timer.start()
        self._retranslate()
        self._sync_date_edit()
        self._show_selected()
        self._runner.start(self._load_practitioners())

    # -- what the workstation and the tests use --------------------------------------

    @property
    def anchor(self) -> date:
        return self._anchor

    @property
    def agenda_range(self) -> AgendaRange:
        return self._range

    def appointment(self, appointment_id: str) -> Appointment | None:
        return self._appointments.get(appointment_id)

    def busy(self) -> bool:
        """A load or a change is under way (or a question waits for its answer)."""
        return self._runner.busy

    def shown(self) -> list[Appointment]:
        """The appointments in the columns shown, as last loaded."""
        return list(self._appointments.values())

    def columns(self) -> list[AgendaColumn]:
        """The columns shown: each day, each chosen practitioner."""
        chosen = self._chosen_practitioners()
        return [
            AgendaColumn(day, p.ref, p.name)
            for day in self._range.days(self._anchor)
            for p in chosen
        ]

    @staticmethod
    def opening_hours(spans: list[tuple[datetime, datetime]], zone: tzinfo) -> tuple[int, int]:
        """The practice's hours as its Slots and appointments show them (their earliest
        start's hour to their latest end, whole hours, local time); OPENING_HOURS when
        there is nothing to go by. Cabinet has no opening-hours setting of its own: the
        Schedules' Slots are where a practice says when it consults."""
        if not spans:
            return OPENING_HOURS
        local = [(start.astimezone(zone), end.astimezone(zone)) for start, end in spans]
        opens = min(start.hour for start, _end in local)
        closes = max(
            24 if end.date() > start.date() else end.hour + (1 if end.minute or end.second else 0)
            for start, end in local
        )
        return opens, max(closes, opens + 1)

    def go_today(self) -> None:
        self.go_to(self._today())
        self.grid.scroll_to_time(max(OPENING_HOURS[0], self._now().hour - 1))

    def go_to(self, day: date) -> None:
        if day != self._anchor:
            self._anchor = day
            self._sync_date_edit()
        self.reload()

    def step(self, direction: int) -> None:
        self.go_to(self._range.step(self._anchor, direction))

    def set_range(self, agenda_range: AgendaRange) -> None:
        self._range = agenda_range
        self.range_buttons[agenda_range].setChecked(True)
        self.reload()

    def show_practitioners(self, refs: str) -> None:
        """``ALL_PRACTITIONERS`` or one practitioner's reference."""
        index = self.whose.findData(refs)
        if index >= 0:
            self.whose.setCurrentIndex(index)

    def reload(self) -> None:
        self._load_seq += 1
        self._runner.start(self._load(self._load_seq))

    def refresh_if(self, changes: ChangeSet) -> None:
        """Sync (or another view) changed resources: reload if the agenda shows them."""
        if any(changes.touches(t) for t in ("Appointment", "Slot", "Encounter", "Flag")):
            self.reload()
        elif changes.touches("Schedule"):
            self._runner.start(self._load_practitioners())

    def change_selected_status(self, status: AppointmentStatus) -> None:
        selected = self._selected()
        if selected is None or not selected.status.can_become(status) or self.prompt:
            return
        self._runner.start(self._change_status(selected, status))

    async def _change_status(self, selected: Appointment, status: AppointmentStatus) -> None:
        reason = ""
        if status is AppointmentStatus.CANCELLED:
            text = await self._ask_reason(self.tr("Annuler le rendez-vous"))
            if text is None:
                return
            reason = text
        await self._apply_now(self._service.set_status(selected.id, status, reason))

    def edit_selected(self) -> None:
        """The selected appointment's reason, duration, kind and note, in a form."""
        selected = self._selected()
        if selected is None or not selected.status.holds_time or self.edit_dialog is not None:
            return
        dialog = AppointmentEditDialog(selected, conflicts=self._service.conflicts, parent=self)
        dialog.edit_requested.connect(
            lambda reason, note, video, minutes: self._runner.start(
                self._edit(selected, reason, note, video, minutes)
            )
        )
        dialog.finished.connect(self._on_edit_dialog_finished)
        self.edit_dialog = dialog
        dialog.open()

    async def _edit(
        self, appointment: Appointment, reason: str, note: str, video: bool, minutes: int
    ) -> None:
        scope = await self._ask_scope(appointment, self.tr("Modifier"))
        if scope is not None:
            await self._apply_now(
                self._service.edit(
                    appointment.id,
                    reason=reason,
                    note=note,
                    teleconsultation=video,
                    minutes=minutes if minutes != appointment.minutes else None,
                    scope=scope,
                )
            )

    def _on_edit_dialog_finished(self, _result: int) -> None:
        if self.edit_dialog is not None:
            self.edit_dialog.deleteLater()
        self.edit_dialog = None

    def record_call(self, appointment_id: str, started: bool) -> None:
        """A teleconsultation's call began (in consultation) or ended (done): the
        appointment and its Encounter say so, as the buttons would."""
        wanted = AppointmentStatus.IN_CONSULTATION if started else AppointmentStatus.FULFILLED
        self._runner.start(self._record_call(appointment_id, wanted))

    def record_call_started(self, appointment_id: str) -> None:
        self.record_call(appointment_id, started=True)

    def record_call_ended(self, appointment_id: str) -> None:
        self.record_call(appointment_id, started=False)

    async def _record_call(self, appointment_id: str, wanted: AppointmentStatus) -> None:
        current = await self._service.appointment(appointment_id)
        if current is not None and current.status.can_become(wanted):
            await self._apply_now(self._service.set_status(appointment_id, wanted))

    def book_next_free(self) -> None:
        """Ctrl+N: the booking form on the next free Slot shown (from now on), else on
        the next quarter hour of the first practitioner shown."""
        now = self._now()
        chosen = self._chosen_practitioners()
        if not chosen:
            return
        refs = {p.ref for p in chosen}
        free = next(
            ((ref, s, e) for ref, s, e, _slot in self._free_slots if ref in refs and s >= now),
            None,
        )
        if free is None:
            start = (now + timedelta(minutes=15 - now.minute % 15)).replace(second=0, microsecond=0)
            free = (chosen[0].ref, start, start + timedelta(minutes=20))
        self._on_grid_create_requested(free[1], free[2], free[0])

    def undo(self) -> None:
        if self._service.can_undo:
            self._apply(self._service.undo())

    # -- loading ---------------------------------------------------------------------

    async def _load_practitioners(self) -> None:
        people = await self._service.practitioners()
        self._practitioners = people
        current = self.whose.currentData()
        self.whose.blockSignals(True)
        self.whose.clear()
        self.whose.addItem(self.tr("Tous les praticiens"), ALL_PRACTITIONERS)
        for person in people:
            self.whose.addItem(person.name, person.ref)
        wanted = current or (self._me if any(p.ref == self._me for p in people) else None)
        index = self.whose.findData(wanted) if wanted else 0
        self.whose.setCurrentIndex(max(0, index))
        self.whose.blockSignals(False)
        self.reload()

    async def _load(self, seq: int) -> None:
        days = self._range.days(self._anchor)
        zone = self._service.zone
        start = datetime.combine(days[0], time(0), zone)
        end = datetime.combine(days[-1] + timedelta(days=1), time(0), zone)
        chosen = self._chosen_practitioners()
        refs = {p.ref for p in chosen}
        appointments = await self._service.appointments(start, end, refs)
        slots = await self._service.free_slots(start, end, chosen)
        waiting = await self._service.waiting_room()
        flags = await self._service.flags()
        if seq != self._load_seq:
            return  # a later navigation's load is under way
        self._appointments = {a.id: a for a in appointments}
        self._free_slots = slots
        self.grid.set_opening_hours(
            *self.opening_hours(
                [(s, e) for _ref, s, e, _slot in slots]
                + [(a.start, a.end) for a in appointments if a.status.holds_time],
                zone,
            )
        )
        self.grid.set_columns(self.columns())
        self.grid.set_flagged(flags)
        self.grid.set_free_slots([(ref, s, e) for ref, s, e, _slot in slots])
        self.grid.set_appointments(appointments)
        self.grid.set_now(self._now())
        self.waiting_model.set_rows(
            [(a, t) for a, t in waiting if refs and a.practitioner_ref in refs]
        )
        self.waiting_model.set_now(self._now())
        self._show_waiting_empty()
        self.period_label.setText(self._period_text(days))
        self.undo_button.setEnabled(self._service.can_undo)
        self.error_label.setVisible(False)
        self._show_selected()
        self.did_load.emit(len(appointments))

    # -- changes from the grid -------------------------------------------------------

    def _on_grid_move_requested(
        self, appointment_id: str, start: datetime, end: datetime, practitioner_ref: str
    ) -> None:
        self._runner.start(self._move(appointment_id, start, end, practitioner_ref))

    def _on_grid_resize_requested(
        self, appointment_id: str, start: datetime, end: datetime
    ) -> None:
        moving = self._appointments.get(appointment_id)
        if moving is not None:
            self._runner.start(self._move(appointment_id, start, end, moving.practitioner_ref))

    async def _move(
        self, appointment_id: str, start: datetime, end: datetime, practitioner_ref: str
    ) -> None:
        moving = self._appointments.get(appointment_id)
        if moving is None:
            return
        clash = await self._service.conflicts(practitioner_ref, start, end, {appointment_id})
        if clash and not await self._confirm_overlap(clash[0]):
            self.grid.set_appointments(list(self._appointments.values()))
            return
        scope = await self._ask_scope(moving, self.tr("Déplacer"))
        if scope is None:
            self.grid.set_appointments(list(self._appointments.values()))
            return
        practitioner = None
        if practitioner_ref != moving.practitioner_ref:
            person = next((p for p in self._practitioners if p.ref == practitioner_ref), None)
            practitioner = (practitioner_ref, person.name if person else "")
        await self._apply_now(
            self._service.reschedule(appointment_id, start, end, practitioner, scope)
        )

    def _on_grid_create_requested(
        self, start: datetime, end: datetime, practitioner_ref: str
    ) -> None:
        if self.dialog is not None:
            self.dialog.raise_()
            return
        person = next((p for p in self._practitioners if p.ref == practitioner_ref), None)
        if person is None:
            return
        slot = next(
            (
                (s, e, ref)
                for owner, s, e, ref in self._free_slots
                if owner == practitioner_ref and s <= start < e
            ),
            None,
        )
        if slot is not None and end <= slot[1]:
            start, end = slot[0], slot[1]  # a click (or a drag) inside a free Slot books it
        slot_ref = slot[2] if slot is not None else None
        dialog = BookingDialog(
            start,
            end,
            (person.ref, person.name),
            search=self._search_patients,
            conflicts=self._service.conflicts,
            save_patient=self._save_patient,
            default_system=self._default_system,
            slot_ref=slot_ref,
            open_vitale=self._open_vitale,
            parent=self,
        )
        dialog.booking_requested.connect(self._on_dialog_booking_requested)
        dialog.finished.connect(self._on_dialog_finished)
        self.dialog = dialog
        dialog.open()

    def _on_dialog_booking_requested(
        self, draft: AppointmentDraft, recurrence: RecurrenceRule | None
    ) -> None:
        self._apply(self._book(draft, recurrence))

    async def _book(self, draft: AppointmentDraft, recurrence: RecurrenceRule | None) -> ChangeSet:
        made, changes = await self._service.book(draft, recurrence)
        if made:
            self.grid.select(made[0].id)
        return changes

    def _on_dialog_finished(self, _result: int) -> None:
        if self.dialog is not None:
            self.dialog.deleteLater()
        self.dialog = None

    def _on_grid_appointment_activated(self, appointment_id: str) -> None:
        self.grid.select(appointment_id)
        self._open_selected_chart()

    def _on_grid_context_menu_requested(self, appointment_id: str, where: QPoint) -> None:
        self.grid.select(appointment_id)
        selected = self._appointments.get(appointment_id)
        if selected is None:
            return
        menu = QMenu(self)
        for status in self.status_buttons:
            if selected.status.can_become(status):
                action = menu.addAction(self._status_action_text(status))
                action.triggered.connect(lambda _c=False, s=status: self.change_selected_status(s))
        if selected.series_id is not None and selected.status.can_become(
            AppointmentStatus.CANCELLED
        ):
            menu.addAction(self.tr("Annuler la série à partir de celui-ci…")).triggered.connect(
                self._cancel_following
            )
        if selected.status.holds_time:
            menu.addAction(self.tr("Modifier…")).triggered.connect(self.edit_selected)
        menu.addSeparator()
        menu.addAction(self.tr("Ouvrir le dossier du patient")).triggered.connect(
            self._open_selected_chart
        )
        menu.popup(where)

    def _cancel_following(self) -> None:
        selected = self._selected()
        if selected is not None and self.prompt is None:
            self._runner.start(self._cancel_series(selected))

    async def _cancel_series(self, selected: Appointment) -> None:
        text = await self._ask_reason(self.tr("Annuler la série"))
        if text is not None:
            await self._apply_now(
                self._service.cancel_series(selected.id, text, SeriesScope.FOLLOWING)
            )

    # -- side panel ------------------------------------------------------------------

    def _on_waiting_table_activated(self, index: object) -> None:
        row = getattr(index, "row", lambda: -1)()
        waiting = self.waiting_model.row_at(row)
        if waiting is not None:
            self.grid.select(waiting[0].id)
            self._show_selected()

    def _on_video_button_clicked(self) -> None:
        selected = self._selected()
        if selected is not None and selected.teleconsultation:
            self.teleconsultation_requested.emit(selected.id)

    def _open_selected_chart(self) -> None:
        selected = self._selected()
        if selected is not None and selected.patient_ref is not None:
            self.patient_requested.emit(selected.patient_ref)

    def refresh_room(self) -> None:
        """Asks the server now whether the selected teleconsultation's patient has joined."""
        selected = self._selected()
        if self._rooms is not None and selected is not None and selected.teleconsultation:
            self._runner.start(self._refresh_room(selected.id))

    async def _refresh_room(self, appointment_id: str) -> None:
        assert self._rooms is not None  # noqa: S101 - asked only with a rooms service
        try:
            state: RoomState | None = await self._rooms(appointment_id)
        except ConnectionError:
            state = None
        self._room = (appointment_id, state)
        self._show_room()

    def _show_room(self) -> None:
        selected = self._selected()
        known = self._room if self._room and selected and self._room[0] == selected.id else None
        self.video_state.setText(self.room_text(known[1] if known else None, self._now()))

    def room_text(self, state: RoomState | None, now: datetime) -> str:
        """The virtual waiting room in words; None: the server could not say."""
        if self._rooms is None:
            return self.tr("Salle d'attente virtuelle : indisponible hors connexion au serveur.")
        if state is None:
            return self.tr("Salle d'attente virtuelle : état inconnu (serveur injoignable).")
        if state.patient is RoomPresence.ADMITTED:
            return self.tr("Le patient est en consultation vidéo.")
        if state.patient is RoomPresence.WAITING:
            if state.waiting_since is None:
                return self.tr("Le patient attend dans la salle d'attente virtuelle.")
            minutes = max(0, int((now - state.waiting_since).total_seconds() // 60))
            return self.tr(
                "Le patient attend dans la salle d'attente virtuelle depuis {n} min."
            ).format(n=minutes)
        return self.tr("Le patient n'est pas encore connecté.")

    def _show_selected(self) -> None:
        selected = self._selected()
        if (
            selected is not None
            and selected.teleconsultation
            and (self._room is None or self._room[0] != selected.id)
        ):
            # Another teleconsultation selected: asked now, not at the next tick.
            self._room = None
            if self._rooms is None:
                self._show_room()
            else:
                self.video_state.setText(self.tr("Salle d'attente virtuelle : vérification…"))
                self.refresh_room()
        for status, button in self.status_buttons.items():
            button.setVisible(selected is not None and selected.status.can_become(status))
        self.video_button.setVisible(selected is not None and selected.teleconsultation)
        self.video_state.setVisible(selected is not None and selected.teleconsultation)
        self.edit_button.setVisible(selected is not None and selected.status.holds_time)
        self.open_chart_button.setVisible(selected is not None and selected.patient_ref is not None)
        if selected is None:
            self.details.setText(
                self.tr(
                    "Choisissez un rendez-vous dans l'agenda, ou faites glisser la souris sur "
                    "un créneau libre pour en créer un."
                )
            )
            return
        lines = [
            selected.patient_name or self.tr("Sans patient"),
            self.tr("{day}, {start}–{end} ({minutes} min)").format(
                day=DateText.long(selected.start.date()),
                start=selected.start.strftime("%H:%M"),
                end=selected.end.strftime("%H:%M"),
                minutes=selected.minutes,
            ),
            selected.practitioner_name,
            AppointmentStyle.label(selected.status),
        ]
        if selected.teleconsultation:
            lines.append(AppointmentStyle.teleconsultation_label())
        if selected.reason:
            lines.append(self.tr("Motif : {reason}").format(reason=selected.reason))
        if selected.note:
            lines.append(self.tr("Note : {note}").format(note=selected.note))
        if selected.cancel_reason:
            lines.append(self.tr("Annulé : {reason}").format(reason=selected.cancel_reason))
        if selected.series_id is not None:
            lines.append(self.tr("Rendez-vous récurrent"))
        self.details.setText("\n".join(lines))

    def _show_waiting_empty(self) -> None:
        empty = self.waiting_model.rowCount() == 0
        self.waiting_table.setVisible(not empty)
        self.waiting_empty.setVisible(empty)

    # -- helpers ---------------------------------------------------------------------

    def _apply(self, work: Awaitable[ChangeSet]) -> None:
        self._runner.start(self._apply_now(work))

    async def _apply_now(self, work: Awaitable[ChangeSet]) -> None:
        try:
            changes = await work
        except AgendaError:
            self._show_error(self.tr("Ce changement n'est pas possible pour ce rendez-vous."))
            self.reload()
            return
        if changes:
            self.changes_did_happen.emit(changes)
        self.reload()

    def _selected(self) -> Appointment | None:
        selected = self.grid.selected_id()
        return self._appointments.get(selected) if selected is not None else None

    def _chosen_practitioners(self) -> list[AgendaPractitioner]:
        wanted = self.whose.currentData()
        if wanted in (None, ALL_PRACTITIONERS):
            return list(self._practitioners)
        return [p for p in self._practitioners if p.ref == wanted]

    async def _answer(self, box: QMessageBox | QInputDialog) -> int:
        """Shows ``box`` window-modal and waits for its answer. Not ``exec()``: a nested
        event loop inside a running asyncio task would re-enter the qasync loop."""
        done: asyncio.Future[int] = asyncio.get_running_loop().create_future()

        def finished(result: int) -> None:
            if not done.done():
                done.set_result(result)

        box.finished.connect(finished)
        box.setWindowModality(Qt.WindowModality.WindowModal)
        self.prompt = box
        box.open()
        try:
            return await done
        finally:
            self.prompt = None
            box.deleteLater()

    async def _ask_reason(self, title: str) -> str | None:
        """The cancellation reason typed (None: the user gave up)."""
        box = QInputDialog(self)
        box.setWindowTitle(title)
        box.setLabelText(self.tr("Motif de l'annulation (il reste dans le dossier) :"))
        box.setInputMode(QInputDialog.InputMode.TextInput)
        if await self._answer(box) != QDialog.DialogCode.Accepted:
            return None
        return box.textValue().strip()

    async def _confirm_overlap(self, other: Appointment) -> bool:
        box = QMessageBox(
            QMessageBox.Icon.Warning,
            self.tr("Chevauchement"),
            self.tr(
                "Ce créneau chevauche le rendez-vous de {time} ({patient}). Déplacer quand même ?"
            ).format(time=other.start.strftime("%H:%M"), patient=other.patient_name),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            self,
        )
        box.setDefaultButton(QMessageBox.StandardButton.No)
        await self._answer(box)
        return box.clickedButton() is box.button(QMessageBox.StandardButton.Yes)

    async def _ask_scope(self, appointment: Appointment, verb: str) -> SeriesScope | None:
        """ONE for a single appointment; for a series, the user's choice (None: cancel)."""
        if appointment.series_id is None:
            return SeriesScope.ONE
        box = QMessageBox(self)
        box.setWindowTitle(self.tr("Rendez-vous récurrent"))
        box.setText(self.tr("Ce rendez-vous fait partie d'une série. {verb} :").format(verb=verb))
        choices: dict[object, SeriesScope] = {
            box.addButton(self.tr("Ce rendez-vous"), QMessageBox.ButtonRole.AcceptRole): (
                SeriesScope.ONE
            ),
            box.addButton(self.tr("Celui-ci et les suivants"), QMessageBox.ButtonRole.AcceptRole): (
                SeriesScope.FOLLOWING
            ),
            box.addButton(self.tr("Toute la série"), QMessageBox.ButtonRole.AcceptRole): (
                SeriesScope.ALL
            ),
        }
        box.addButton(QMessageBox.StandardButton.Cancel)
        await self._answer(box)
        return choices.get(box.clickedButton())

    def _show_error(self, text: str) -> None:
        self.error_label.setText(text)
        self.error_label.setVisible(True)

    def _on_task_failed(self, _exc: BaseException) -> None:
        self._show_error(
            self.tr("L'agenda n'a pas pu être mis à jour : réessayez ; rien n'a été perdu.")
        )

    def _tick(self) -> None:
        now = self._now()
        self.grid.set_now(now)
        self.waiting_model.set_now(now)

    def _now(self) -> datetime:
        return self._service.now()

    def _today(self) -> date:
        return self._now().date()

    def _focus_date(self) -> None:
        self.date_edit.setFocus()
        self.date_edit.selectAll()

    def _sync_date_edit(self) -> None:
        self.date_edit.blockSignals(True)
        self.date_edit.setDate(QDate(self._anchor.year, self._anchor.month, self._anchor.day))
        self.date_edit.blockSignals(False)

    def _on_date_edit_date_changed(self, value: QDate) -> None:
        self.go_to(date(value.year(), value.month(), value.day()))

    def _period_text(self, days: list[date]) -> str:
        if len(days) == 1:
            return DateText.long(days[0])
        return self.tr("du {first} au {last}").format(
            first=DateText.long(days[0]), last=DateText.long(days[-1])
        )

    def _status_action_text(self, status: AppointmentStatus) -> str:
        return {
            AppointmentStatus.ARRIVED: self.tr("Arrivé (salle d'attente)"),
            AppointmentStatus.IN_CONSULTATION: self.tr("En consultation"),
            AppointmentStatus.FULFILLED: self.tr("Terminé"),
            AppointmentStatus.NO_SHOW: self.tr("Absent"),
            AppointmentStatus.BOOKED: self.tr("Remettre à « Prévu »"),
            AppointmentStatus.CANCELLED: self.tr("Annuler le rendez-vous…"),
        }[status]

    def _retranslate(self) -> None:
        self._title.setText(self.tr("Agenda"))
        self.today_button.setText(self.tr("Aujourd'hui"))
        self.today_button.setToolTip(self.tr("Aller à aujourd'hui (T)"))
        self.previous_button.setToolTip(self.tr("Période précédente (Page préc.)"))
        self.next_button.setToolTip(self.tr("Période suivante (Page suiv.)"))
        self.range_buttons[AgendaRange.DAY].setText(self.tr("Jour"))
        self.range_buttons[AgendaRange.WORK_WEEK].setText(self.tr("Semaine de travail"))
        self.range_buttons[AgendaRange.WEEK].setText(self.tr("Semaine"))
        self.undo_button.setText(self.tr("Annuler la modification"))
        self.undo_button.setToolTip(self.tr("Annuler le dernier changement (Ctrl+Z)"))
        self._waiting_title.setText(self.tr("Salle d'attente"))
        self.waiting_empty.setText(self.tr("Personne n'attend."))
        self._details_title.setText(self.tr("Rendez-vous"))
        for status, button in self.status_buttons.items():
            button.setText(self._status_action_text(status))
        self.video_button.setText(self.tr("Démarrer la téléconsultation"))
        self.edit_button.setText(self.tr("Modifier…"))
        self.edit_button.setToolTip(self.tr("Motif, durée, type, note (Ctrl+E)"))
        self.open_chart_button.setText(self.tr("Ouvrir le dossier"))
        if self.whose.count():
            self.whose.setItemText(0, self.tr("Tous les praticiens"))
        self.waiting_model.retranslate()
        self._show_selected()
        self._show_waiting_empty()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        super().changeEvent(event)
