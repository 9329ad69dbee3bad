"""The selected conflict: which record, what happened, a choice per field, « Appliquer »."""

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from app.domain.conflict_side import ConflictSide
from app.domain.field_conflict import ElementPath
from app.domain.sync_conflict import ConflictKind, SyncConflict
from ui.conflicts.conflict_field_widget import ConflictFieldWidget
from ui.conflicts.conflict_texts import ConflictTexts
from ui.conflicts.field_group import FieldGroup
from ui.styled_label import StyledLabel


class ConflictDetailWidget(QWidget):
    """« Appliquer » is enabled once every field has a side; it only asks (``apply_requested``)."""

    apply_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.conflict: SyncConflict | None = None
        self.fields: list[ConflictFieldWidget] = []
        self._busy = False
        self.title = StyledLabel("chartName", wrap=True)
        self.subtitle = StyledLabel("chartField", wrap=True)
        self.intro = StyledLabel("conflictIntro", wrap=True)
        self._fields_host = QWidget()
        self._fields_host.setObjectName("conflictFields")
        self._fields_layout = QVBoxLayout(self._fields_host)
        self._fields_layout.setContentsMargins(0, 0, 0, 0)
        self._fields_layout.setSpacing(10)
        self.hint = StyledLabel("chartField", wrap=True)
        self.apply_button = QPushButton()
        self.apply_button.setObjectName("primary")
        self.apply_button.clicked.connect(self.apply_requested)
        # Right under the last field, where the eyes are once the choices are made.
        bottom = QHBoxLayout()
        bottom.setContentsMargins(0, 4, 0, 0)
        bottom.addWidget(self.hint, 1)
        bottom.addWidget(self.apply_button, 0, Qt.AlignmentFlag.AlignTop)
        self._fields_layout.addLayout(bottom)
        self._fields_layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setObjectName("conflictScroll")
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(self._fields_host)
        scroll.viewport().setAutoFillBackground(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)
        layout.addWidget(self.title)
        layout.addWidget(self.subtitle)
        layout.addWidget(self.intro)
        layout.addSpacing(4)
        layout.addWidget(scroll, 1)
        self._retranslate()

    def set_conflict(self, conflict: SyncConflict | None) -> None:
        """Show ``conflict`` with nothing chosen yet (the same one keeps its choices)."""
        if conflict == self.conflict and conflict is not None:
            return
        self.conflict = conflict
        for widget in self.fields:
            # Hidden at once: deleteLater waits for the loop, and the old fields would
            # show under the new ones until then.
            widget.hide()
            self._fields_layout.removeWidget(widget)
            widget.deleteLater()
        self.fields = []
        if conflict is not None:
            for i, group in enumerate(FieldGroup.of(conflict)):
                widget = ConflictFieldWidget(conflict, group)
                widget.choice_did_change.connect(self._update_state)
                self._fields_layout.insertWidget(i, widget)
                # Now, not on the loop's next turn as a layout would: focus can go there.
                widget.show()
                self.fields.append(widget)
            self._chain_tab_order()
        self._retranslate()

    def _chain_tab_order(self) -> None:
        """Tab goes through the choices top to bottom, then to « Appliquer ».

        Fields are made after the button, and Qt would put them after it.
        """
        chain = [w.buttons[side] for w in self.fields for side in w.buttons]
        for before, after in zip(chain, [*chain[1:], self.apply_button], strict=True):
            QWidget.setTabOrder(before, after)

    def choices(self) -> dict[ElementPath, ConflictSide] | None:
        """A side for every field, or None while one is missing."""
        chosen: dict[ElementPath, ConflictSide] = {}
        for widget in self.fields:
            side = widget.choice
            if side is None:
                return None
            chosen.update(dict.fromkeys(widget.paths, side))
        return chosen or None

    def set_busy(self, busy: bool) -> None:
        self._busy = busy
        self._update_state()

    def focus_first_choice(self) -> None:
        if self.fields:
            self.fields[0].buttons[ConflictSide.MINE].setFocus(Qt.FocusReason.OtherFocusReason)

    def _update_state(self) -> None:
        missing = sum(w.choice is None for w in self.fields)
        self.apply_button.setEnabled(self.conflict is not None and not missing and not self._busy)
        self.apply_button.setText(
            self.tr("Enregistrement…") if self._busy else self.tr("Appliquer (Ctrl+Entrée)")
        )
        if self.conflict is None:
            self.hint.setText("")
        elif missing == 1 and len(self.fields) == 1:
            self.hint.setText(self.tr("Choisissez la version à garder."))
        elif missing:
            self.hint.setText(
                self.tr("Choisissez une version pour chaque champ (encore {n}).").format(n=missing)
            )
        else:
            self.hint.setText(
                self.tr("Le choix sera enregistré sur ce poste puis envoyé aux autres.")
            )

    def _retranslate(self) -> None:
        c = self.conflict
        self.title.setVisible(c is not None)
        self.subtitle.setVisible(c is not None)
        self.intro.setVisible(c is not None and c.kind is ConflictKind.EDITED_BOTH)
        if c is not None:
            self.title.setText(ConflictTexts.title(c))
            detected = ConflictTexts.detected(c)
            self.subtitle.setText(
                self.tr("Conflit {detected}.").format(detected=detected) if detected else ""
            )
            who = c.theirs_by
            self.intro.setText(
                self.tr(
                    "Cette fiche a été modifiée ici et sur un autre poste ({who}), aux mêmes "
                    "endroits. Tout le reste a déjà été fusionné : pour chaque champ "
                    "ci-dessous, choisissez la version à garder."
                ).format(who=who)
                if who
                else self.tr(
                    "Cette fiche a été modifiée ici et sur un autre poste, aux mêmes endroits. "
                    "Tout le reste a déjà été fusionné : pour chaque champ ci-dessous, "
                    "choisissez la version à garder."
                )
            )
        for widget in self.fields:
            widget.retranslate()
        self._update_state()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        super().changeEvent(event)
