"""The workstation's card session end to end: real pcscd, the demo's simulated CPS, the
embedded backend. Pulling the card locks within 2 s with nothing of a patient on screen;
the card and its PIN unlock, and what was on screen comes back as it was."""

import asyncio
import time
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel
from pytestqt.qtbot import QtBot

from app.config import Config
from app.domain.workstation_lock_reason import WorkstationLockReason
from tests.gui.conftest import AsyncRunner, screenshot, until
from tests.gui.test_main_window import PIN, _start
from tests.helpers.pcsc_daemon import PcscDaemon
from ui.login.login_phase import LoginPhase
from ui.patients.patients_view import PatientsView


def _visible_text(qapp: QApplication) -> str:
    return "\n".join(
        label.text()
        for window in qapp.topLevelWidgets()
        for label in window.findChildren(QLabel)
        if label.isVisible()
    )


def test_pulling_the_card_locks_and_the_pin_unlocks(
    qapp: QApplication, qtbot: QtBot, arun: AsyncRunner, tmp_path: Path, pcsc_daemon: PcscDaemon
) -> None:
    async def scenario() -> None:
        config = Config(
            profile="demo", demo=True, data_root=tmp_path, vpcd_port=pcsc_daemon.vpcd_port
        )
        composition, window = await _start(qapp, qtbot, config)
        view = window.section_view("patients")
        assert isinstance(view, PatientsView)
        first = view.model.patient_at(0)
        assert first is not None
        view.table.setCurrentIndex(view.model.index(0, 0))
        qtbot.keyClick(view.table, Qt.Key.Key_Return)
        await until(lambda: window.context.patient is not None)
        assert first.family.upper() in _visible_text(qapp).upper()

        demo, lock, login = composition._demo, composition.lock, composition.login_view
        assert demo is not None and lock is not None and login is not None
        reasons: list[WorkstationLockReason | None] = []
        lock.on_change(reasons.append)
        pulled = time.monotonic()
        demo.remove_cps()
        await until(lambda: window.workstation_locked, within=5)
        assert time.monotonic() - pulled < 2.0
        assert reasons == [WorkstationLockReason.CARD_REMOVED]
        assert first.family.upper() not in _visible_text(qapp).upper()
        await until(login.lock_reason.isVisible)
        assert "LEFÈVRE" in login.heading.text() + login.lock_reason.text()
        # The demo's Vitale sits in the other slot: that is normal, the CPS slot is empty.
        await until(lambda: "Insérez votre carte CPS" in _visible_text(qapp))
        assert "Carte Vitale" not in _visible_text(qapp)
        screenshot(window, "card_session_locked")

        demo.insert_cps()
        await until(lambda: login.phase is LoginPhase.PIN, within=20)
        login.pin_field.setText(PIN)
        login.submit()
        await until(lambda: not window.workstation_locked, within=20)
        assert window.context.patient is not None
        assert window.context.patient.id == first.id
        assert first.family.upper() in _visible_text(qapp).upper()

        # Ctrl+L's path: the same lock, the same unlock.
        window.lock_requested.emit()
        await until(lambda: window.workstation_locked)
        assert reasons == [WorkstationLockReason.CARD_REMOVED, None, WorkstationLockReason.MANUAL]
        await until(lambda: login.phase is LoginPhase.PIN, within=20)
        login.pin_field.setText(PIN)
        login.submit()
        await until(lambda: not window.workstation_locked, within=20)
        await asyncio.sleep(0)
        await composition.close()

    arun(scenario(), timeout=120)
