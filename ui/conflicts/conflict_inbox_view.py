"""The « Conflits » section: records changed here and elsewhere in the same places.

The open conflicts, oldest first, on the left; the selected one on the right, field by
field, with the choice of the version to keep. « Appliquer » (Ctrl+Entrée) resolves it
and shows the next one. A conflict that moved on in the meantime (a newer version came,
or another workstation resolved it) is read again, and the view says so.
"""

from PySide6.QtCore import QEvent, QItemSelection, QModelIndex, Signal
from PySide6.QtGui import QHideEvent, QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QListView,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app.domain.conflict_side import ConflictSide
from app.domain.field_conflict import ElementPath
from app.domain.sync_conflict import SyncConflict
from app.services.conflict_changed_error import ConflictChangedError
from ui.conflicts.conflict_detail_widget import ConflictDetailWidget
from ui.conflicts.conflict_inbox import ConflictInbox
from ui.conflicts.conflict_item_delegate import ConflictItemDelegate
from ui.conflicts.conflict_list_model import ConflictListModel
from ui.conflicts.conflict_texts import ConflictTexts
from ui.shell.centered_column import CenteredColumn
from ui.styled_label import StyledLabel
from ui.task_runner import TaskRunner


class ConflictInboxView(QWidget):
    """Receives the conflict service; reloads on :meth:`refresh` and when shown."""

    changes_did_happen = Signal(object)  # ChangeSet
    conflicts_did_load = Signal(int)

    def __init__(self, inbox: ConflictInbox, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._inbox = inbox
        self._loads = TaskRunner(self._on_load_failed)
        self._resolutions = TaskRunner(self._on_resolve_failed)
        self._load_seq = 0
        # After a resolution, the record to show next (the one that followed it), and
        # the one resolved, whose disappearance is then no news.
        self._prefer: str | None = None
        self._resolved: str | None = None
        # What the message line says, kept as a key so that it can be retranslated.
        self._notice: tuple[str, str] | None = None
        self._resolving = False
        # After a resolution, the keyboard goes to the next conflict's first choice.
        self._focus_choices = False

        self._title = StyledLabel("sectionTitle")
        self.message = StyledLabel("conflictNotice", wrap=True, visible=False)
        self.model = ConflictListModel(self)
        self.list = QListView()
        self.list.setObjectName("conflictList")
        self.list.setModel(self.model)
        self.list.setItemDelegate(ConflictItemDelegate(self.list))
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.list.setUniformItemSizes(True)
        self.list.selectionModel().selectionChanged.connect(self._on_list_selection_changed)
        # Enter on a conflict: on to its choices.
        self.list.activated.connect(self._on_list_activated)
        self.count_label = StyledLabel("chartField", wrap=True)
        self.detail = ConflictDetailWidget()
        self.detail.apply_requested.connect(self.apply)

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.list, 1)
        left_layout.addWidget(self.count_label)
        right = QFrame()
        right.setObjectName("chartHeader")
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(16, 14, 16, 14)
        right_layout.addWidget(self.detail)
        self.splitter = QSplitter()
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(left)
        self.splitter.addWidget(right)
        self.splitter.setStretchFactor(0, 2)
        self.splitter.setStretchFactor(1, 3)
        self.splitter.setSizes([400, 600])

        self.empty = CenteredColumn(560)
        self._empty_title = StyledLabel("comingSoonTitle", wrap=True)
        self._empty_text = StyledLabel("comingSoonText", wrap=True)
        self.empty.add(self._empty_title)
        self.empty.add(self._empty_text)
        self.pages = QStackedWidget()
        self.pages.addWidget(self.empty)
        self.pages.addWidget(self.splitter)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.addWidget(self._title)
        layout.addWidget(self.message)
        layout.addWidget(self.pages, 1)

        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(keys), self, self.apply)
        self.setFocusProxy(self.list)
        self._retranslate()
        self.refresh()

    # -- loading ---------------------------------------------------------------------

    def refresh(self) -> None:
        """Read the inbox again; the selection and the choices made so far stay."""
        self._load_seq += 1
        self._loads.start(self._load(self._load_seq))

    async def _load(self, seq: int) -> None:
        conflicts = await self._inbox.open_conflicts()
        if seq != self._load_seq:
            return  # a newer read was asked for
        self._show(conflicts)
        self.conflicts_did_load.emit(len(conflicts))

    def _show(self, conflicts: list[SyncConflict]) -> None:
        current = self.detail.conflict
        if current is not None and current.ref == self._resolved:
            current = None
        wanted = self._prefer or (current.ref if current else None)
        self._prefer = self._resolved = None
        self.model.set_conflicts(conflicts)
        row = self.model.row_of(wanted) if wanted else -1
        if current is not None and wanted == current.ref and row < 0:
            self._say("gone")
        if row < 0 and conflicts:
            row = 0
        self.pages.setCurrentWidget(self.splitter if conflicts else self.empty)
        if row >= 0:
            fresh = self.model.conflict_at(row)
            moved_on = current is not None and fresh is not None and fresh.ref == current.ref
            if moved_on and fresh != current:
                self._say("changed")
            self.list.setCurrentIndex(self.model.index(row, 0))
            self.detail.set_conflict(fresh)
        else:
            self.detail.set_conflict(None)
        if self._focus_choices:
            self._focus_choices = False
            self.detail.focus_first_choice()
        self._show_count()

    def _on_list_selection_changed(self, selected: QItemSelection, _old: QItemSelection) -> None:
        indexes = selected.indexes()
        if indexes:
            self.detail.set_conflict(self.model.conflict_at(indexes[0].row()))

    def _on_list_activated(self, _index: QModelIndex) -> None:
        self.detail.focus_first_choice()

    # -- resolving -------------------------------------------------------------------

    def apply(self) -> None:
        """Resolve the shown conflict with the chosen sides (all must be chosen)."""
        conflict = self.detail.conflict
        choices = self.detail.choices()
        if conflict is None or choices is None or self._resolving:
            return
        self._resolving = True
        self.detail.set_busy(True)
        self._resolutions.start(self._resolve(conflict, choices))

    async def _resolve(
        self, conflict: SyncConflict, choices: dict[ElementPath, ConflictSide]
    ) -> None:
        row = self.model.row_of(conflict.ref)
        following = self.model.conflict_at(row + 1) or self.model.conflict_at(row - 1)
        try:
            changes = await self._inbox.resolve(conflict, choices)
        except ConflictChangedError:
            self._say("changed")
            self._prefer = conflict.ref
            self.refresh()
            return
        finally:
            self._resolving = False
            self.detail.set_busy(False)
        self._notice = ("resolved" if following else "resolved_last", ConflictTexts.title(conflict))
        self._say_notice()
        self._prefer = following.ref if following else None
        self._resolved = conflict.ref
        self._focus_choices = True
        self.changes_did_happen.emit(changes)
        self.refresh()

    # -- messages --------------------------------------------------------------------

    def _say(self, what: str) -> None:
        self._notice = (what, "")
        self._say_notice()

    def _say_notice(self) -> None:
        if self._notice is None:
            self.message.setVisible(False)
            return
        what, detail = self._notice
        texts = {
            "resolved": self.tr("Conflit résolu : {record}. Voici le suivant.").format(
                record=detail
            ),
            "resolved_last": self.tr("Conflit résolu : {record}. Il n'en reste aucun.").format(
                record=detail
            ),
            "gone": self.tr(
                "Ce conflit a été résolu entre-temps sur un autre poste : vos choix n'ont pas "
                "été appliqués."
            ),
            "changed": self.tr(
                "Ce conflit a changé entre-temps (nouvelle modification reçue, ou résolu sur "
                "un autre poste). Il est affiché à jour : vérifiez les choix puis appliquez "
                "de nouveau."
            ),
            "failed": self.tr(
                "Le choix n'a pas pu être enregistré ({kind}). Réessayez ; si cela persiste, "
                "redémarrez Cabinet."
            ).format(kind=detail),
            "unreadable": self.tr(
                "Les conflits n'ont pas pu être lus ({kind}). Réessayez en revenant sur cette "
                "section ; si cela persiste, redémarrez Cabinet."
            ).format(kind=detail),
        }
        self.message.setText(texts[what])
        calm = what in ("resolved", "resolved_last")
        self.message.setProperty("severity", "info" if calm else "warning")
        self.message.style().unpolish(self.message)
        self.message.style().polish(self.message)
        self.message.setVisible(True)

    def _show_count(self) -> None:
        n = self.model.rowCount()
        self.count_label.setText(
            self.tr("1 conflit à résoudre, le plus ancien en haut.")
            if n == 1
            else self.tr("{n} conflits à résoudre, les plus anciens en haut.").format(n=n)
        )

    def _on_load_failed(self, exc: BaseException) -> None:
        self._notice = ("unreadable", type(exc).__name__)
        self._say_notice()

    def _on_resolve_failed(self, exc: BaseException) -> None:
        self._notice = ("failed", type(exc).__name__)
        self._say_notice()

    def _retranslate(self) -> None:
        self._title.setText(self.tr("Conflits de synchronisation"))
        self._empty_title.setText(self.tr("Aucun conflit à résoudre"))
        self._empty_text.setText(
            self.tr(
                "Les modifications faites sur ce poste et sur les autres ont toutes pu être "
                "fusionnées. Si une même information est modifiée de deux façons différentes, "
                "elle apparaîtra ici pour que vous choisissiez la bonne version."
            )
        )
        self.list.setAccessibleName(self.tr("Conflits à résoudre"))
        self.model.retranslate()
        self._show_count()
        if self._notice is not None:
            self._say_notice()

    # -- Qt --------------------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        # A conflict may have changed while the section was hidden.
        if not event.spontaneous():
            self.refresh()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        super().changeEvent(event)

    @property
    def current_conflict(self) -> SyncConflict | None:
        return self.detail.conflict

    @property
    def busy(self) -> bool:
        return self._loads.busy or self._resolutions.busy

    def hideEvent(self, event: QHideEvent) -> None:
        super().hideEvent(event)
        # A notice is about what was just done; coming back later, it would be stale.
        if not event.spontaneous():
            self._notice = None
            self.message.setVisible(False)
