"""Changing an appointment already booked: its reason, duration, kind and note.

The patient, the day and the practitioner stay (a move is a drag, or Alt+arrows, in the
grid). A longer appointment is checked against the practitioner's others first: an
overlap is said in plain words and needs a second click, as when booking. For a
recurring appointment the agenda then asks which of the series the change is for.
"""

from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QVBoxLayout, QWidget

from app.domain.appointment import Appointment
from ui.agenda.appointment_fields import AppointmentFields
from ui.date_text import DateText
from ui.styled_label import StyledLabel
from ui.task_runner import TaskRunner

# (practitioner, start, end) → the practitioner's other appointments at that time.
Conflicts = Callable[[str, datetime, datetime], Awaitable[list[Appointment]]]


class AppointmentEditDialog(QDialog):
    """``edit_requested(reason, note, teleconsultation, minutes)`` when confirmed."""

    edit_requested = Signal(str, str, bool, int)

    def __init__(
        self, appointment: Appointment, *, conflicts: Conflicts, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.setWindowTitle(self.tr("Modifier le rendez-vous"))
        self.appointment = appointment
        self._conflicts = conflicts
        self._confirmed_overlap = False
        self._runner = TaskRunner(self._on_task_failed)

        heading = StyledLabel("chartName", wrap=True)
        heading.setText(
            self.tr("{patient} — {day} à {time} — {practitioner}").format(
                patient=appointment.patient_name or self.tr("sans patient"),
                day=DateText.long(appointment.start.date()),
                time=appointment.start.strftime("%H:%M"),
                practitioner=appointment.practitioner_name,
            )
        )
        self.fields = AppointmentFields(appointment.minutes, self)
        self.fields.fill(appointment.reason, appointment.note, appointment.teleconsultation)
        self.warning = StyledLabel("fieldError", wrap=True, visible=False)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.save_button.setText(self.tr("Enregistrer"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Annuler"))
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        self.fields.duration.valueChanged.connect(self._forget_overlap)

        form = QFormLayout()
        self.fields.add_rows(form)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addLayout(form)
        layout.addWidget(self.warning)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(520)

    def submit(self) -> None:
        """« Enregistrer »: a longer appointment is checked for overlaps first."""
        self._runner.start(self._check_then_save())

    async def _check_then_save(self) -> None:
        fields = self.fields
        end = self.appointment.start + timedelta(minutes=fields.minutes)
        if end > self.appointment.end and not self._confirmed_overlap:
            clash = [
                other
                for other in await self._conflicts(
                    self.appointment.practitioner_ref, self.appointment.start, end
                )
                if other.id != self.appointment.id
            ]
            if clash:
                self._confirmed_overlap = True
                self.warning.setText(
                    self.tr(
                        "Ce créneau chevauche le rendez-vous de {time} ({patient}). "
                        "Cliquez à nouveau sur « Enregistrer » pour le garder quand même."
                    ).format(
                        time=clash[0].start.strftime("%H:%M"),
                        patient=clash[0].patient_name or self.tr("sans patient"),
                    )
                )
                self.warning.setVisible(True)
                return
        self.edit_requested.emit(
            fields.reason_text, fields.note_text, fields.teleconsultation, fields.minutes
        )
        self.accept()

    def _forget_overlap(self) -> None:
        self._confirmed_overlap = False
        self.warning.setVisible(False)

    def _on_task_failed(self, _exc: BaseException) -> None:
        self.warning.setText(
            self.tr("Le rendez-vous n'a pas pu être vérifié : réessayez dans un instant.")
        )
        self.warning.setVisible(True)
