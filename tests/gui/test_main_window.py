"""The main window on the real store: sections, search, chart opening, identity form."""

import asyncio
from collections.abc import Callable
from datetime import datetime, time, timedelta
from pathlib import Path

import aiohttp
import keyring
import keyring.backends.fail
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QLabel
from pytestqt.qtbot import QtBot

from app.audit.audit_entry import AuditAction
from app.composition import Composition
from app.config import Config
from app.domain.card_kind import CardKind
from app.domain.nir import Nir
from app.domain.patient import Patient
from app.domain.sync_status import SyncPhase
from app.services.agenda_service import PRACTICE_ZONE
from app.store.lock_reason import LockReason
from cardreader.simulator.card_simulator import CardSimulator
from cardreader.simulator.cps_card import CpsCard as SimulatedCps
from cardreader.simulator.test_pki import CA_CERTIFICATE_FILE
from tests.fakes.file_keyring import FileKeyring
from tests.gui.conftest import AsyncRunner, screenshot, until
from tests.helpers.pcsc_daemon import PcscDaemon
from tests.helpers.pcsc_fixtures import PkiFiles
from ui.agenda.agenda_view import AgendaView
from ui.login.login_phase import LoginPhase
from ui.patients.patients_view import PatientsView
from ui.shell.coming_soon_view import ComingSoonView
from ui.shell.main_window import SECTIONS, MainWindow
from ui.teleconsultation.teleconsultation_view import TeleconsultationView

PIN = "1234"


async def _start(
    qapp: QApplication, qtbot: QtBot, config: Config, *, log_in: bool = True
) -> tuple[Composition, MainWindow]:
    """Start as the workstation does; then, unless told not to, type the card's PIN on
    the login screen (real pcscd, the card simulator, the embedded backend)."""
    composition = Composition(config)
    window = composition.build_window(qapp)
    qtbot.addWidget(window)
    window.show()
    opened = await composition.open(window)
    if opened and log_in:
        view = composition.login_view
        assert view is not None
        assert window.workstation_locked
        assert window.section_view("patients") is None or not isinstance(
            window.section_view("patients"), PatientsView
        )
        await until(lambda: view.phase is LoginPhase.PIN, within=20)
        view.pin_field.setText(PIN)
        view.submit()
        await until(lambda: not window.workstation_locked, within=20)
        assert isinstance(window.section_view("patients"), PatientsView)
        await asyncio.wait_for(composition.patients_ready.wait(), 20)
    return composition, window


def _card_config(
    tmp_path: Path, daemon: PcscDaemon, simulator: CardSimulator, pki: PkiFiles
) -> Config:
    """A practice profile whose backend trusts the TEST CA, a CPS of it in the reader."""
    simulator.reader(0).insert(
        SimulatedCps(CardKind.CPS3_CONTACT, pki.authentication, pki.signature)
    )
    return Config(
        profile="cabinet",
        demo=False,
        data_root=tmp_path,
        cps_trust_anchors=pki.directory / CA_CERTIFICATE_FILE,
        vpcd_port=daemon.vpcd_port,
    )


def _patient_in_context(window: MainWindow) -> Patient | None:
    return window.context.patient


def _labels(window: MainWindow) -> str:
    return "\n".join(label.text() for label in window.findChildren(QLabel) if label.isVisible())


def test_demo_profile_visit_search_open_chart(
    qapp: QApplication, qtbot: QtBot, arun: AsyncRunner, tmp_path: Path, pcsc_daemon: PcscDaemon
) -> None:
    async def scenario() -> None:
        config = Config(
            profile="demo", demo=True, data_root=tmp_path, vpcd_port=pcsc_daemon.vpcd_port
        )
        composition, window = await _start(qapp, qtbot, config)
        assert window.banner.isVisible()
        assert "démonstration" in window.banner.text()
        view = window.section_view("patients")
        assert isinstance(view, PatientsView)
        assert view.model.rowCount() > 100

        # Every section can be visited; those not built yet say so and show no data.
        for key in SECTIONS:
            window.select_section(key)
            shown = window.stack.currentWidget()
            if key == "patients":
                assert shown is view
            elif key == "agenda":
                assert isinstance(shown, AgendaView)
                await until(lambda a=shown: len(a.shown()) > 0)  # type: ignore[misc]
                assert screenshot(window, "main_window_agenda").stat().st_size > 20_000
            elif key == "teleconsultation":
                assert isinstance(shown, TeleconsultationView)
                assert "Aucune téléconsultation en cours" in shown.idle.text()
            else:
                assert isinstance(shown, ComingSoonView)
                assert "bientôt disponible" in _labels(window)
        qtbot.keyClick(window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
        assert window.stack.currentWidget() is view

        # Search by the beginning of a surname, as typed at the desk.
        target = view.model.patient_at(42)
        assert target is not None
        prefix = target.family[:4]
        view.search.clear()
        qtbot.keyClicks(view.search, prefix)
        await until(
            lambda: (
                view.model.rowCount() > 0
                and view.search.text() == prefix
                and not view._debounce.isActive()
            )
        )
        await until(
            lambda: all(
                (p := view.model.patient_at(r)) is not None
                and prefix.lower() in (p.family + " " + p.given).lower()
                for r in range(view.model.rowCount())
            )
        )
        row = view.model.row_of(target.id)
        assert row >= 0

        store = composition.store
        assert store is not None
        reads_before = sum(e.action == AuditAction.READ for e in await store.audit_entries())
        index = view.model.index(row, 0)
        view.table.setCurrentIndex(index)
        qtbot.keyClick(view.table, Qt.Key.Key_Return)
        await until(lambda: view.chart.patient is not None)
        assert view.chart.patient is not None and view.chart.patient.id == target.id
        assert window.context.patient is not None and window.context.patient.id == target.id
        assert target.family.upper() in _labels(window)
        entries = await store.audit_entries()
        reads = [e for e in entries if e.action == AuditAction.READ]
        assert len(reads) == reads_before + 1
        assert reads[-1].entity == f"Patient/{target.id}"
        assert reads[-1].who.startswith("Practitioner/")

        # Search by birth date and by INS prefix find the same patient.
        assert target.birth_date is not None and target.ins is not None
        born, ins = target.birth_date, target.ins.value
        searches = {
            born.strftime("%d/%m/%Y"): lambda p: p.birth_date == born,
            ins[:7]: lambda p: p.ins is not None and p.ins.value.startswith(ins[:7]),
        }
        for text, matches in searches.items():
            view.search.setText(text)
            view.run_search()

            def only_matches(match: Callable[[Patient], bool] = matches) -> bool:
                shown = [view.model.patient_at(r) for r in range(view.model.rowCount())]
                return all(p is not None and match(p) for p in shown)

            await until(lambda: view.model.row_of(target.id) >= 0 and only_matches())

        view.search.clear()
        view.run_search()
        await until(lambda: view.model.rowCount() > 100)
        view.table.selectRow(view.model.row_of(target.id))
        # The embedded backend came up behind the window.
        await until(lambda: "en marche" in window.status.server_label.text(), within=30)
        path = screenshot(window, "demo_profile_patients")
        assert path.stat().st_size > 10_000

        # Closing the chart clears the patient in context.
        qtbot.keyClick(window, Qt.Key.Key_W, Qt.KeyboardModifier.ControlModifier)
        assert _patient_in_context(window) is None
        await composition.close()

    arun(scenario(), timeout=120)


def test_an_appointment_booked_elsewhere_appears_live_in_the_agenda(
    qapp: QApplication, qtbot: QtBot, arun: AsyncRunner, tmp_path: Path, pcsc_daemon: PcscDaemon
) -> None:
    """Another workstation books on the practice's server; sync brings it, and the agenda
    shows it without losing the GP's selection or scroll position."""

    async def scenario() -> None:
        config = Config(
            profile="demo", demo=True, data_root=tmp_path, vpcd_port=pcsc_daemon.vpcd_port
        )
        composition, window = await _start(qapp, qtbot, config)
        window.select_section("agenda")
        agenda = window.stack.currentWidget()
        assert isinstance(agenda, AgendaView)
        await until(lambda: len(agenda.shown()) > 0 and not agenda.busy(), within=20)
        me = agenda.whose.currentData()
        assert isinstance(me, str) and me.startswith("Practitioner/")
        chosen = sorted(agenda.shown(), key=lambda a: a.start)[3]
        agenda.grid.select(chosen.id)
        agenda.grid.scroll_to_time(11)
        scrolled = agenda.grid.verticalScrollBar().value()
        # Wednesday of the week shown, 12:30: the demo practice's lunch break, free.
        wednesday = agenda.columns()[2].day
        start = datetime.combine(wednesday, time(12, 30), tzinfo=PRACTICE_ZONE)
        server, engine = composition.server, composition.sync
        assert server is not None and engine is not None
        await until(lambda: engine.status.phase is SyncPhase.IDLE, within=60)
        booked = {
            "resourceType": "Appointment",
            "status": "booked",
            "start": start.isoformat(),
            "end": (start + timedelta(minutes=20)).isoformat(),
            "description": "Certificat de sport",
            "participant": [
                {"actor": {"reference": me, "display": "Dr"}, "status": "accepted"},
                {
                    "actor": {"reference": "Patient/elsewhere", "display": "Léa ROUSSEL"},
                    "status": "accepted",
                },
            ],
        }
        async with (
            aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=10)) as http,
            http.post(
                f"{server.base_url}/Appointment",
                json=booked,
                headers={
                    "Authorization": f"Bearer {await server.token()}",
                    "Content-Type": "application/fhir+json",
                },
            ) as response,
        ):
            assert response.status == 201
        engine.sync_now()
        await until(lambda: any(a.patient_name == "Léa ROUSSEL" for a in agenda.shown()), within=30)
        await until(lambda: not agenda.busy())
        (arrived,) = [a for a in agenda.shown() if a.patient_name == "Léa ROUSSEL"]
        assert arrived.start == start and arrived.reason == "Certificat de sport"
        assert agenda.grid.block_rect(arrived.id) is not None
        assert agenda.grid.selected_id() == chosen.id
        assert agenda.grid.verticalScrollBar().value() == scrolled
        await composition.close()

    arun(scenario(), timeout=120)


def test_create_patient_with_wrong_then_right_nir(
    qapp: QApplication,
    qtbot: QtBot,
    arun: AsyncRunner,
    tmp_path: Path,
    test_keyring: FileKeyring,
    pcsc_daemon: PcscDaemon,
    card_simulator: CardSimulator,
    pki_files: PkiFiles,
) -> None:
    async def scenario() -> None:
        config = _card_config(tmp_path, pcsc_daemon, card_simulator, pki_files)
        composition, window = await _start(qapp, qtbot, config)
        assert not window.banner.isVisible()
        view = window.section_view("patients")
        assert isinstance(view, PatientsView)
        assert view.model.rowCount() == 0

        qtbot.keyClick(view, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
        dialog = view.dialog
        assert dialog is not None and dialog.isVisible()
        # Qt's own buttons speak French too (qtbase_fr).
        save_button = dialog.buttons.button(QDialogButtonBox.StandardButton.Save)
        assert save_button.text() == "Enregistrer"
        good = "184127645108946"
        wrong = good[:13] + "00"
        # QTest types ASCII only; accented names are pasted, as from a Carte Vitale reader.
        dialog.edits["family"].setText("Lefèvre")
        dialog.edits["given"].setText("Benoît")
        qtbot.keyClicks(dialog.edits["birth_date"], "12/12/1984")
        dialog.gender.setCurrentIndex(dialog.gender.findData("male"))
        qtbot.keyClicks(dialog.edits["nir"], wrong)
        assert "clé" in dialog.nir_status.text().lower()
        screenshot(dialog, "patient_form_wrong_nir")
        dialog.submit()
        await until(dialog.errors["nir"].isVisible)
        assert "clé du NIR" in dialog.errors["nir"].text()
        assert view.model.rowCount() == 0  # nothing was stored

        dialog.edits["nir"].setText(Nir.parse(good).formatted())
        dialog.submit()
        await until(lambda: view.dialog is None)
        await until(lambda: view.model.rowCount() == 1)
        saved = view.model.patient_at(0)
        assert saved is not None
        assert (saved.family, saved.given, saved.gender) == ("Lefèvre", "Benoît", "male")
        assert saved.ins is not None and saved.ins.value == good
        assert window.context.patient is not None and window.context.patient.id == saved.id

        # Edit: the phone is added, the id stays.
        window.activateWindow()
        await until(lambda: QApplication.activeWindow() is window)
        qtbot.keyClick(view, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
        dialog = view.dialog
        assert dialog is not None
        assert dialog.edits["family"].text() == "Lefèvre"
        dialog.edits["phone"].setText("06 11 22 33 44")
        dialog.submit()
        await until(lambda: view.dialog is None)
        await until(
            lambda: view.chart.patient is not None and view.chart.patient.phone == "06 11 22 33 44"
        )
        assert view.chart.patient is not None and view.chart.patient.id == saved.id
        store = composition.store
        assert store is not None
        actions = [e.action for e in await store.audit_entries()]
        # The card login made the practitioner's record and was recorded, then the
        # patient was created once and updated once.
        assert actions == [
            AuditAction.CREATE,
            AuditAction.EXECUTE,
            AuditAction.CREATE,
            AuditAction.UPDATE,
        ]
        # Logged in online, sync runs: the outbox count races with its pushes (the
        # status bar's count is tested in test_status_bar_sync.py).
        await composition.close()

    arun(scenario(), timeout=120)


def test_keyring_unavailable_locks_with_a_clear_message(
    qapp: QApplication, qtbot: QtBot, arun: AsyncRunner, tmp_path: Path, test_keyring: FileKeyring
) -> None:
    async def scenario() -> None:
        # A profile created with a working keyring, then opened when it is gone.
        config = Config(profile="cabinet", demo=False, data_root=tmp_path)
        composition, window = await _start(qapp, qtbot, config, log_in=False)
        await composition.close()
        window.close()
        keyring.set_keyring(keyring.backends.fail.Keyring())
        composition, window = await _start(qapp, qtbot, config)
        locked = window.locked_view
        assert locked is not None and locked.reason is LockReason.KEYRING_UNAVAILABLE
        assert window.stack.currentWidget() is locked
        assert not window.navigation.isEnabled()
        assert "trousseau" in locked.message.lower()
        assert "n'ont pas été modifiées" in locked.message
        assert composition.store is None
        assert "verrouillées" in window.status.sync_label.text()
        screenshot(window, "locked_keyring_unavailable")

    arun(scenario(), timeout=120)


def test_english_is_selectable(
    qapp: QApplication,
    qtbot: QtBot,
    arun: AsyncRunner,
    tmp_path: Path,
    test_keyring: FileKeyring,
    pcsc_daemon: PcscDaemon,
    card_simulator: CardSimulator,
    pki_files: PkiFiles,
) -> None:
    async def scenario() -> None:
        config = _card_config(tmp_path, pcsc_daemon, card_simulator, pki_files)
        composition, window = await _start(qapp, qtbot, config)
        assert window.navigation.item(SECTIONS.index("vitals")).text() == "Constantes"
        window.language_did_change.emit("en")
        try:
            # LanguageChange events are posted: let Qt deliver them.
            await until(
                lambda: window.navigation.item(SECTIONS.index("vitals")).text() == "Vital signs"
            )
            assert window.navigation.item(SECTIONS.index("agenda")).text() == "Schedule"
            view = window.section_view("patients")
            assert isinstance(view, PatientsView)
            assert "New patient" in view.new_button.text()
            window.select_section("images")
            assert "coming soon" in _labels(window)
            screenshot(window, "english_images_coming_soon")
        finally:
            window.language_did_change.emit("fr")
        await until(lambda: window.navigation.item(SECTIONS.index("vitals")).text() == "Constantes")
        await composition.close()

    arun(scenario(), timeout=120)
