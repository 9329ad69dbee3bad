"""One patient who may be the card's holder, why they are shown, and « Ouvrir ce dossier »."""

from PySide6.QtCore import QCoreApplication, QEvent, Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from app.domain.patient import Patient
from app.domain.vitale_beneficiary import VitaleBeneficiary
from ui.front_desk.patient_identity_text import PatientIdentityText
from ui.styled_label import StyledLabel


class VitaleCandidateWidget(QFrame):
    """``open_requested`` carries the patient; the staff decides, not the software."""

    open_requested = Signal(object)  # Patient

    def __init__(
        self, patient: Patient, beneficiary: VitaleBeneficiary, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("conflictField")
        # Never squeezed below its two lines: the dialog grows instead.
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self.patient = patient
        self.beneficiary = beneficiary
        self.name = StyledLabel("conflictFieldName")
        self.details = StyledLabel("chartField", wrap=True)
        self.reason = StyledLabel("conflictBase", wrap=True)
        self.open_button = QPushButton()
        self.open_button.clicked.connect(self._on_open_button_clicked)
        # Name and why it is shown on the first line, birth and INS under it.
        first = QHBoxLayout()
        first.setSpacing(10)
        first.addWidget(self.name)
        first.addWidget(self.reason, 1)
        texts = QVBoxLayout()
        texts.setSpacing(2)
        texts.addLayout(first)
        texts.addWidget(self.details)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(12, 6, 12, 6)
        layout.addLayout(texts, 1)
        layout.addWidget(self.open_button)
        self._retranslate()

    def carries_nir(self) -> bool:
        """Whether this patient holds the card's NIR in any of its INS identifiers."""
        return self.holds_nir(self.patient, self.beneficiary)

    @staticmethod
    def holds_nir(patient: Patient, beneficiary: VitaleBeneficiary) -> bool:
        nir = beneficiary.nir.replace(" ", "").upper()
        if patient.ins is not None and patient.ins.value == nir:
            return True
        return any(
            str(i.get("value", "")).replace(" ", "").upper() == nir
            for i in patient.source.get("identifier", [])
        )

    def _reason(self) -> str:
        p, b = self.patient, self.beneficiary
        if self.carries_nir():
            if b.birth_date is not None and p.birth_date == b.birth_date:
                return QCoreApplication.translate(
                    "VitaleCandidateWidget", "Même NIR : plusieurs dossiers portent ce NIR"
                )
            return QCoreApplication.translate(
                "VitaleCandidateWidget", "Même NIR, mais date de naissance différente"
            )
        if p.ins is None:
            return QCoreApplication.translate(
                "VitaleCandidateWidget", "Même nom et même date de naissance, dossier sans NIR"
            )
        return QCoreApplication.translate(
            "VitaleCandidateWidget", "Même nom et même date de naissance, mais autre NIR"
        )

    def _on_open_button_clicked(self) -> None:
        self.open_requested.emit(self.patient)

    def _retranslate(self) -> None:
        self.name.setText(self.patient.display_name)
        self.details.setText(PatientIdentityText.line(self.patient))
        self.reason.setText("— " + self._reason())
        self.open_button.setText(self.tr("Ouvrir ce dossier"))
        self.open_button.setAccessibleName(
            self.tr("Ouvrir le dossier de {name}").format(name=self.patient.display_name)
        )

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        super().changeEvent(event)
