"""What the store holds for the chosen holder: the patient, patients who may be them, or none.

« Patient trouvé : DUPONT Marie » and « Ouvrir le dossier »; « Aucun patient avec ce
NIR » and « Créer le patient »; possible homonyms under an identity-vigilance warning,
each openable. A NIR whose key is wrong never creates a patient.
"""

from PySide6.QtCore import QEvent, Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.domain.identifier_system import IdentifierSystem
from app.domain.patient import Patient
from app.domain.vitale_beneficiary import VitaleBeneficiary
from app.services.vitale_match import VitaleMatch
from ui.front_desk.beneficiary_text import BeneficiaryText
from ui.front_desk.patient_identity_text import PatientIdentityText
from ui.front_desk.vitale_candidate_widget import VitaleCandidateWidget
from ui.front_desk.vitale_messages import VitaleMessages
from ui.styled_label import StyledLabel

# Beyond this many candidates the rest are counted, not shown: the dialog stays on screen,
# and so many look-alikes call for a search in the patient list anyway.
CANDIDATES_SHOWN = 4


class VitaleMatchWidget(QFrame):
    """Shows one holder's match; ``open_requested(Patient)``, ``create_requested()``."""

    open_requested = Signal(object)  # Patient
    create_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("chartHeader")
        self.beneficiary: VitaleBeneficiary | None = None
        self.match: VitaleMatch | None = None
        self.searching = False
        self.creating = False
        self._match_error: BaseException | None = None
        self._create_error: tuple[BaseException, IdentifierSystem] | None = None

        self.heading = StyledLabel("conflictFieldName", wrap=True)
        self.details = StyledLabel("chartField", wrap=True)
        self.key_warning = StyledLabel("fieldError", wrap=True)
        self.error = StyledLabel("fieldError", wrap=True)
        self.open_button = QPushButton()
        self.open_button.setObjectName("primary")
        self.create_button = QPushButton()
        self.create_button.setObjectName("primary")
        self.open_button.clicked.connect(self._on_open_button_clicked)
        self.create_button.clicked.connect(self.create_requested)
        self.candidates_notice = StyledLabel("conflictNotice", wrap=True)
        self.candidates_notice.setProperty("severity", "warning")
        self.candidates: list[VitaleCandidateWidget] = []
        self._candidate_layout = QVBoxLayout()
        self._candidate_layout.setContentsMargins(0, 0, 0, 0)
        self._candidate_layout.setSpacing(6)
        self.more_candidates = StyledLabel("chartField", wrap=True)

        buttons = QHBoxLayout()
        buttons.addWidget(self.open_button)
        buttons.addWidget(self.create_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.setSpacing(8)
        layout.addWidget(self.heading)
        layout.addWidget(self.details)
        layout.addWidget(self.key_warning)
        layout.addLayout(buttons)
        layout.addWidget(self.error)
        layout.addWidget(self.candidates_notice)
        layout.addLayout(self._candidate_layout)
        layout.addWidget(self.more_candidates)
        self._render()

    # -- what the dialog tells it ------------------------------------------------------

    def show_nothing(self) -> None:
        """No holder chosen yet."""
        self._set(None, None)

    def show_searching(self, beneficiary: VitaleBeneficiary) -> None:
        self._set(beneficiary, None)
        self.searching = True
        self._render()

    def show_match(self, match: VitaleMatch) -> None:
        self._set(match.beneficiary, match)

    def show_match_failure(self, beneficiary: VitaleBeneficiary, exc: BaseException) -> None:
        self._set(beneficiary, None)
        self._match_error = exc
        self._render()

    def set_creating(self, creating: bool) -> None:
        self.creating = creating
        if creating:
            self._create_error = None
        self._render()

    def show_create_failure(self, exc: BaseException, system: IdentifierSystem) -> None:
        self.creating = False
        self._create_error = (exc, system)
        self._render()

    # -- what it offers ----------------------------------------------------------------

    @property
    def found(self) -> Patient | None:
        return self.match.patient if self.match is not None else None

    @property
    def nir_taken(self) -> bool:
        """Another patient already holds this NIR: a new one would duplicate it."""
        m = self.match
        return m is not None and any(
            VitaleCandidateWidget.holds_nir(p, m.beneficiary) for p in m.candidates
        )

    @property
    def can_create(self) -> bool:
        b = self.beneficiary
        return (
            self.match is not None
            and self.match.patient is None
            and b is not None
            and b.nir_key_valid
            and not self.nir_taken
            and not self.creating
        )

    def activate(self) -> bool:
        """Enter: open the patient found, or create one when nobody may be them; with
        candidates, the keyboard goes to the first, so that one is chosen knowingly.
        False when there is nothing to do."""
        if self.creating or self.searching:
            return False
        found = self.found
        if found is not None:
            self.open_requested.emit(found)
            return True
        if self.candidates:
            self.candidates[0].open_button.setFocus()
            return True
        if self.can_create:
            self.create_requested.emit()
            return True
        return False

    # -- drawing -----------------------------------------------------------------------

    def _set(self, beneficiary: VitaleBeneficiary | None, match: VitaleMatch | None) -> None:
        self.beneficiary = beneficiary
        self.match = match
        self.searching = False
        self.creating = False
        self._match_error = None
        self._create_error = None
        self._fill_candidates(match)
        self._render()

    def _fill_candidates(self, match: VitaleMatch | None) -> None:
        for widget in self.candidates:
            widget.setParent(None)
            widget.deleteLater()
        self.candidates = []
        if match is None:
            return
        for patient in match.candidates[:CANDIDATES_SHOWN]:
            widget = VitaleCandidateWidget(patient, match.beneficiary)
            widget.open_requested.connect(self.open_requested)
            self._candidate_layout.addWidget(widget)
            self.candidates.append(widget)

    def _render(self) -> None:
        b, m = self.beneficiary, self.match
        self.open_button.setText(self.tr("Ouvrir le dossier"))
        self.create_button.setText(self.tr("Créer le patient"))
        self.key_warning.setText(
            "✗ "
            + self.tr(
                "Clé NIR incorrecte : vérifiez la carte. Ce bénéficiaire ne peut pas être "
                "créé à partir de la carte ; recherchez-le ou créez-le depuis la liste des "
                "patients."
            )
        )
        self.key_warning.setVisible(b is not None and not b.nir_key_valid)
        found = self.found
        self.open_button.setVisible(found is not None)
        self.open_button.setEnabled(not self.creating)
        for candidate in self.candidates:
            candidate.open_button.setEnabled(not self.creating)
        self.create_button.setVisible(m is not None and found is None and not self.nir_taken)
        # With look-alikes listed, creating is not the obvious way on: no accent on it.
        self._set_role(self.create_button, "" if self.candidates else "primary")
        self.create_button.setEnabled(self.can_create)
        self.error.setVisible(self._match_error is not None or self._create_error is not None)
        if self._match_error is not None:
            self.error.setText(VitaleMessages.match_failure(type(self._match_error).__name__))
        elif self._create_error is not None and b is not None:
            exc, system = self._create_error
            self.error.setText(VitaleMessages.create_failure(exc, b, system))
        self._render_heading()
        self._render_candidates()

    def _render_heading(self) -> None:
        b, m, found = self.beneficiary, self.match, self.found
        details = ""
        if b is None:
            heading = self.tr("Choisissez le bénéficiaire qui se présente")
            details = self.tr("Flèches ↑ ↓ dans la liste, puis Entrée.")
        elif self.creating:
            heading = self.tr("Création du patient…")
        elif self.searching:
            heading = self.tr("Recherche du patient…")
        elif m is None:
            heading = self.tr("Recherche impossible")
        elif found is not None:
            heading = "✓ " + self.tr("Patient trouvé : {name}").format(name=found.display_name)
            details = PatientIdentityText.line(found)
        elif self.nir_taken:
            heading = self.tr("Ce NIR est déjà enregistré dans un dossier dont l'identité diffère")
            details = self.tr(
                "Vérifiez l'identité avec le patient avant d'ouvrir ce dossier. Un second "
                "dossier n'est pas créé pour un NIR déjà enregistré."
            )
        else:
            heading = self.tr("Aucun patient avec ce NIR")
            if b.nir_key_valid:
                details = self.tr(
                    "« Créer le patient » enregistre l'identité lue sur la carte : {name}, "
                    "né(e) le {birth}."
                ).format(name=BeneficiaryText.name(b), birth=BeneficiaryText.birth(b))
        self.heading.setText(heading)
        self.details.setText(details)
        self.details.setVisible(bool(details))

    def _render_candidates(self) -> None:
        n = len(self.candidates)
        self.candidates_notice.setVisible(n > 0)
        hidden = len(self.match.candidates) - n if self.match is not None else 0
        self.more_candidates.setVisible(hidden > 0)
        self.more_candidates.setText(
            self.tr(
                "… et {n} autre(s) dossier(s) semblable(s) : recherchez le patient dans la "
                "liste des patients."
            ).format(n=hidden)
        )
        if n == 0:
            return
        if self.found is not None:
            text = self.tr(
                "Identitovigilance : d'autres dossiers ressemblent à ce bénéficiaire "
                "(homonymes possibles). Vérifiez l'identité avant d'ouvrir un dossier."
            )
        elif n + hidden == 1:
            text = self.tr(
                "Identitovigilance : un dossier ressemble à ce bénéficiaire sans lui "
                "correspondre exactement. Vérifiez l'identité du patient (pièce d'identité) "
                "avant de l'ouvrir ou de créer un patient."
            )
        else:
            text = self.tr(
                "Identitovigilance : {n} dossiers ressemblent à ce bénéficiaire sans lui "
                "correspondre exactement. Vérifiez l'identité du patient (pièce d'identité) "
                "avant d'en ouvrir un ou de créer un patient."
            ).format(n=n + hidden)
        self.candidates_notice.setText("⚠ " + text)

    @staticmethod
    def _set_role(button: QPushButton, role: str) -> None:
        if button.objectName() != role:
            button.setObjectName(role)
            button.style().unpolish(button)
            button.style().polish(button)

    def _on_open_button_clicked(self) -> None:
        if self.found is not None:
            self.open_requested.emit(self.found)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._render()
        super().changeEvent(event)
