"""The composition root: builds the services and the window and wires them.

The only module of ``app/`` that imports Qt and the adapter packages. Order matters
for start-up time: the window is built from light modules and painted first; qasync,
the store, keyring, the demo generator and the Patients view are imported after it,
and each section's heavy modules (pyqtgraph, aiortc, av, fhirclient) only when that
section is first opened.

Sync (``sync/``) starts once the server is up: with no server configured, the embedded
backend the workstation starts itself. Places left for the coming issues: card login
(``cardreader/``), the agenda, video calls (``media/``), images and vital signs register
their sections and services in :meth:`Composition.open`.
"""

import asyncio
import logging
import sys
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import QApplication

from app.config import Config
from app.startup_probe import StartupProbe
from ui.resource_paths import ResourcePaths
from ui.shell.busy_view import BusyView
from ui.shell.main_window import MainWindow
from ui.ui_language import UiLanguage

if TYPE_CHECKING:
    from app.domain.change_set import ChangeSet
    from app.domain.sync_status import SyncStatus
    from app.ports.fhir_server import FhirServer
    from app.services.conflict_service import ConflictService
    from app.services.patient_service import PatientService
    from app.services.session import Session
    from app.store.encrypted_store import EncryptedStore
    from sync.sync_engine import SyncEngine
    from ui.patients.patients_view import PatientsView

log = logging.getLogger(__name__)

DEMO_SEED = 2026


class Composition:
    """Owns the application objects for one run of the workstation."""

    def __init__(self, config: Config) -> None:
        self.config = config
        self.store: EncryptedStore | None = None
        self.window: MainWindow | None = None
        self.patients: PatientService | None = None
        self.server: FhirServer | None = None
        self.sync: SyncEngine | None = None
        self.conflicts: ConflictService | None = None
        self._patients_view: PatientsView | None = None
        self._probe = StartupProbe.from_env()
        self._tasks: set[asyncio.Task[None]] = set()

    # -- start -----------------------------------------------------------------------

    def run(self) -> int:
        """Paint the window, then run the qasync loop until the window closes."""
        existing = QApplication.instance()
        app = existing if isinstance(existing, QApplication) else QApplication(sys.argv[:1])
        # The loop ends when the window closes, after the store is closed cleanly;
        # QApplication.quit() would stop the qasync loop under our feet.
        app.setQuitOnLastWindowClosed(False)
        window = self.build_window(app)
        window.show()
        app.processEvents()  # the first paint, before any heavy import
        self._probe.mark("first_window")
        import qasync

        return asyncio.run(self._main(window), loop_factory=qasync.QEventLoop)

    def build_window(self, app: QApplication) -> MainWindow:
        app.setApplicationName("Cabinet")
        app.setOrganizationName("Cabinet")
        self.config.profile_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
        settings = QSettings(str(self.config.settings_path), QSettings.Format.IniFormat)
        language = self.config.language or str(settings.value("language", "fr"))
        self._language = UiLanguage(app)
        self._language.apply(language)
        app.setStyleSheet(ResourcePaths.stylesheet().read_text(encoding="utf-8"))
        window = MainWindow(demo=self.config.demo, language=self._language.current)
        window.register_section(
            "patients", lambda: BusyView(window.placeholder_texts("patients")[1])
        )

        def change_language(code: str) -> None:
            if self._language.apply(code):
                settings.setValue("language", code)
            window.set_language_checked(self._language.current)

        window.language_did_change.connect(change_language)
        self.window = window
        return window

    async def _main(self, window: MainWindow) -> int:
        closing = asyncio.Event()
        window.window_did_close.connect(closing.set)
        await self.open(window)
        if self._probe.quit_when_interactive:
            QTimer.singleShot(0, window.close)
        await closing.wait()
        await self.close()
        return 0

    async def open(self, window: MainWindow) -> bool:
        """Open the store and install the sections; False when it stays locked."""
        from app.domain.identifier_system import IdentifierSystem
        from app.log_setup import LogSetup
        from app.services.patient_service import PatientService
        from app.store.encrypted_store import EncryptedStore
        from app.store.profile_keys import ProfileKeys
        from app.store.store_locked_error import StoreLockedError
        from ui.patients.patients_view import PatientsView

        LogSetup.install(self.config.log_dir)
        log.info("starting profile (demo=%s)", self.config.demo)
        try:
            self.store = await EncryptedStore.open(
                self.config.db_path, ProfileKeys.for_config(self.config)
            )
        except StoreLockedError as exc:
            log.warning("store locked: %s", exc.reason.value)
            window.show_locked(exc.reason, exc.path)
            window.status.set_pending(None)
            return False
        session = await self._session(self.store, window)
        self.patients = PatientService(self.store, session)
        default_system = (
            IdentifierSystem.INS_NIR_DEMO if self.config.demo else IdentifierSystem.INS_NIR
        )
        patients = self.patients
        interactive = asyncio.get_running_loop().create_future()

        def make_patients_view() -> PatientsView:
            view = PatientsView(patients, default_system)
            view.patient_did_open.connect(window.set_patient)
            view.changes_did_happen.connect(self._on_changes)
            window.patient_close_requested.connect(lambda: view.show_patient(None))
            window.patient_close_requested.connect(lambda: window.set_patient(None))
            view.list_did_load.connect(
                lambda _n: None if interactive.done() else interactive.set_result(None)
            )
            view.run_search()
            self._patients_view = view
            return view

        window.register_section("patients", make_patients_view)
        window.status.set_user(session.display_name, demo=self.config.demo)
        self._watch_network(window)
        await self._refresh_status()
        if window.current_section == "patients":
            await interactive
        self._probe.mark("interactive")
        # After the list is usable: the server (and aiohttp) is not needed to start work.
        await self._start_server(self.store, session, window)
        return True

    async def _start_server(
        self, store: "EncryptedStore", session: "Session", window: MainWindow
    ) -> None:
        """The configured server, or the embedded backend started in the background."""
        if self.config.server_url is not None:
            window.status.set_remote_server(self.config.server_url)
            return
        from sync.embedded_backend import EmbeddedBackend

        backend = EmbeddedBackend(
            db_path=self.config.profile_dir / "backend.db",
            db_key=await store.secret("backend-db"),
            practitioner=session.practitioner_ref,
            display=session.display_name,
            log_path=self.config.log_dir / "backend.log",
        )
        backend.on_state_change(lambda state: window.status.set_server(state, backend.restarts))
        self.server = backend
        # Not awaited: the Patients section works from the store while it starts.
        task = asyncio.get_running_loop().create_task(self._start_embedded(backend, store, session))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _start_embedded(
        self, backend: "FhirServer", store: "EncryptedStore", session: "Session"
    ) -> None:
        await backend.start()
        if self.store is store:
            self._start_sync(backend, "embedded", store, session)

    def _start_sync(
        self, server: "FhirServer", server_key: str, store: "EncryptedStore", session: "Session"
    ) -> None:
        """Sync in the background; its status and conflicts go to the window."""
        from app.services.conflict_service import ConflictService
        from sync.sync_engine import SyncEngine

        engine = SyncEngine(
            store, server, server_key, f"{session.display_name} ({store.workstation_name})"
        )
        conflicts = ConflictService(store, session)
        self.sync, self.conflicts = engine, conflicts
        window = self.window
        last_count = -1

        def on_status(status: "SyncStatus") -> None:
            nonlocal last_count
            count = status.conflicts
            if count != last_count:
                last_count = count
                conflicts.announce(count)

        engine.on_status_change(on_status)
        engine.on_changes(self._on_sync_changes)
        if window is not None:
            window.attach_sync(engine, conflicts)
            # A resolution is a local edit: pushed soon, and the views showing it redraw.
            window.conflict_did_resolve.connect(self._on_changes)
            window.conflict_did_resolve.connect(self._on_sync_changes)
        engine.start()

    def _watch_network(self, window: MainWindow) -> None:
        """Reachability from the OS (NetworkManager, GLib...), shown in the status bar."""
        from PySide6.QtNetwork import QNetworkInformation

        if not QNetworkInformation.loadDefaultBackend():
            return
        info = QNetworkInformation.instance()
        states = {
            QNetworkInformation.Reachability.Online: "online",
            QNetworkInformation.Reachability.Site: "local",
            QNetworkInformation.Reachability.Local: "local",
            QNetworkInformation.Reachability.Disconnected: "offline",
        }

        def update() -> None:
            window.status.set_network(states.get(info.reachability(), "unknown"))

        info.reachabilityChanged.connect(update)
        update()

    async def _session(self, store: "EncryptedStore", window: MainWindow) -> "Session":
        import getpass
        from datetime import date

        from app.demo.demo_generator import DemoGenerator
        from app.services.session import Session

        workstation = f"{store.workstation_name} ({store.workstation_id})"
        if not self.config.demo:
            # Until card login arrives, the operator is the OS account of the session.
            user = getpass.getuser()
            return Session(f"Practitioner/local-{user}", user, workstation)
        generator = DemoGenerator(DEMO_SEED, today=date.today())
        ref, name = generator.lead_practitioner
        session = Session(ref, name, workstation)
        if await store.count("Patient") == 0:
            view = window.section_view("patients")
            if isinstance(view, BusyView):
                view.set_text(window.demo_seeding_text())
            resources = await asyncio.get_running_loop().run_in_executor(None, generator.resources)
            await store.commit(resources, [session.record_create(r.ref) for r in resources])
            log.info("demo profile created: %d resources", len(resources))
        return session

    def _on_changes(self, _changes: "ChangeSet") -> None:
        """A local edit: sync soon, and show the pending count now."""
        if self.sync is not None:
            self.sync.notify_local_change()
        task = asyncio.get_running_loop().create_task(self._refresh_status())
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _refresh_status(self) -> None:
        if self.store is not None and self.window is not None:
            self.window.status.set_pending(await self.store.outbox_size())

    def _on_sync_changes(self, changes: "ChangeSet") -> None:
        """The server's changes reached the store: the views showing them redraw."""
        if self._patients_view is not None:
            self._patients_view.on_changes(changes)

    async def close(self) -> None:
        if self.sync is not None:
            await self.sync.stop()
            self.sync = None
        if self.server is not None:
            await self.server.stop()
            self.server = None
        if self.store is not None:
            await self.store.close()
            self.store = None
        log.info("stopped")
