"""Create or edit a patient's identity, with FR Core INS and a checked NIR key."""

from collections.abc import Awaitable, Callable

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from app.domain.identifier_system import IdentifierSystem
from app.domain.nir import Nir, NirError
from app.domain.patient import Patient
from app.services.field_error import FieldError, PatientInvalidError
from app.services.patient_draft import PatientDraft
from ui.field_messages import FieldMessages
from ui.identity_labels import INS_KINDS, SEXES, IdentityLabels
from ui.styled_label import StyledLabel
from ui.task_runner import TaskRunner

SaveFn = Callable[[PatientDraft, Patient | None], Awaitable[Patient]]
TEXT_FIELDS = ("family", "given", "birth_date", "nir", "phone", "email")


class PatientEditDialog(QDialog):
    """Window-modal form; ``patient_did_save`` carries the stored patient."""

    patient_did_save = Signal(object)

    def __init__(
        self,
        save: SaveFn,
        base: Patient | None,
        default_system: IdentifierSystem,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self._save = save
        self._base = base
        self._runner = TaskRunner(self._on_save_failed)
        self.edits: dict[str, QLineEdit] = {k: QLineEdit() for k in TEXT_FIELDS}
        for key, edit in self.edits.items():
            edit.setObjectName(key)
        self.errors: dict[str, QLabel] = {
            k: StyledLabel("fieldError", wrap=True) for k in (*TEXT_FIELDS, "form")
        }
        self.gender = QComboBox()
        self.ins_system = QComboBox()
        self.nir_status = StyledLabel("chartField", wrap=True)
        self._labels: dict[str, QLabel] = {}

        form = QFormLayout()
        for key in (
            "family",
            "given",
            "birth_date",
            "gender",
            "nir",
            "ins_system",
            "phone",
            "email",
        ):
            label = QLabel()
            self._labels[key] = label
            if key == "gender":
                form.addRow(label, self.gender)
                continue
            if key == "ins_system":
                form.addRow(label, self.ins_system)
                continue
            box = QVBoxLayout()
            box.setSpacing(2)
            box.addWidget(self.edits[key])
            if key == "nir":
                box.addWidget(self.nir_status)
            box.addWidget(self.errors[key])
            label.setBuddy(self.edits[key])
            form.addRow(label, box)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        QShortcut(QKeySequence.StandardKey.Save, self, self.submit)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.errors["form"])
        layout.addWidget(self.buttons)
        for label in self.errors.values():
            label.setVisible(False)
        self.edits["nir"].textChanged.connect(self._on_nir_text_changed)
        self._retranslate()
        self._fill(base, default_system)
        self.setMinimumWidth(600)

    def _fill(self, base: Patient | None, default_system: IdentifierSystem) -> None:
        draft = PatientDraft.of(base) if base else None
        if draft is not None:
            for key in TEXT_FIELDS:
                self.edits[key].setText(str(getattr(draft, key)))
        gender = draft.gender if draft else "unknown"
        self.gender.setCurrentIndex(max(0, self.gender.findData(gender)))
        system = draft.ins_system if draft and draft.nir else default_system
        self.ins_system.setCurrentIndex(max(0, self.ins_system.findData(system.value)))

    def draft(self) -> PatientDraft:
        return PatientDraft(
            family=self.edits["family"].text(),
            given=self.edits["given"].text(),
            birth_date=self.edits["birth_date"].text(),
            gender=str(self.gender.currentData()),
            nir=self.edits["nir"].text(),
            ins_system=IdentifierSystem(str(self.ins_system.currentData())),
            phone=self.edits["phone"].text(),
            email=self.edits["email"].text(),
        )

    def submit(self) -> None:
        if self._runner.busy:
            return
        self.buttons.setEnabled(False)
        self._runner.start(self._submit())

    async def _submit(self) -> None:
        try:
            patient = await self._save(self.draft(), self._base)
        except PatientInvalidError as exc:
            self.show_errors(exc.errors)
            return
        finally:
            self.buttons.setEnabled(True)
        self.patient_did_save.emit(patient)
        self.accept()

    def show_errors(self, errors: list[FieldError]) -> None:
        for key, label in self.errors.items():
            label.setVisible(False)
            if key in self.edits:
                self._mark(self.edits[key], invalid=False)
        for e in errors:
            label = self.errors.get(e.field, self.errors["form"])
            label.setText(FieldMessages.text(e.problem))
            label.setVisible(True)
            if e.field in self.edits:
                self._mark(self.edits[e.field], invalid=True)
        first = next((e.field for e in errors if e.field in self.edits), None)
        if first is not None:
            self.edits[first].setFocus()

    @staticmethod
    def _mark(edit: QLineEdit, *, invalid: bool) -> None:
        edit.setProperty("invalid", invalid)
        edit.style().unpolish(edit)
        edit.style().polish(edit)

    def _on_save_failed(self, exc: BaseException) -> None:
        self.buttons.setEnabled(True)
        self.errors["form"].setText(
            self.tr(
                "L'enregistrement a échoué ({kind}). Vos saisies sont conservées : "
                "réessayez, ou contactez votre support si cela persiste."
            ).format(kind=type(exc).__name__)
        )
        self.errors["form"].setVisible(True)

    def _on_nir_text_changed(self, text: str) -> None:
        """Tell as soon as 15 characters are typed whether the key is right."""
        compact = "".join(c for c in text if c.isalnum())
        if len(compact) < 15:
            self.nir_status.setText("")
            return
        try:
            Nir.parse(text)
        except NirError as exc:
            self.nir_status.setText(
                "✗ " + FieldMessages.text(PatientDraft.nir_problem(exc.problem))
            )
            self.nir_status.setObjectName("fieldError")
        else:
            self.nir_status.setText("✓ " + self.tr("Clé du NIR valide"))
            self.nir_status.setObjectName("chartField")
        self.nir_status.style().unpolish(self.nir_status)
        self.nir_status.style().polish(self.nir_status)

    def _retranslate(self) -> None:
        self.setWindowTitle(
            self.tr("Nouveau patient") if self._base is None else self.tr("Modifier le patient")
        )
        labels = {
            "family": self.tr("&Nom de naissance"),
            "given": self.tr("&Prénom(s)"),
            "birth_date": self.tr("&Date de naissance"),
            "gender": self.tr("&Sexe"),
            "nir": self.tr("N&IR / matricule INS"),
            "ins_system": self.tr("&Type d'identifiant"),
            "phone": self.tr("&Téléphone"),
            "email": self.tr("&E-mail"),
        }
        for key, text in labels.items():
            self._labels[key].setText(text)
        self._labels["gender"].setBuddy(self.gender)
        self._labels["ins_system"].setBuddy(self.ins_system)
        self.edits["birth_date"].setPlaceholderText(self.tr("jj/mm/aaaa"))
        self.edits["nir"].setPlaceholderText(self.tr("15 caractères, clé comprise"))
        self.edits["phone"].setPlaceholderText(self.tr("06 12 34 56 78"))
        gender = self.gender.currentData()
        self.gender.clear()
        for code in SEXES:
            self.gender.addItem(IdentityLabels.sex(code), code)
        self.gender.setCurrentIndex(max(0, self.gender.findData(gender)))
        system = self.ins_system.currentData()
        self.ins_system.clear()
        for s in INS_KINDS:
            self.ins_system.addItem(IdentityLabels.ins_kind(s), s.value)
        self.ins_system.setCurrentIndex(max(0, self.ins_system.findData(system)))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        super().changeEvent(event)

    def done(self, result: int) -> None:
        self._runner.cancel_all()
        super().done(result)
