"""Sync in the status bar: a sentence per phase, the conflict count, « Synchroniser maintenant »."""

import asyncio
from datetime import datetime, timedelta

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from app.domain.sync_status import SyncPhase, SyncStatus
from tests.fakes.fake_conflict_service import FakeConflictService
from tests.fakes.fake_sync_control import FakeSyncControl
from tests.gui.conftest import AsyncRunner, screenshot, until
from tests.gui.test_conflict_inbox import (
    appointment_conflict,
    collected_here,  # noqa: F401 (an autouse fixture, here too)
    deletion_conflict,
    in_france,  # noqa: F401 (an autouse fixture, here too)
    open_window,
    patient_conflict,
)
from ui.conflicts.conflict_inbox_view import ConflictInboxView
from ui.shell.main_window import INBOX
from ui.shell.status_bar_widget import StatusBarWidget
from ui.ui_language import UiLanguage


def _today_at(hour: int, minute: int) -> datetime:
    return datetime.now().astimezone().replace(hour=hour, minute=minute, second=0)


def _plain(text: str) -> str:
    """French groups thousands with a narrow no-break space; compare with plain ones."""
    return text.replace("\u202f", " ").replace("\xa0", " ")


def _bar(qtbot: QtBot) -> StatusBarWidget:
    bar = StatusBarWidget()
    qtbot.addWidget(bar)
    bar.set_pending(0)
    return bar


def test_a_sentence_for_each_phase(qapp: QApplication, qtbot: QtBot) -> None:
    bar = _bar(qtbot)
    at_1432 = _today_at(14, 32)
    earlier = (at_1432 - timedelta(days=3)).replace(hour=9, minute=5)
    cases = [
        (SyncStatus(SyncPhase.STARTING), "Synchronisation : démarrage…"),
        (SyncStatus(SyncPhase.IDLE, last_sync=at_1432), "Synchronisé à 14:32"),
        (
            SyncStatus(SyncPhase.IDLE, last_sync=earlier),
            f"Synchronisé le {earlier:%d/%m/%Y} à 09:05",
        ),
        (
            SyncStatus(SyncPhase.IDLE, pending=2, last_sync=at_1432),
            "Synchronisé à 14:32 — 2 modifications en attente",
        ),
        (SyncStatus(SyncPhase.IDLE), "Pas encore synchronisé"),
        (SyncStatus(SyncPhase.SYNCING, last_sync=at_1432), "Synchronisation…"),
        (
            SyncStatus(SyncPhase.SYNCING, progress=(3400, 10000)),
            "Première synchronisation : 3 400 / 10 000",
        ),
        (
            SyncStatus(SyncPhase.SYNCING, progress=(3400, None)),
            "Première synchronisation : 3 400 fiches reçues",
        ),
        (
            SyncStatus(SyncPhase.OFFLINE, pending=3, last_sync=at_1432),
            "Hors ligne — 3 modifications en attente",
        ),
        (SyncStatus(SyncPhase.OFFLINE, pending=1), "Hors ligne — 1 modification en attente"),
        (SyncStatus(SyncPhase.OFFLINE), "Hors ligne — rien en attente"),
        (SyncStatus(SyncPhase.REFUSED, pending=4), "Le serveur refuse la connexion"),
    ]
    for status, text in cases:
        bar.set_sync_status(status)
        assert _plain(bar.sync_label.text()) == text
    # The tooltips say what to do, without jargon.
    bar.set_sync_status(SyncStatus(SyncPhase.OFFLINE, pending=3, last_sync=at_1432))
    assert "continuer à travailler" in bar.sync_label.toolTip()
    assert "Dernière synchronisation : à 14:32." in bar.sync_label.toolTip()
    assert bar.sync_label.property("state") == "offline"
    bar.set_sync_status(SyncStatus(SyncPhase.REFUSED))
    assert "Prévenez la personne qui administre le serveur" in bar.sync_label.toolTip()
    assert bar.sync_label.property("state") == "error"


def test_conflict_count(qapp: QApplication, qtbot: QtBot) -> None:
    bar = _bar(qtbot)
    assert bar.conflicts_button.isHidden()
    bar.set_sync_status(SyncStatus(SyncPhase.IDLE, conflicts=2))
    assert not bar.conflicts_button.isHidden()
    assert bar.conflicts_button.text() == "2 conflits à résoudre"
    assert "Ctrl+6" in bar.conflicts_button.toolTip()
    # The conflict service's count is the fresher one.
    bar.set_conflict_count(1)
    assert bar.conflicts_button.text() == "1 conflit à résoudre"
    bar.set_conflict_count(0)
    assert bar.conflicts_button.isHidden()


def test_without_sync_the_outbox_count_stays(qapp: QApplication, qtbot: QtBot) -> None:
    bar = StatusBarWidget()
    qtbot.addWidget(bar)
    assert bar.sync_label.text() == "Synchronisation : ouverture des données…"
    bar.set_pending(2)
    assert bar.sync_label.text() == (
        "Synchronisation : pas encore démarrée — 2 modification(s) en attente"
    )
    assert bar.sync_button.isHidden()
    bar.set_pending(None)
    assert bar.sync_label.text() == "Synchronisation : données verrouillées"


def test_sync_now_from_the_keyboard_the_menu_and_the_button(
    qapp: QApplication, qtbot: QtBot, arun: AsyncRunner
) -> None:
    async def scenario() -> None:
        window = await open_window(qtbot)
        assert not window._sync_action.isEnabled()
        qtbot.keyClick(window, Qt.Key.Key_F5)  # nothing to sync with yet: nothing happens
        control = FakeSyncControl(SyncStatus(SyncPhase.IDLE, last_sync=_today_at(14, 32)))
        window.attach_sync(control, FakeConflictService([]))
        assert window.status.sync_label.text() == "Synchronisé à 14:32"
        assert window._sync_action.text() == "Synchroniser maintenant"
        assert window._sync_action.shortcut().toString() == "F5"
        assert window._sync_action in window._file_menu.actions()
        qtbot.keyClick(window, Qt.Key.Key_F5)
        assert control.sync_requests == 1
        qtbot.mouseClick(window.status.sync_button, Qt.MouseButton.LeftButton)
        assert control.sync_requests == 2
        window._sync_action.trigger()
        assert control.sync_requests == 3
        assert window.status.currentMessage() == "Synchronisation demandée…"

        # The status bar follows the engine.
        control.publish(SyncStatus(SyncPhase.SYNCING))
        assert window.status.sync_label.text() == "Synchronisation…"
        control.publish(SyncStatus(SyncPhase.OFFLINE, pending=3))
        assert window.status.sync_label.text() == "Hors ligne — 3 modifications en attente"

    arun(scenario())


def test_conflict_count_opens_the_inbox(
    qapp: QApplication, qtbot: QtBot, arun: AsyncRunner
) -> None:
    async def scenario() -> None:
        window = await open_window(qtbot)
        service = FakeConflictService([patient_conflict(), appointment_conflict()])
        window.attach_sync(FakeSyncControl(SyncStatus(SyncPhase.IDLE, conflicts=2)), service)
        button = window.status.conflicts_button
        await until(lambda: button.isVisible() and button.text() == "2 conflits à résoudre")
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
        assert window.current_section == INBOX
        view = window.section_view(INBOX)
        assert isinstance(view, ConflictInboxView)
        await until(lambda: view.model.rowCount() == 2)
        # A new one found by sync: the counts follow, the open inbox reloads.
        service.add(deletion_conflict(9))
        await until(lambda: view.model.rowCount() == 3)
        assert button.text() == "3 conflits à résoudre"
        assert window.navigation.currentItem().text() == "Conflits (3)"

    arun(scenario())


def test_status_bar_in_english_and_screenshots(
    qapp: QApplication, qtbot: QtBot, arun: AsyncRunner
) -> None:
    async def scenario() -> None:
        window = await open_window(qtbot, styled=True)
        window.resize(1280, 300)
        control = FakeSyncControl(
            SyncStatus(SyncPhase.OFFLINE, pending=3, conflicts=2, last_sync=_today_at(14, 32))
        )
        window.attach_sync(
            control, FakeConflictService([patient_conflict(), appointment_conflict()])
        )
        await until(window.status.conflicts_button.isVisible)
        shots = {
            "status_bar_offline": control.status,
            "status_bar_first_sync": SyncStatus(SyncPhase.SYNCING, progress=(3400, 10000)),
            "status_bar_refused": SyncStatus(SyncPhase.REFUSED, pending=3, conflicts=2),
            "status_bar_synced": SyncStatus(
                SyncPhase.IDLE, conflicts=2, last_sync=_today_at(14, 32)
            ),
        }
        for name, status in shots.items():
            control.publish(status)
            await asyncio.sleep(0.05)  # the bar lays out its new texts on the loop's turn
            screenshot(window.status, name)

        language = UiLanguage(qapp)
        assert language.apply("en")
        try:
            await until(lambda: window.status.sync_label.text() == "Synced at 14:32")
            assert window.status.conflicts_button.text() == "2 conflicts to resolve"
            assert window._sync_action.text() == "Sync now"
            control.publish(SyncStatus(SyncPhase.OFFLINE, pending=3))
            assert window.status.sync_label.text() == "Offline — 3 changes pending"
            control.publish(SyncStatus(SyncPhase.SYNCING, progress=(3400, 10000)))
            assert window.status.sync_label.text() == "First sync: 3,400 / 10,000"
            control.publish(SyncStatus(SyncPhase.REFUSED))
            assert window.status.sync_label.text() == "The server refuses the connection"
            await asyncio.sleep(0.05)
            screenshot(window.status, "status_bar_english")
        finally:
            language.apply("fr")

    arun(scenario())
