"""The header of the open chart: identity, INS and contact at a glance."""

from datetime import date

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QFormLayout, QFrame, QLabel, QVBoxLayout, QWidget

from app.domain.patient import Patient
from ui.date_text import DateText
from ui.identity_labels import IdentityLabels
from ui.styled_label import StyledLabel


class ChartHeaderWidget(QFrame):
    """Shows one patient, or an invitation to pick one."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("chartHeader")
        self.patient: Patient | None = None
        self._name = StyledLabel("chartName", wrap=True)
        self._hint = StyledLabel("contextEmpty", wrap=True)
        self._form = QFormLayout()
        self._labels: dict[str, QLabel] = {}
        self._values: dict[str, QLabel] = {}
        for key in ("sex", "birth", "ins", "ins_kind", "phone", "email"):
            label = StyledLabel("chartField")
            value = StyledLabel("chartValue")
            self._labels[key] = label
            self._values[key] = value
            self._form.addRow(label, value)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 14, 16, 14)
        layout.addWidget(self._name)
        layout.addWidget(self._hint)
        layout.addLayout(self._form)
        layout.addStretch(1)
        self._retranslate()

    def set_patient(self, patient: Patient | None) -> None:
        self.patient = patient
        self._retranslate()

    def value_text(self, key: str) -> str:
        return self._values[key].text()

    def _retranslate(self) -> None:
        p = self.patient
        self._hint.setText(self.tr("Sélectionnez un patient puis Entrée pour ouvrir son dossier."))
        self._hint.setVisible(p is None)
        self._name.setVisible(p is not None)
        for key in self._labels:
            self._labels[key].setVisible(p is not None)
            self._values[key].setVisible(p is not None)
        self._labels["sex"].setText(self.tr("Sexe"))
        self._labels["birth"].setText(self.tr("Naissance"))
        self._labels["ins"].setText(self.tr("INS / NIR"))
        self._labels["ins_kind"].setText(self.tr("Type d'identifiant"))
        self._labels["phone"].setText(self.tr("Téléphone"))
        self._labels["email"].setText(self.tr("E-mail"))
        if p is None:
            return
        self._name.setText(p.display_name)
        self._values["sex"].setText(IdentityLabels.sex(p.gender))
        if p.birth_date is not None:
            age = p.age_on(date.today())
            born = DateText.long(p.birth_date)
            self._values["birth"].setText(self.tr("{date} ({age} ans)").format(date=born, age=age))
        else:
            self._values["birth"].setText(self.tr("Non renseignée"))
        self._values["ins"].setText(p.ins.formatted() if p.ins else self.tr("Non renseigné"))
        self._values["ins_kind"].setText(IdentityLabels.ins_kind(p.ins_system) if p.ins else "—")
        self._values["phone"].setText(p.phone or "—")
        self._values["email"].setText(p.email or "—")

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        super().changeEvent(event)
