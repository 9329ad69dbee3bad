"""One element two people changed: both values side by side, and the choice between them.

« Téléphone mobile » — ( ) Garder la mienne : 06 12 34 56 78 (vous) — ( ) Garder l'autre :
07 98 76 54 32 (secrétariat), with the value both started from underneath. Fields that
only make sense together (an appointment's start and end) are one choice (see
:class:`FieldGroup`). A deletion (the whole record) is a sentence and two choices that
say what each one does. Nothing is chosen at first: the practitioner decides every field.
"""

from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QFrame,
    QGridLayout,
    QLabel,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from app.domain.conflict_side import ConflictSide
from app.domain.element_paths import ElementPaths
from app.domain.field_conflict import ElementPath
from app.domain.sync_conflict import ConflictKind, SyncConflict
from ui.conflicts.conflict_texts import ConflictTexts
from ui.conflicts.element_labels import ElementLabels
from ui.conflicts.element_value_text import ElementValueText
from ui.conflicts.field_group import FieldGroup
from ui.styled_label import StyledLabel

# A deletion lists at most this many of the changes it would discard or keep.
_MAX_CHANGES = 6
_SIDES = (ConflictSide.MINE, ConflictSide.THEIRS)


class ConflictFieldWidget(QFrame):
    """``choice`` is None until one side is picked; ``choice_did_change`` says when."""

    choice_did_change = Signal()

    def __init__(
        self, conflict: SyncConflict, group: FieldGroup, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("conflictField")
        self.conflict = conflict
        self.group = group
        self.label = StyledLabel("conflictFieldName", wrap=True)
        self.sentence = StyledLabel("conflictSentence", wrap=True, visible=group.whole_resource)
        self._buttons = QButtonGroup(self)
        self._buttons.setExclusive(True)
        self.buttons: dict[ConflictSide, QRadioButton] = {}
        self.values: dict[ConflictSide, QLabel] = {}
        grid = QGridLayout()
        grid.setContentsMargins(12, 0, 0, 0)
        grid.setHorizontalSpacing(16)
        grid.setVerticalSpacing(6)
        for row, side in enumerate(_SIDES):
            button = QRadioButton()
            value = StyledLabel("conflictValue", wrap=True)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
            # A click on the value picks it, as on the button's own text.
            value.installEventFilter(self)
            self._buttons.addButton(button)
            self.buttons[side] = button
            self.values[side] = value
            grid.addWidget(button, row, 0, Qt.AlignmentFlag.AlignTop)
            grid.addWidget(value, row, 1)
        grid.setColumnStretch(1, 1)
        self.base = StyledLabel("conflictBase", wrap=True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 10, 14, 10)
        layout.setSpacing(8)
        layout.addWidget(self.label)
        layout.addWidget(self.sentence)
        layout.addLayout(grid)
        layout.addWidget(self.base)
        self._buttons.buttonToggled.connect(self._on_group_button_toggled)
        self.retranslate()

    @property
    def choice(self) -> ConflictSide | None:
        return next((side for side, b in self.buttons.items() if b.isChecked()), None)

    @property
    def paths(self) -> tuple[ElementPath, ...]:
        """The conflict's fields this one choice decides."""
        return self.group.paths

    def choose(self, side: ConflictSide) -> None:
        self.buttons[side].setChecked(True)

    def summary(self) -> str:
        """« Téléphone mobile : 06 12 34 56 78 (vous) / 07 98 76 54 32 (secrétariat) »."""
        return self.tr("{label} : {mine} / {theirs}").format(
            label=self.label.text(),
            mine=self.values[ConflictSide.MINE].text(),
            theirs=self.values[ConflictSide.THEIRS].text(),
        )

    def retranslate(self) -> None:
        if self.group.whole_resource:
            self._retranslate_deletion()
        else:
            self._retranslate_field()
        for side in _SIDES:
            self.buttons[side].setAccessibleName(
                f"{self.buttons[side].text()} : {self.values[side].text()}"
            )

    def _retranslate_field(self) -> None:
        c, g = self.conflict, self.group
        self.label.setText(g.label(c.type))
        self.buttons[ConflictSide.MINE].setText(self.tr("Garder la mienne"))
        self.buttons[ConflictSide.THEIRS].setText(self.tr("Garder l'autre"))
        mine = g.text(c, ConflictSide.MINE)
        theirs = g.text(c, ConflictSide.THEIRS)
        self.values[ConflictSide.MINE].setText(self.tr("{value} (vous)").format(value=mine))
        self.values[ConflictSide.THEIRS].setText(
            self.tr("{value} ({who})").format(value=theirs, who=ConflictTexts.other_side(c))
        )
        self.base.setText(
            self.tr("Avant les deux modifications : {value}").format(value=g.text(c, None))
        )

    def _retranslate_deletion(self) -> None:
        c, f = self.conflict, self.group.fields[0]
        who = c.theirs_by
        self.label.setText(self.tr("Suppression de la fiche"))
        if c.kind is ConflictKind.DELETED_HERE:
            self.sentence.setText(
                self.tr(
                    "Vous avez supprimé cette fiche alors qu'elle a été modifiée sur un autre "
                    "poste ({who})."
                ).format(who=who)
                if who
                else self.tr(
                    "Vous avez supprimé cette fiche alors qu'elle a été modifiée sur un autre "
                    "poste."
                )
            )
            self.buttons[ConflictSide.MINE].setText(self.tr("Confirmer la suppression"))
            self.buttons[ConflictSide.THEIRS].setText(self.tr("Garder la fiche modifiée"))
            self.values[ConflictSide.MINE].setText(
                self.tr("La fiche est supprimée, ici et sur les autres postes.")
            )
            self.values[ConflictSide.THEIRS].setText(
                self.tr("La fiche est rétablie, avec les modifications faites sur l'autre poste.")
            )
            changes, heading = f.theirs, self.tr("Modifications faites sur l'autre poste :")
        else:
            self.sentence.setText(
                self.tr(
                    "Cette fiche a été supprimée sur un autre poste ({who}) alors que vous "
                    "l'aviez modifiée."
                ).format(who=who)
                if who
                else self.tr(
                    "Cette fiche a été supprimée sur un autre poste alors que vous l'aviez "
                    "modifiée."
                )
            )
            self.buttons[ConflictSide.MINE].setText(self.tr("Garder ma version"))
            self.buttons[ConflictSide.THEIRS].setText(self.tr("Accepter la suppression"))
            self.values[ConflictSide.MINE].setText(
                self.tr("La fiche reste, avec vos modifications, ici et sur les autres postes.")
            )
            self.values[ConflictSide.THEIRS].setText(
                self.tr("La fiche est supprimée ici aussi ; vos modifications sont perdues.")
            )
            changes, heading = f.mine, self.tr("Vos modifications :")
        lines = self._changes(f.base, changes)
        self.base.setText("\n".join([heading, *lines]) if lines else "")
        self.base.setVisible(bool(lines))

    def _changes(self, base: Any, changed: Any) -> list[str]:
        """« Label : avant → après » for what the surviving side changed from the base."""
        if not isinstance(base, dict) or not isinstance(changed, dict):
            return []
        before, after = ElementPaths.flatten(base), ElementPaths.flatten(changed)
        kind = self.conflict.type
        lines: list[str] = []
        seen: set[str] = set()
        for path in ElementPaths.walk_pairs(before, after):
            if before.get(path) == after.get(path):
                continue
            label = ElementLabels.label(kind, path)
            if label in seen:
                continue
            seen.add(label)
            lines.append(
                self.tr("• {label} : {before} → {after}").format(
                    label=label,
                    before=ElementValueText.text(kind, path, before.get(path), base),
                    after=ElementValueText.text(kind, path, after.get(path), changed),
                )
            )
        if len(lines) > _MAX_CHANGES:
            more = len(lines) - _MAX_CHANGES
            lines = [*lines[:_MAX_CHANGES], self.tr("• et {n} autre(s)").format(n=more)]
        return lines

    def _on_group_button_toggled(self, _button: QRadioButton, checked: bool) -> None:
        if checked:
            self.choice_did_change.emit()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.MouseButtonRelease:
            for side, label in self.values.items():
                if watched is label:
                    self.buttons[side].setFocus(Qt.FocusReason.MouseFocusReason)
                    self.buttons[side].setChecked(True)
                    return True
        return super().eventFilter(watched, event)
