"""The one window: navigation on the left, patient in context on top, status below.

Sections are built the first time they are shown, so a section that needs heavy
modules (pyqtgraph, aiortc...) costs nothing at start-up. The conflict inbox is a
section too, listed after the others once sync is attached, and only while there is
something to resolve (or while it is open).
"""

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QSize, Qt, Signal
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QFont, QIcon, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMenu,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app.domain.patient import Patient
from app.store.lock_reason import LockReason
from ui.resource_paths import ResourcePaths
from ui.shell.coming_soon_view import ComingSoonView
from ui.shell.locked_view import LockedView
from ui.shell.patient_context_widget import PatientContextWidget
from ui.shell.status_bar_widget import StatusBarWidget
from ui.styled_label import StyledLabel
from ui.task_runner import TaskRunner

if TYPE_CHECKING:
    from app.ports.sync_control import SyncControl
    from ui.conflicts.conflict_inbox import ConflictInbox
    from ui.conflicts.conflict_inbox_view import ConflictInboxView

SECTIONS = ("agenda", "patients", "teleconsultation", "images", "vitals")
# The conflict inbox: after the sections, reached with Ctrl+6.
INBOX = "conflicts"
_KEYS = (*SECTIONS, INBOX)


class MainWindow(QMainWindow):
    """Frames the sections; views are handed in by the composition root."""

    language_did_change = Signal(str)
    section_did_change = Signal(str)
    patient_close_requested = Signal()
    window_did_close = Signal()
    conflict_did_resolve = Signal(object)  # ChangeSet
    lock_requested = Signal()
    front_desk_requested = Signal()

    def __init__(self, *, demo: bool, language: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.demo = demo
        self._factories: dict[str, Callable[[], QWidget]] = {}
        self._views: dict[str, QWidget] = {}
        self._locked: LockedView | None = None
        self._sync: SyncControl | None = None
        self._inbox: ConflictInboxView | None = None
        self._conflict_count = 0
        self._runner = TaskRunner()
        # The workstation lock (login screen): shown over the sections, which stay built
        # underneath so that an edit in progress survives a lock.
        self._lock_screen: QWidget | None = None
        self._hidden_dialogs: list[QDialog] = []
        self._context_was_hidden = False
        self._front_desk_available = False
        self._demo_menu: tuple[QMenu, QAction, QAction] | None = None

        self.navigation = QListWidget()
        self.navigation.setObjectName("navigation")
        self.navigation.setIconSize(QSize(22, 22))
        self.navigation.setFixedWidth(210)
        self.navigation.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        for key in _KEYS:
            item = QListWidgetItem(QIcon(str(ResourcePaths.icon(key))), "")
            item.setData(Qt.ItemDataRole.UserRole, key)
            self.navigation.addItem(item)
        self.navigation.item(_KEYS.index(INBOX)).setHidden(True)
        self.navigation.currentRowChanged.connect(self._on_navigation_row_changed)

        self.context = PatientContextWidget()
        self.context.close_requested.connect(self.patient_close_requested)
        self.banner = StyledLabel("demoBanner", wrap=True)
        self.banner.setVisible(demo)
        self.stack = QStackedWidget()

        central = QWidget()
        central.setObjectName("centralArea")
        right = QVBoxLayout()
        right.setContentsMargins(0, 0, 0, 0)
        right.setSpacing(0)
        right.addWidget(self.banner)
        right.addWidget(self.context)
        right.addWidget(self.stack, 1)
        outer = QHBoxLayout(central)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(0)
        outer.addWidget(self.navigation)
        outer.addLayout(right, 1)
        self.setCentralWidget(central)

        self.status = StatusBarWidget()
        self.status.sync_now_requested.connect(self.sync_now)
        self.status.conflicts_requested.connect(self.show_conflicts)
        self.setStatusBar(self.status)
        self._build_menus(language)
        self.resize(1280, 800)
        self._retranslate()
        self.navigation.setCurrentRow(SECTIONS.index("patients"))

    # -- sections --------------------------------------------------------------------

    def register_section(self, key: str, factory: Callable[[], QWidget]) -> None:
        """Give the builder of a section's view; it runs on the first visit."""
        self._factories[key] = factory
        if key in self._views:
            old = self._views.pop(key)
            self.stack.removeWidget(old)
            old.deleteLater()
        if self.current_section == key and self._locked is None and self._lock_screen is None:
            self._show_section(key)

    @property
    def current_section(self) -> str:
        item = self.navigation.currentItem()
        return str(item.data(Qt.ItemDataRole.UserRole)) if item else "patients"

    def select_section(self, key: str) -> None:
        row = _KEYS.index(key)
        self.navigation.item(row).setHidden(False)
        self.navigation.setCurrentRow(row)

    def section_view(self, key: str) -> QWidget | None:
        return self._views.get(key)

    def _on_navigation_row_changed(self, row: int) -> None:
        if row < 0 or self._locked is not None or self._lock_screen is not None:
            return
        key = _KEYS[row]
        self._show_section(key)
        self._show_conflict_count(self._conflict_count)
        self.section_did_change.emit(key)

    def _show_section(self, key: str) -> None:
        view = self._views.get(key)
        if view is None:
            factory = self._factories.get(key)
            view = factory() if factory else ComingSoonView(self._title(key), self._promise(key))
            self._views[key] = view
            self.stack.addWidget(view)
        self.stack.setCurrentWidget(view)

    # -- states ----------------------------------------------------------------------

    def show_locked(self, reason: LockReason, path: Path) -> None:
        """Hide every section and the patient; explain why the data stays closed."""
        self.set_patient(None)
        self._locked = LockedView(reason, path)
        self.stack.addWidget(self._locked)
        self.stack.setCurrentWidget(self._locked)
        self.navigation.setEnabled(False)
        self.context.setVisible(False)

    @property
    def locked_view(self) -> LockedView | None:
        return self._locked

    def show_workstation_lock(self, screen: QWidget) -> None:
        """Cover every section, the patient banner and open dialogs with ``screen`` (the
        login view); nothing is closed, so an edit in progress is there after unlock."""
        if self._lock_screen is None:
            self._context_was_hidden = self.context.isHidden()
            self._hidden_dialogs = [
                d for d in self.findChildren(QDialog) if d.isVisible() and d.isWindow()
            ]
            for dialog in self._hidden_dialogs:
                dialog.hide()
        if self.stack.indexOf(screen) < 0:
            self.stack.addWidget(screen)
        self._lock_screen = screen
        self.stack.setCurrentWidget(screen)
        self.navigation.setEnabled(False)
        self.context.setVisible(False)
        for action in self._locked_actions():
            action.setEnabled(False)
        screen.setFocus()

    def hide_workstation_lock(self) -> None:
        """Back to the section, the patient and the dialogs as they were."""
        if self._lock_screen is None:
            return
        self._lock_screen = None
        self.navigation.setEnabled(self._locked is None)
        self.context.setVisible(not self._context_was_hidden)
        for action in self._locked_actions():
            action.setEnabled(True)
        self._sync_action.setEnabled(self._sync is not None)
        self._inbox_action.setEnabled(self._sync is not None)
        self._front_desk_action.setEnabled(self._front_desk_available)
        if self._locked is None:
            self._show_section(self.current_section)
        for dialog in self._hidden_dialogs:
            dialog.show()
        self._hidden_dialogs = []

    def add_demo_card_actions(
        self, pull_cps: Callable[[], None], insert_cps: Callable[[], None]
    ) -> None:
        """Demo only: a « Démonstration » menu that pulls and inserts the simulated CPS,
        to show the lock without a physical reader."""
        menu = self.menuBar().addMenu("")
        pull, insert = QAction(self), QAction(self)
        pull.triggered.connect(pull_cps)
        insert.triggered.connect(insert_cps)
        menu.addAction(pull)
        menu.addAction(insert)
        self._demo_menu = (menu, pull, insert)
        self._retranslate()

    def set_front_desk_available(self, available: bool) -> None:
        """Whether « Lire la Carte Vitale » (F8) has a service behind it."""
        self._front_desk_available = available
        self._front_desk_action.setEnabled(available and self._lock_screen is None)

    @property
    def workstation_locked(self) -> bool:
        return self._lock_screen is not None

    def _locked_actions(self) -> list[QAction]:
        return [
            *self._section_actions,
            self._inbox_action,
            self._close_patient,
            self._lock_action,
            self._front_desk_action,
            self._sync_action,
        ]

    def set_patient(self, patient: Patient | None) -> None:
        self.context.set_patient(patient)

    # -- sync and conflicts ----------------------------------------------------------

    def attach_sync(self, control: "SyncControl", conflicts: "ConflictInbox") -> None:
        """Show synchronisation; the composition root calls this once, with the store open.

        - The status bar follows ``control`` (``status``, then ``on_status_change``).
          « Synchroniser maintenant » (F5 and the Fichier menu, or the status bar
          button) calls ``control.sync_now()``.
        - ``conflicts`` (the ``ConflictService``) feeds the « Conflits » section
          (Ctrl+6, built on its first visit). Its navigation entry appears, with the
          count, while conflicts are open; the status bar counts them too, and a click
          there opens the section.
        - Each resolution emits :attr:`conflict_did_resolve` with its ``ChangeSet``, for
          the views that show those records and for the pending count.

        Both services must call back on the Qt thread (the qasync loop's), like anything
        that reaches widgets.
        """
        self._sync = control
        self.status.set_sync_available(True)
        self.status.set_sync_status(control.status)
        control.on_status_change(self.status.set_sync_status)
        conflicts.on_conflicts_change(self._on_conflicts_change)
        self.register_section(INBOX, lambda: self._make_inbox(conflicts))
        self._sync_action.setEnabled(True)
        self._inbox_action.setEnabled(True)
        self._runner.start(self._count_conflicts(conflicts))

    def sync_now(self) -> None:
        """« Synchroniser maintenant »: nothing to do before sync is attached."""
        if self._sync is not None:
            self._sync.sync_now()
            self.status.showMessage(self.tr("Synchronisation demandée…"), 3000)

    def show_conflicts(self) -> None:
        """Open the conflict inbox, the keyboard in its list."""
        if self._locked is not None or INBOX not in self._factories:
            return
        self.select_section(INBOX)
        view = self._views.get(INBOX)
        if view is not None:
            view.setFocus(Qt.FocusReason.ShortcutFocusReason)

    @property
    def conflict_count(self) -> int:
        return self._conflict_count

    def _make_inbox(self, conflicts: "ConflictInbox") -> QWidget:
        from ui.conflicts.conflict_inbox_view import ConflictInboxView

        view = ConflictInboxView(conflicts)
        view.changes_did_happen.connect(self.conflict_did_resolve)
        # What the view read is the freshest count there is.
        view.conflicts_did_load.connect(self._show_conflict_count)
        self._inbox = view
        return view

    async def _count_conflicts(self, conflicts: "ConflictInbox") -> None:
        self._show_conflict_count(len(await conflicts.open_conflicts()))

    def _on_conflicts_change(self, count: int) -> None:
        self._show_conflict_count(count)
        if self._inbox is not None and self._inbox.isVisible():
            self._inbox.refresh()

    def _show_conflict_count(self, count: int) -> None:
        self._conflict_count = count
        self.status.set_conflict_count(count)
        if INBOX not in self._factories:
            return
        item = self.navigation.item(_KEYS.index(INBOX))
        # Out of sight when there is nothing to resolve, unless the GP is in it.
        item.setHidden(count == 0 and self.current_section != INBOX)
        title = self._title(INBOX)
        item.setText(title if count == 0 else self.tr("{title} ({n})").format(title=title, n=count))
        font = QFont(self.navigation.font())
        font.setBold(count > 0)
        item.setFont(font)
        item.setToolTip(
            self.tr("{title} (Ctrl+6) : {n} à résoudre").format(title=title, n=count)
            if count
            else f"{title} (Ctrl+6)"
        )

    # -- menus and shortcuts ---------------------------------------------------------

    def _build_menus(self, language: str) -> None:
        self._file_menu = self.menuBar().addMenu("")
        self._sync_action = QAction(self)
        self._sync_action.setShortcut(QKeySequence("F5"))
        self._sync_action.setEnabled(False)
        self._sync_action.triggered.connect(self.sync_now)
        self._file_menu.addAction(self._sync_action)
        self._front_desk_action = QAction(self)
        self._front_desk_action.setShortcut(QKeySequence("F8"))
        self._front_desk_action.setEnabled(False)
        self._front_desk_action.triggered.connect(self.front_desk_requested)
        self._file_menu.addAction(self._front_desk_action)
        self._file_menu.addSeparator()
        self._lock_action = QAction(self)
        self._lock_action.setShortcut(QKeySequence("Ctrl+L"))
        self._lock_action.triggered.connect(self.lock_requested)
        self._file_menu.addAction(self._lock_action)
        self._file_menu.addSeparator()
        self._quit = QAction(self)
        self._quit.setShortcut(QKeySequence.StandardKey.Quit)
        self._quit.triggered.connect(self.close)
        self._file_menu.addAction(self._quit)
        self._view_menu = self.menuBar().addMenu("")
        self._section_actions: list[QAction] = []
        for i, key in enumerate(SECTIONS):
            action = QAction(self)
            action.setShortcut(QKeySequence(f"Ctrl+{i + 1}"))
            action.triggered.connect(lambda _=False, k=key: self.select_section(k))
            self._view_menu.addAction(action)
            self._section_actions.append(action)
        self._inbox_action = QAction(self)
        self._inbox_action.setShortcut(QKeySequence("Ctrl+6"))
        self._inbox_action.setEnabled(False)
        self._inbox_action.triggered.connect(self.show_conflicts)
        self._view_menu.addAction(self._inbox_action)
        self._close_patient = QAction(self)
        self._close_patient.setShortcut(QKeySequence("Ctrl+W"))
        self._close_patient.triggered.connect(self.patient_close_requested)
        self._view_menu.addAction(self._close_patient)
        self._view_menu.addSeparator()
        self._language_menu = self._view_menu.addMenu("")
        group = QActionGroup(self)
        self._language_actions: dict[str, QAction] = {}
        for code, label in (("fr", "Français"), ("en", "English")):
            action = QAction(label, self)
            action.setCheckable(True)
            action.setChecked(code == language)
            action.triggered.connect(lambda _=False, c=code: self.language_did_change.emit(c))
            group.addAction(action)
            self._language_menu.addAction(action)
            self._language_actions[code] = action

    def _title(self, key: str) -> str:
        return {
            "agenda": self.tr("Agenda"),
            "patients": self.tr("Patients"),
            "teleconsultation": self.tr("Téléconsultation"),
            "images": self.tr("Images"),
            "vitals": self.tr("Constantes"),
            INBOX: self.tr("Conflits"),
        }[key]

    def _promise(self, key: str) -> str:
        return {
            "agenda": self.tr(
                "Agenda du jour et de la semaine, plusieurs praticiens, salle d'attente et "
                "créneaux de téléconsultation arrivent dans une prochaine version."
            ),
            "patients": self.tr("Ouverture des données chiffrées…"),
            "teleconsultation": self.tr(
                "La téléconsultation vidéo, avec réglage automatique de la caméra et du "
                "micro, arrive dans une prochaine version."
            ),
            "images": self.tr(
                "L'annotation des photos cliniques, avec mesures calibrées, arrive dans une "
                "prochaine version. Les photos déjà enregistrées sont conservées."
            ),
            "vitals": self.tr(
                "Les courbes de constantes (tension, fréquence cardiaque, SpO2, poids, "
                "glycémie) et leurs seuils d'alerte arrivent dans une prochaine version. "
                "Les mesures déjà enregistrées sont conservées."
            ),
            INBOX: self.tr(
                "Les fiches modifiées ici et sur un autre poste aux mêmes endroits "
                "apparaîtront ici dès que la synchronisation sera en marche."
            ),
        }[key]

    def _retranslate(self) -> None:
        self.setWindowTitle(
            self.tr("Cabinet — profil de démonstration") if self.demo else self.tr("Cabinet")
        )
        self.banner.setText(
            self.tr(
                "Profil de démonstration : patients fictifs, données générées. "
                "La clé de cette base est stockée dans un fichier, ce qui n'est permis "
                "que pour la démonstration."
            )
        )
        for i, key in enumerate(SECTIONS):
            item = self.navigation.item(i)
            item.setText(self._title(key))
            item.setToolTip(f"{self._title(key)} (Ctrl+{i + 1})")
            self._section_actions[i].setText(self._title(key))
        self._show_conflict_count(self._conflict_count)
        self._inbox_action.setText(self.tr("Conflits de synchronisation"))
        self._sync_action.setText(self.tr("Synchroniser maintenant"))
        self._front_desk_action.setText(self.tr("Lire la Carte Vitale…"))
        self._lock_action.setText(self.tr("Verrouiller le poste"))
        if self._demo_menu is not None:
            menu, pull, insert = self._demo_menu
            menu.setTitle(self.tr("&Démonstration"))
            pull.setText(self.tr("Retirer la carte CPS du lecteur"))
            insert.setText(self.tr("Insérer la carte CPS"))
        for key, view in self._views.items():
            if isinstance(view, ComingSoonView) and key not in self._factories:
                view.set_texts(self._title(key), self._promise(key))
        self._file_menu.setTitle(self.tr("&Fichier"))
        self._quit.setText(self.tr("&Quitter"))
        self._view_menu.setTitle(self.tr("&Affichage"))
        self._close_patient.setText(self.tr("Fermer le dossier patient"))
        self._language_menu.setTitle(self.tr("&Langue"))

    def set_language_checked(self, language: str) -> None:
        action = self._language_actions.get(language)
        if action is not None:
            action.setChecked(True)

    def demo_seeding_text(self) -> str:
        return self.tr("Création des patients de démonstration…")

    def placeholder_texts(self, key: str) -> tuple[str, str]:
        return self._title(key), self._promise(key)

    def closeEvent(self, event: QCloseEvent) -> None:
        super().closeEvent(event)
        if event.isAccepted():
            self.window_did_close.emit()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        super().changeEvent(event)
