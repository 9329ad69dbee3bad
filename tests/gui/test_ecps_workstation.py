"""The workstation with e-CPS configured, end to end: the real composition root, the
embedded backend told to trust a real OpenID provider configured like Pro Santé
Connect (oidc-provider), pcscd with an empty reader.

The practitioner clicks « Se connecter avec e-CPS », signs in at the provider (the
system browser is played by :class:`OidcUserAgent`), and the workstation opens under
their name with sync under their token; Ctrl+L locks; the unlock is approved on their
phone (CIBA at the provider's test routes).
"""

import asyncio
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from app.composition import Composition
from app.config import Config
from app.domain.workstation_lock_reason import WorkstationLockReason
from tests.fakes.file_keyring import FileKeyring
from tests.gui.conftest import AsyncRunner, screenshot, until
from tests.helpers.oidc_user_agent import OidcUserAgent
from tests.helpers.pcsc_daemon import PcscDaemon
from tests.helpers.psc_fixtures import provider
from tests.helpers.psc_provider_process import CLIENT_ID, CLIENT_SECRET, PscProviderProcess
from ui.login.login_phase import LoginPhase
from ui.patients.patients_view import PatientsView

__all__ = ["provider"]

ID_NAT_PS = "810001234567"


def test_e_cps_login_then_lock_then_unlock_on_the_phone(
    qapp: QApplication,
    qtbot: QtBot,
    arun: AsyncRunner,
    tmp_path: Path,
    test_keyring: FileKeyring,
    pcsc_daemon: PcscDaemon,
    provider: PscProviderProcess,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("CABINET_PSC_CLIENT_SECRET", CLIENT_SECRET)

    async def scenario() -> None:
        browser = OidcUserAgent(ID_NAT_PS)
        config = Config(
            profile="cabinet",
            demo=False,
            data_root=tmp_path,
            vpcd_port=pcsc_daemon.vpcd_port,
            psc_discovery=provider.discovery_url,
            psc_client_id=CLIENT_ID,
        )
        composition = Composition(config, open_browser=browser.open)
        window = composition.build_window(qapp)
        qtbot.addWidget(window)
        window.show()
        assert await composition.open(window)
        view = composition.login_view
        assert view is not None and window.workstation_locked
        await until(lambda: view.phase is LoginPhase.NO_CARD, within=20)
        assert view.ecps_button.isVisible()
        assert "e-CPS" in view.heading.text()

        qtbot.mouseClick(view.ecps_button, Qt.MouseButton.LeftButton)
        await until(lambda: not window.workstation_locked, within=30)
        await browser.finished()
        session = composition.session
        assert session is not None and session.display_name == "Claire MARTIN"
        assert isinstance(window.section_view("patients"), PatientsView)
        assert window.status.user_label.text() == "Claire MARTIN — connecté(e) par e-CPS"
        await asyncio.wait_for(composition.patients_ready.wait(), 20)
        # The browser was sent to the provider with PSC's parameters.
        (url,) = browser.opened
        assert "acr_values=eidas1" in url and "scope=openid+scope_all" in url
        keeper = composition.keeper
        assert keeper is not None and keeper.online
        await until(lambda: composition.sync is not None, within=10)

        lock = composition.lock
        assert lock is not None
        window.activateWindow()
        await until(lambda: QApplication.activeWindow() is window)
        qtbot.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
        await until(lambda: window.workstation_locked)
        assert lock.reason is WorkstationLockReason.MANUAL
        # The session ends (its token is no longer renewed) before the screen asks.
        await until(
            lambda: view.lock_reason.isVisible() and view.phase is LoginPhase.NO_CARD, within=10
        )
        assert view.ecps_button.isVisible()
        screenshot(window, "ecps_locked")

        qtbot.mouseClick(view.ecps_button, Qt.MouseButton.LeftButton)
        request = await provider.wait_for_ciba(ID_NAT_PS, timeout_s=20)
        await provider.answer_ciba(request["auth_req_id"], approve=True)
        await until(lambda: not window.workstation_locked, within=30)
        assert len(browser.opened) == 1  # the unlock went to the phone, not the browser
        assert composition.session is session
        await composition.close()

    arun(scenario(), timeout=150)
