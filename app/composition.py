"""The composition root: builds the services and the window and wires them.

The only module of ``app/`` that imports Qt and the adapter packages. Order matters
for start-up time: the window is built from light modules and painted first; qasync,
the store, keyring, the demo generator and the Patients view are imported after it,
and each section's heavy modules (pyqtgraph, aiortc, av, fhirclient) only when that
section is first opened.

Open, the workstation shows the login screen over everything: the card watch
(``cardreader/``) and the server (the embedded backend when none is configured) start,
and nothing of a patient is built until a practitioner logs in with a CPS and its PIN,
or with e-CPS through Pro Santé Connect when it is configured (``--psc-discovery``,
``--psc-client-id``). The session then comes from that login; sync starts under its
token; a pulled card, idleness or Ctrl+L lock again. Places left for the coming issues: the agenda,
video calls (``media/``), images and vital signs register their sections and services
after the login (:meth:`Composition._open_session`).
"""

import asyncio
import logging
import os
import sys
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings, Qt, QTimer
from PySide6.QtWidgets import QApplication

from app.config import Config
from app.startup_probe import StartupProbe
from ui.resource_paths import ResourcePaths
from ui.shell.busy_view import BusyView
from ui.shell.main_window import MainWindow
from ui.ui_language import UiLanguage

if TYPE_CHECKING:
    from collections.abc import Awaitable, Callable, Coroutine
    from pathlib import Path
    from typing import Any

    from PySide6.QtWidgets import QWidget

    from app.domain.change_set import ChangeSet
    from app.domain.identifier_system import IdentifierSystem
    from app.domain.patient import Patient
    from app.domain.sync_status import SyncStatus
    from app.ports.fhir_server import FhirServer
    from app.services.conflict_service import ConflictService
    from app.services.login_outcome import LoginOutcome
    from app.services.patient_draft import PatientDraft
    from app.services.patient_service import PatientService
    from app.services.session import Session
    from app.services.session_keeper import SessionKeeper
    from app.services.workstation_lock import WorkstationLock
    from app.store.encrypted_store import EncryptedStore
    from cardreader.demo_cards import DemoCards
    from cardreader.pcsc_card_reader import PcscCardReader
    from media.call_devices import CallDevices
    from media.call_session import CallSession
    from sync.ecps_backend_gateway import EcpsBackendGateway
    from sync.psc_login import PscLogin
    from sync.psc_settings import PscSettings
    from sync.server_token import ServerToken
    from sync.sync_engine import SyncEngine
    from ui.agenda.agenda_view import AgendaView
    from ui.front_desk.vitale_dialog import VitaleDialog
    from ui.login.login_view import LoginView
    from ui.patients.patients_view import PatientsView
    from ui.teleconsultation.teleconsultation_view import TeleconsultationView

log = logging.getLogger(__name__)

DEMO_SEED = 2026
IDLE_CHECK_MS = 10_000


class Composition:
    """Owns the application objects for one run of the workstation."""

    def __init__(
        self,
        config: Config,
        *,
        open_browser: "Callable[[str], Awaitable[None]] | None" = None,
    ) -> None:
        self.config = config
        # How PSC's login page is shown: the desktop's browser, or a test's user agent.
        self._open_browser = open_browser
        self.store: EncryptedStore | None = None
        self.window: MainWindow | None = None
        self.patients: PatientService | None = None
        self.server: FhirServer | None = None
        self.sync: SyncEngine | None = None
        self.conflicts: ConflictService | None = None
        self._patients_view: PatientsView | None = None
        self.session: Session | None = None
        # Set once the Patients list has loaded after the first login (tests, probes).
        self.patients_ready = asyncio.Event()
        self.cards: PcscCardReader | None = None
        self.lock: WorkstationLock | None = None
        self.keeper: SessionKeeper | None = None
        self._psc_login: PscLogin | None = None
        self._agenda_view: AgendaView | None = None
        self._call_devices: CallDevices | None = None
        # The logged-in practitioner's server token (card or e-CPS login), once known.
        self._tokens: ServerToken | None = None
        # Opens the Carte Vitale dialog over a given window (F8, the booking form).
        self._vitale_dialog: Callable[[QWidget], VitaleDialog] | None = None
        self.login_view: LoginView | None = None
        self._demo: DemoCards | None = None
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
        """Open the store, start the card watch and the server, and show the login
        screen; False when the store stays locked. Patient data appear after a login."""
        from app.log_setup import LogSetup
        from app.store.encrypted_store import EncryptedStore
        from app.store.profile_keys import ProfileKeys
        from app.store.store_locked_error import StoreLockedError

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
        store = self.store
        if self.config.demo:
            await self._seed_demo(store, window)
        self._watch_network(window)
        await self._refresh_status()
        await self._start_login(store, window)
        self._probe.mark("interactive")
        return True

    async def _start_login(self, store: "EncryptedStore", window: MainWindow) -> None:
        """Card watch, server, login screen, lock; the session comes from the login."""
        from app.domain.workstation_lock_reason import WorkstationLockReason
        from app.services.login_service import LoginService
        from app.services.session_keeper import SessionKeeper
        from app.services.workstation_lock import WorkstationLock
        from cardreader.pcsc_card_reader import PcscCardReader
        from sync.cps_backend_login import CpsBackendLogin
        from ui.login.login_view import LoginView
        from ui.shell.activity_filter import ActivityFilter

        trust_anchors = self.config.cps_trust_anchors
        demo_pin: str | None = None
        if self.config.demo:
            demo_cards = self._demo_cards()
            await asyncio.to_thread(demo_cards.start)
            self._demo = demo_cards
            trust_anchors = demo_cards.ca_certificate_path
            demo_pin = demo_cards.pin
            window.add_demo_card_actions(demo_cards.remove_cps, demo_cards.insert_cps)
        cards = PcscCardReader()
        self.cards = cards
        await cards.start()
        server, tokens, until_ready, server_key = await self._connect_server(
            store, window, trust_anchors
        )
        gateway = CpsBackendLogin(tokens, until_ready=until_ready)
        self._tokens = tokens
        workstation = f"{store.workstation_name} ({store.workstation_id})"
        login = LoginService(
            store, cards, gateway, workstation, ecps=self._ecps(tokens, until_ready)
        )
        lock = WorkstationLock(idle_s=self.config.idle_lock_s)
        keeper = SessionKeeper(login, lock, lambda: tokens.expires_at)
        self.lock, self.keeper = lock, keeper
        view = LoginView(login, demo_pin=demo_pin)
        self.login_view = view

        def on_logged_in(outcome: "LoginOutcome") -> None:
            if self.session is None:
                self._open_session(outcome.session, window)
            window.status.set_user(
                outcome.session.display_name, demo=self.config.demo, by_ecps=outcome.by_ecps
            )
            keeper.begin(outcome)

        def on_lock_change(reason: WorkstationLockReason | None) -> None:
            if reason is None:
                window.hide_workstation_lock()
                return
            window.show_workstation_lock(view)

            async def end_then_ask(locked: WorkstationLockReason) -> None:
                # The session's card closes (a reset) before the view opens it again:
                # the other order resets the card under the new connection.
                await keeper.end()
                owner = lock.owner
                if owner is not None and lock.reason is locked:
                    view.show_locked(locked, owner)

            self._spawn(end_then_ask(reason))

        def on_online(online: bool) -> None:
            # A fresh token: sync starts (first login) or catches up (after offline work).
            if not online or self.session is None:
                return
            if self.sync is None:
                self._start_sync(server, server_key, store, self.session)
            else:
                self.sync.sync_now()

        view.logged_in.connect(on_logged_in)
        lock.on_change(on_lock_change)
        keeper.on_online_change(on_online)
        cards.on_state_change(lock.card_state_changed)
        window.lock_requested.connect(lambda: lock.lock(WorkstationLockReason.MANUAL))
        activity = ActivityFilter(window)
        activity.activity.connect(lock.user_did_act)
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(activity)
        idle = QTimer(window)
        # Often enough that a short configured delay is kept to within a quarter of it.
        idle.setInterval(min(IDLE_CHECK_MS, max(100, int(lock.idle_s * 250))))
        idle.timeout.connect(lock.check_idle)
        idle.start()
        window.show_workstation_lock(view)
        view.show_login()

    def _demo_cards(self) -> "DemoCards":
        from datetime import date

        from app.demo.demo_generator import DemoGenerator
        from cardreader.demo_cards import DemoCards

        id_nat_ps, surname, given = DemoGenerator(DEMO_SEED, today=date.today()).lead_card_holder
        return DemoCards(
            self.config.profile_dir / "demo-pki",
            id_nat_ps,
            surname,
            given,
            port=self.config.vpcd_port,
        )

    def _open_session(self, session: "Session", window: MainWindow) -> None:
        """The first login: the services that act for the practitioner, and the sections."""
        from app.domain.identifier_system import IdentifierSystem
        from app.services.patient_service import PatientService
        from ui.patients.patients_view import PatientsView

        self.session = session
        store = self.store
        assert store is not None  # noqa: S101 - opened before any login
        self.patients = PatientService(store, session)
        default_system = (
            IdentifierSystem.INS_NIR_DEMO if self.config.demo else IdentifierSystem.INS_NIR
        )
        patients = self.patients

        def make_patients_view() -> PatientsView:
            view = PatientsView(patients, default_system)
            view.patient_did_open.connect(window.set_patient)
            view.changes_did_happen.connect(self._on_changes)
            window.patient_close_requested.connect(lambda: view.show_patient(None))
            window.patient_close_requested.connect(lambda: window.set_patient(None))
            view.list_did_load.connect(lambda _n: self.patients_ready.set())
            view.run_search()
            self._patients_view = view
            return view

        window.register_section("patients", make_patients_view)
        self._open_front_desk(store, session, window, default_system)
        self._open_agenda(store, session, window, default_system)
        if self._demo is not None:
            self._spawn(self._insert_demo_vitale(store, self._demo))

    def _open_agenda(
        self,
        store: "EncryptedStore",
        session: "Session",
        window: MainWindow,
        system: "IdentifierSystem",
    ) -> None:
        """The Agenda section: its service acts for the session's practitioner."""
        from app.services.agenda_service import AgendaService
        from sync.teleconsultation_rooms_client import TeleconsultationRoomsClient

        agenda = AgendaService(store, session)
        rooms = TeleconsultationRoomsClient(self._tokens) if self._tokens is not None else None
        patients = self.patients
        assert patients is not None  # noqa: S101 - made just before

        async def save_patient(draft: "PatientDraft", base: "Patient | None") -> "Patient":
            patient, changes = await patients.save(draft, base)
            self._on_changes(changes)
            return patient

        def open_chart(patient_ref: str) -> None:
            self._spawn(self._show_chart(patient_ref.removeprefix("Patient/"), window))

        def make_agenda_view() -> "AgendaView":
            from ui.agenda.agenda_view import AgendaView

            view = AgendaView(
                agenda,
                search_patients=patients.search,
                save_patient=save_patient,
                default_system=system,
                me=session.practitioner_ref,
                open_vitale=self._vitale_dialog,
                rooms=rooms.room if rooms is not None else None,
            )
            view.changes_did_happen.connect(self._on_changes)
            view.patient_requested.connect(open_chart)

            def start_call(appointment_id: str) -> None:
                from ui.teleconsultation.teleconsultation_view import TeleconsultationView

                window.select_section("teleconsultation")
                calls = window.section_view("teleconsultation")
                appointment = view.appointment(appointment_id)
                if isinstance(calls, TeleconsultationView) and appointment is not None:
                    unique = Qt.ConnectionType.UniqueConnection
                    calls.call_started.connect(view.record_call_started, unique)
                    calls.call_ended.connect(view.record_call_ended, unique)
                    title = f"{appointment.patient_name} — {appointment.start:%H:%M}"
                    calls.start(appointment_id, title)

            view.teleconsultation_requested.connect(start_call)
            self._agenda_view = view
            return view

        window.register_section("agenda", make_agenda_view)
        window.register_section("teleconsultation", self._make_teleconsultation_view)

    def _make_teleconsultation_view(self) -> "TeleconsultationView":
        """Calls go through the backend's signalling room under the practitioner's token,
        with the camera, microphone and loudspeaker of :class:`CallDevices` (checked in
        the background from now on, remembered in the profile's settings)."""
        from media.call_devices import KINDS, CallDevices
        from media.device_catalog import DeviceCatalog
        from ui.teleconsultation.teleconsultation_view import TeleconsultationView

        tokens = self._tokens
        assert tokens is not None  # noqa: S101 - sections open after login
        settings = QSettings(str(self.config.settings_path), QSettings.Format.IniFormat)

        def remember(kind: str, device_id: str) -> None:
            settings.setValue(f"devices/{kind}", device_id)
            settings.sync()

        devices = CallDevices(
            DeviceCatalog(),
            {kind: str(settings.value(f"devices/{kind}", "")) or None for kind in KINDS},
            remember,
        )
        devices.start()
        self._call_devices = devices

        def open_call(appointment_id: str) -> "CallSession":
            # base_url() raises ConnectionError (the server down) before a device opens.
            return devices.open_call(tokens.base_url(), appointment_id, tokens.token)

        view = TeleconsultationView(open_call, devices)
        devices.setParent(view)
        return view

    async def _show_chart(self, patient_id: str, window: MainWindow) -> None:
        patients = self.patients
        if patients is None:
            return
        patient = await patients.open_chart(patient_id)
        if patient is None:
            return
        window.select_section("patients")
        if self._patients_view is not None:
            self._patients_view.show_patient(patient)

    def _open_front_desk(
        self,
        store: "EncryptedStore",
        session: "Session",
        window: MainWindow,
        system: "IdentifierSystem",
    ) -> None:
        """F8: the Carte Vitale in a reader → the patient found, or created from it."""
        from app.services.front_desk_service import FrontDeskService
        from ui.front_desk.vitale_dialog import VitaleDialog

        cards = self.cards
        if cards is None:
            return
        desk = FrontDeskService(store, cards, session)

        def open_chart(patient: "Patient") -> None:
            window.select_section("patients")
            if self._patients_view is not None:
                self._patients_view.show_patient(patient)

        def created(_patient: "Patient", changes: "ChangeSet") -> None:
            self._on_changes(changes)
            self._on_sync_changes(changes)

        def make_dialog(parent: "QWidget") -> VitaleDialog:
            dialog = VitaleDialog(desk, system, parent)
            dialog.patient_created.connect(created)
            return dialog

        def show() -> None:
            dialog = make_dialog(window)
            dialog.patient_chosen.connect(open_chart)
            dialog.finished.connect(dialog.deleteLater)
            dialog.open()

        self._vitale_dialog = make_dialog

        window.front_desk_requested.connect(show)
        window.set_front_desk_available(True)

    async def _insert_demo_vitale(self, store: "EncryptedStore", demo: "DemoCards") -> None:
        """The demo's Carte Vitale: a mother who is a patient here, and a son who is not
        yet (so F8 shows both the match and the creation)."""
        from app.domain.patient import Patient
        from app.domain.patient_query import PatientQuery
        from cardreader.simulator.simulated_beneficiary import SimulatedBeneficiary

        rows = await store.search_patients(PatientQuery(ins_prefix="2"), 20)
        mothers = [
            (p, p.ins, p.birth_date)
            for p in map(Patient.from_fhir, rows)
            if p.ins is not None and p.birth_date is not None
        ]
        if not mothers:
            return
        mother, nir, born = mothers[0]
        son = SimulatedBeneficiary.samples(2)[1]
        holders = [
            SimulatedBeneficiary(
                mother.family.upper(),
                mother.given.upper(),
                born.strftime("%Y%m%d"),
                nir.value,
            ),
            SimulatedBeneficiary(mother.family.upper(), son.first_name, son.birth_date, son.nir),
        ]
        demo.insert_vitale(holders)  # hands the card to the simulator thread: instant

    async def _connect_server(
        self, store: "EncryptedStore", window: MainWindow, trust_anchors: "Path | None"
    ) -> tuple["FhirServer", "ServerToken", "Callable[[], Awaitable[None]] | None", str]:
        """The server, the practitioner's token for it (whichever login earns it), what a
        login waits for before asking it: the configured server, or the embedded backend
        started in the background (a card login before it answers waits for it)."""
        from sync.embedded_backend import EmbeddedBackend
        from sync.remote_server import RemoteServer
        from sync.server_token import ServerToken

        psc = self._psc_client()
        url = self.config.server_url
        if url is not None:
            window.status.set_remote_server(url)
            tokens = ServerToken(url)
            remote = RemoteServer(url, tokens)
            self.server = remote
            return remote, tokens, None, url
        backend = EmbeddedBackend(
            db_path=self.config.profile_dir / "backend.db",
            db_key=await store.secret("backend-db"),
            # The bootstrap token only proves the child answers; sync works under the
            # practitioner's token (the source below) once they logged in.
            practitioner=f"Practitioner/workstation-{store.workstation_id}",
            display=store.workstation_name,
            log_path=self.config.log_dir / "backend.log",
            cps_trust_anchors=trust_anchors,
            psc=None if psc is None else (psc.discovery_url, psc.client_id),
        )
        tokens = ServerToken(lambda: backend.base_url)
        backend.use_token_source(tokens)
        backend.on_state_change(lambda state: window.status.set_server(state, backend.restarts))
        self.server = backend
        self._spawn(backend.start())
        return backend, tokens, backend.until_started, "embedded"

    def _psc_client(self) -> "PscSettings | None":
        """Pro Santé Connect as configured; the client secret only from the environment
        (never a command line, which other local users can read)."""
        from sync.psc_settings import PscSettings

        if self.config.psc_discovery is None or self.config.psc_client_id is None:
            return None
        return PscSettings(
            discovery_url=self.config.psc_discovery,
            client_id=self.config.psc_client_id,
            client_secret=os.environ.get("CABINET_PSC_CLIENT_SECRET") or None,
        )

    def _ecps(
        self, tokens: "ServerToken", until_ready: "Callable[[], Awaitable[None]] | None"
    ) -> "EcpsBackendGateway | None":
        """The e-CPS login when Pro Santé Connect is configured; the system browser opens
        PSC's page (RFC 8252: never a browser embedded in the application)."""
        from PySide6.QtCore import QUrl
        from PySide6.QtGui import QDesktopServices

        from sync.ecps_backend_gateway import EcpsBackendGateway
        from sync.psc_login import PscLogin
        from sync.psc_login_error import PscFailure, PscLoginError

        settings = self._psc_client()
        if settings is None:
            return None

        async def open_browser(url: str) -> None:
            if not QDesktopServices.openUrl(QUrl(url)):
                raise PscLoginError(PscFailure.UNREACHABLE, "no web browser could be opened")

        psc = PscLogin(settings, self._open_browser or open_browser)
        self._psc_login = psc
        return EcpsBackendGateway(psc, tokens, until_ready=until_ready)

    def _spawn(self, work: "Coroutine[Any, Any, None]") -> None:
        task = asyncio.get_running_loop().create_task(work)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

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

    async def _seed_demo(self, store: "EncryptedStore", window: MainWindow) -> None:
        """The demo's synthetic practice, once per profile, created by its lead doctor."""
        from datetime import date

        from app.demo.demo_generator import DemoGenerator
        from app.services.session import Session

        if await store.count("Patient") > 0:
            return
        generator = DemoGenerator(DEMO_SEED, today=date.today())
        ref, name = generator.lead_practitioner
        creator = Session(ref, name, f"{store.workstation_name} ({store.workstation_id})")
        view = window.section_view("patients")
        if isinstance(view, BusyView):
            view.set_text(window.demo_seeding_text())
        resources = await asyncio.get_running_loop().run_in_executor(None, generator.resources)
        await store.commit(resources, [creator.record_create(r.ref) for r in resources])
        log.info("demo profile created: %d resources", len(resources))

    def _on_changes(self, _changes: "ChangeSet") -> None:
        """A local edit: sync soon, and show the pending count now."""
        if self.sync is not None:
            self.sync.notify_local_change()
        self._spawn(self._refresh_status())

    async def _refresh_status(self) -> None:
        if self.store is not None and self.window is not None:
            self.window.status.set_pending(await self.store.outbox_size())

    def _on_sync_changes(self, changes: "ChangeSet") -> None:
        """The server's changes reached the store: the views showing them redraw."""
        if self._patients_view is not None:
            self._patients_view.on_changes(changes)
        if self._agenda_view is not None:
            self._agenda_view.refresh_if(changes)

    async def close(self) -> None:
        # Background work (device checks, refreshes) ends before what it uses closes.
        tasks = [task for task in self._tasks if not task.done()]
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        if self._call_devices is not None:
            await self._call_devices.close()
            self._call_devices = None
        if self.keeper is not None:
            await self.keeper.end()
        if self._psc_login is not None:
            await self._psc_login.close()
        if self.cards is not None:
            await self.cards.stop()
            self.cards = None
        if self._demo is not None:
            await asyncio.to_thread(self._demo.stop)
            self._demo = None
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
