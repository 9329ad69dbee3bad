"""Booking an appointment: the patient (found as you type, or created), why, how long, how.

Opened by a click-and-drag on free time or on a free Slot; the time and practitioner
come from there. The patient search is the Patients section's (name, birth date or
INS as typed); « Carte Vitale… » reads the card in the reader (the front desk's
dialog: the holder found by INS, or created from the card); « Nouveau patient… » opens
the same identity form, with its INS and identity-vigilance checks. Before booking, the
practitioner's appointments at that time are looked up: an overlap is said in plain
words and needs a second click.

The dialog is window-modal, so the interface language cannot change while it is open:
its texts are set once.
"""

from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.domain.appointment import Appointment
from app.domain.identifier_system import IdentifierSystem
from app.domain.patient import Patient
from app.domain.recurrence_rule import RecurrenceRule
from app.services.appointment_draft import AppointmentDraft
from app.services.patient_draft import PatientDraft
from ui.agenda.appointment_fields import AppointmentFields
from ui.date_text import DateText
from ui.front_desk.vitale_dialog import VitaleDialog
from ui.patients.patient_edit_dialog import PatientEditDialog
from ui.styled_label import StyledLabel
from ui.task_runner import TaskRunner

SEARCH_DELAY_MS = 150
SEARCH_LIMIT = 20
Search = Callable[[str], Awaitable[list[Patient]]]
Conflicts = Callable[[str, datetime, datetime], Awaitable[list[Appointment]]]
SavePatient = Callable[[PatientDraft, Patient | None], Awaitable[Patient]]
OpenVitale = Callable[[QWidget], VitaleDialog]


class BookingDialog(QDialog):
    """``booking_requested(AppointmentDraft, RecurrenceRule | None)`` when confirmed."""

    booking_requested = Signal(object, object)

    def __init__(
        self,
        start: datetime,
        end: datetime,
        practitioner: tuple[str, str],
        *,
        search: Search,
        conflicts: Conflicts,
        save_patient: SavePatient,
        default_system: IdentifierSystem,
        slot_ref: str | None = None,
        open_vitale: OpenVitale | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.setWindowTitle(self.tr("Nouveau rendez-vous"))
        self._start = start
        self._practitioner = practitioner
        self._search = search
        self._conflicts = conflicts
        self._save_patient = save_patient
        self._default_system = default_system
        self._slot_ref = slot_ref
        self._runner = TaskRunner(self._on_task_failed)
        self._seq = 0
        self._confirmed_overlap = False
        self.patient: Patient | None = None
        self.patient_dialog: PatientEditDialog | None = None
        self.vitale_dialog: VitaleDialog | None = None
        self._open_vitale = open_vitale

        local = start
        when = StyledLabel("chartName", wrap=True)
        when.setText(
            self.tr("{day} à {time} — {practitioner}").format(
                day=DateText.long(local.date()),
                time=local.strftime("%H:%M"),
                practitioner=practitioner[1],
            )
        )
        self.patient_search = QLineEdit()
        self.patient_search.setObjectName("patientSearch")
        self.patient_search.setPlaceholderText(
            self.tr("Nom, date de naissance (jj/mm/aaaa) ou INS")
        )
        self.patient_search.setClearButtonEnabled(True)
        self.results = QListWidget()
        self.results.setMaximumHeight(150)
        self.new_patient_button = QPushButton(self.tr("Nouveau patient…"))
        self.vitale_button = QPushButton(self.tr("Carte Vitale…"))
        self.vitale_button.setVisible(open_vitale is not None)
        self.chosen = StyledLabel("chartField", wrap=True)
        self.fields = AppointmentFields(int((end - start).total_seconds() // 60), self)
        self.repeat = QComboBox()
        self.repeat.addItem(self.tr("Une seule fois"), 0)
        self.repeat.addItem(self.tr("Chaque semaine"), 1)
        self.repeat.addItem(self.tr("Toutes les 2 semaines"), 2)
        self.repeat.addItem(self.tr("Toutes les 4 semaines"), 4)
        self.occurrences = QSpinBox()
        self.occurrences.setRange(2, 104)
        self.occurrences.setValue(10)
        self.occurrences.setSuffix(self.tr(" fois"))
        self.occurrences.setEnabled(False)
        self.repeat.currentIndexChanged.connect(
            lambda _i: self.occurrences.setEnabled(bool(self.repeat.currentData()))
        )
        self.warning = StyledLabel("fieldError", wrap=True, visible=False)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.book_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.book_button.setText(self.tr("Réserver"))
        self.book_button.setEnabled(False)
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Annuler"))
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)

        search_row = QHBoxLayout()
        search_row.addWidget(self.patient_search, 1)
        search_row.addWidget(self.vitale_button)
        search_row.addWidget(self.new_patient_button)
        repeat_row = QHBoxLayout()
        repeat_row.addWidget(self.repeat, 1)
        repeat_row.addWidget(self.occurrences)
        form = QFormLayout()
        form.addRow(self.tr("Patient"), search_row)
        form.addRow("", self.results)
        form.addRow("", self.chosen)
        self.fields.add_rows(form)
        form.addRow(self.tr("Répétition"), repeat_row)
        layout = QVBoxLayout(self)
        layout.addWidget(when)
        layout.addLayout(form)
        layout.addWidget(self.warning)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(560)

        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(SEARCH_DELAY_MS)
        self._debounce.timeout.connect(self._run_search)
        self.patient_search.textChanged.connect(lambda _t: self._debounce.start())
        self.results.itemActivated.connect(self._on_result_chosen)
        self.results.itemClicked.connect(self._on_result_chosen)
        self.new_patient_button.clicked.connect(self._new_patient)
        self.vitale_button.clicked.connect(self._read_vitale)
        for changed in (self.fields.duration.valueChanged, self.repeat.currentIndexChanged):
            changed.connect(self._forget_overlap)
        self._show_chosen()

    # -- what the tests and the agenda use -------------------------------------------

    def choose(self, patient: Patient) -> None:
        """The appointment is for ``patient``."""
        self.patient = patient
        self._show_chosen()

    def draft(self) -> AppointmentDraft | None:
        patient = self.patient
        if patient is None:
            return None
        end = self._start + timedelta(minutes=self.fields.minutes)
        return AppointmentDraft(
            start=self._start,
            end=end,
            practitioner_ref=self._practitioner[0],
            practitioner_name=self._practitioner[1],
            patient_ref=patient.reference,
            patient_name=patient.display_name,
            reason=self.fields.reason_text,
            note=self.fields.note_text,
            teleconsultation=self.fields.teleconsultation,
            slot_ref=self._slot_ref,
        )

    def recurrence(self) -> RecurrenceRule | None:
        weeks = int(self.repeat.currentData() or 0)
        return RecurrenceRule(weeks, self.occurrences.value()) if weeks else None

    def submit(self) -> None:
        """« Réserver »: checks the overlap first; a second click books anyway."""
        draft = self.draft()
        if draft is None:
            return
        self._runner.start(self._check_then_book(draft))

    # -- inside ----------------------------------------------------------------------

    async def _check_then_book(self, draft: AppointmentDraft) -> None:
        if not self._confirmed_overlap:
            clash = await self._conflicts(draft.practitioner_ref, draft.start, draft.end)
            if clash:
                self._confirmed_overlap = True
                first = clash[0]
                self.warning.setText(
                    self.tr(
                        "Ce créneau chevauche le rendez-vous de {time} ({patient}). "
                        "Cliquez à nouveau sur « Réserver » pour le réserver quand même."
                    ).format(
                        time=first.start.strftime("%H:%M"),
                        patient=first.patient_name or self.tr("sans patient"),
                    )
                )
                self.warning.setVisible(True)
                return
        self.booking_requested.emit(draft, self.recurrence())
        self.accept()

    def _forget_overlap(self) -> None:
        self._confirmed_overlap = False
        self.warning.setVisible(False)

    def _run_search(self) -> None:
        self._seq += 1
        self._runner.start(self._search_for(self._seq, self.patient_search.text()))

    async def _search_for(self, seq: int, text: str) -> None:
        found = await self._search(text) if text.strip() else []
        if seq != self._seq:
            return  # a later keystroke's search is under way
        self.results.clear()
        for patient in found[:SEARCH_LIMIT]:
            born = DateText.short(patient.birth_date) if patient.birth_date else ""
            item = QListWidgetItem(f"{patient.display_name}  {born}".strip())
            item.setData(Qt.ItemDataRole.UserRole, patient)
            self.results.addItem(item)

    def _on_result_chosen(self, item: QListWidgetItem) -> None:
        patient = item.data(Qt.ItemDataRole.UserRole)
        if isinstance(patient, Patient):
            self.choose(patient)

    def _new_patient(self) -> None:
        if self.patient_dialog is not None:
            self.patient_dialog.raise_()
            return
        dialog = PatientEditDialog(self._save_patient, None, self._default_system, self)
        dialog.patient_did_save.connect(self.choose)
        dialog.finished.connect(self._on_patient_dialog_finished)
        self.patient_dialog = dialog
        dialog.open()

    def _read_vitale(self) -> None:
        if self._open_vitale is None:
            return
        if self.vitale_dialog is not None:
            self.vitale_dialog.raise_()
            return
        dialog = self._open_vitale(self)
        dialog.patient_chosen.connect(self.choose)
        dialog.patient_created.connect(lambda patient, _changes: self.choose(patient))
        dialog.finished.connect(self._on_vitale_dialog_finished)
        self.vitale_dialog = dialog
        dialog.open()

    def _on_vitale_dialog_finished(self, _result: int) -> None:
        if self.vitale_dialog is not None:
            self.vitale_dialog.deleteLater()
        self.vitale_dialog = None

    def _on_patient_dialog_finished(self, _result: int) -> None:
        if self.patient_dialog is not None:
            self.patient_dialog.deleteLater()
        self.patient_dialog = None

    def _show_chosen(self) -> None:
        patient = self.patient
        if patient is None:
            self.chosen.setText(self.tr("Aucun patient choisi"))
        else:
            born = DateText.short(patient.birth_date) if patient.birth_date else "—"
            self.chosen.setText(
                self.tr("Pour : {name}, né(e) le {born}").format(
                    name=patient.display_name, born=born
                )
            )
        self.book_button.setEnabled(patient is not None)

    def _on_task_failed(self, _exc: BaseException) -> None:
        self.warning.setText(
            self.tr("Le rendez-vous n'a pas pu être vérifié : réessayez dans un instant.")
        )
        self.warning.setVisible(True)
