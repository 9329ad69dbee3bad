"""The patient in context, at the top of the window, whatever the section."""

from datetime import date

from PySide6.QtCore import QEvent, Signal
from PySide6.QtWidgets import QHBoxLayout, QToolButton, QVBoxLayout, QWidget

from app.domain.identifier_system import IdentifierSystem
from app.domain.patient import Patient
from ui.date_text import DateText
from ui.identity_labels import IdentityLabels
from ui.styled_label import StyledLabel


class PatientContextWidget(QWidget):
    """Name, sex, age, birth date and INS of the open chart; a button closes it."""

    close_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("patientContext")
        self.patient: Patient | None = None
        self._name = StyledLabel("contextName")
        self._details = StyledLabel("contextDetails")
        self._empty = StyledLabel("contextEmpty")
        self._close = QToolButton()
        self._close.setText("✕")
        self._close.setAutoRaise(True)
        self._close.clicked.connect(self.close_requested)
        texts = QVBoxLayout()
        texts.setSpacing(0)
        texts.addWidget(self._name)
        texts.addWidget(self._details)
        texts.addWidget(self._empty)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(16, 8, 12, 8)
        layout.addLayout(texts, 1)
        layout.addWidget(self._close)
        self.setAutoFillBackground(True)
        self._retranslate()

    def set_patient(self, patient: Patient | None) -> None:
        self.patient = patient
        self._retranslate()

    def _retranslate(self) -> None:
        p = self.patient
        self._close.setToolTip(self.tr("Fermer le dossier (Ctrl+W)"))
        self._empty.setText(self.tr("Aucun patient sélectionné"))
        self._empty.setVisible(p is None)
        self._name.setVisible(p is not None)
        self._details.setVisible(p is not None)
        self._close.setVisible(p is not None)
        if p is None:
            return
        self._name.setText(p.display_name)
        self._details.setText("   ·   ".join(self.details(p, date.today())))

    def details(self, p: Patient, today: date) -> list[str]:
        """The parts of the detail line under the name."""
        parts = [IdentityLabels.sex(p.gender)]
        age = p.age_on(today)
        if p.birth_date is not None and age is not None:
            born = DateText.short(p.birth_date)
            parts.append(self.tr("né(e) le {date} ({age} ans)").format(date=born, age=age))
        if p.ins is not None:
            label = self.tr("INS")
            if p.ins_system in (IdentifierSystem.INS_NIR_DEMO, IdentifierSystem.INS_NIR_TEST):
                label = self.tr("INS (fictif)")
            parts.append(f"{label} {p.ins.formatted()}")
        return parts

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        super().changeEvent(event)
