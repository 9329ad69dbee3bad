"""The fields an appointment's form has, booking or editing: reason, duration, kind, note.

One holder for both dialogs, so that the two forms read and behave the same way.
"""

from PySide6.QtCore import QObject
from PySide6.QtWidgets import (
    QButtonGroup,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPlainTextEdit,
    QRadioButton,
    QSpinBox,
    QWidget,
)

MIN_MINUTES = 5
MAX_MINUTES = 240


class AppointmentFields(QObject):
    """Widgets owned by the dialog they are added to (:meth:`add_rows`)."""

    def __init__(self, minutes: int, parent: QWidget) -> None:
        super().__init__(parent)
        self.reason = QLineEdit()
        self.reason.setPlaceholderText(self.tr("Motif de consultation"))
        self.duration = QSpinBox()
        self.duration.setRange(MIN_MINUTES, MAX_MINUTES)
        self.duration.setSingleStep(5)
        self.duration.setSuffix(self.tr(" min"))
        self.duration.setValue(max(MIN_MINUTES, min(minutes, MAX_MINUTES)))
        self.in_person = QRadioButton(self.tr("Au cabinet"))
        self.video = QRadioButton(self.tr("Téléconsultation"))
        self.in_person.setChecked(True)
        kinds = QButtonGroup(self)
        kinds.addButton(self.in_person)
        kinds.addButton(self.video)
        self.note = QPlainTextEdit()
        self.note.setPlaceholderText(self.tr("Note pour le cabinet (facultatif)"))
        self.note.setMaximumHeight(70)

    def add_rows(self, form: QFormLayout) -> None:
        kind_row = QHBoxLayout()
        kind_row.addWidget(self.in_person)
        kind_row.addWidget(self.video)
        kind_row.addStretch(1)
        form.addRow(self.tr("Motif"), self.reason)
        form.addRow(self.tr("Durée"), self.duration)
        form.addRow(self.tr("Type"), kind_row)
        form.addRow(self.tr("Note"), self.note)

    def fill(self, reason: str, note: str, teleconsultation: bool) -> None:
        self.reason.setText(reason)
        self.note.setPlainText(note)
        (self.video if teleconsultation else self.in_person).setChecked(True)

    @property
    def minutes(self) -> int:
        return self.duration.value()

    @property
    def reason_text(self) -> str:
        return self.reason.text().strip()

    @property
    def note_text(self) -> str:
        return self.note.toPlainText().strip()

    @property
    def teleconsultation(self) -> bool:
        return self.video.isChecked()
