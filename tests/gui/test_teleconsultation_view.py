"""The consultation view with a real call: the embedded backend, aiortc on both sides.

The backend runs as the workstation runs it (a child process); the practitioner's side
is the view's CallSession with the synthetic camera; the patient is aiortc in this
process joining with the link's token. The view must show the waiting patient, let
them in, show both pictures, mute, go audio only, and hang up.
"""

import asyncio
from pathlib import Path

from aiortc.mediastreams import AudioStreamTrack
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from media.call_session import CallSession
from media.synthetic_camera import SyntheticCamera
from tests.gui.conftest import AsyncRunner, screenshot, until
from tests.helpers.aiortc_patient import AiortcPatient
from tests.helpers.teleconsultation_server import backend, teleconsultation
from ui.teleconsultation.teleconsultation_view import TeleconsultationView


def test_the_view_admits_shows_both_pictures_and_hangs_up(
    qapp: QApplication, qtbot: QtBot, arun: AsyncRunner, tmp_path: Path
) -> None:
    async def scenario() -> None:
        async with backend(tmp_path) as server:
            room, token = await teleconsultation(server)
            base_url = server.base_url
            assert base_url is not None
            calls: list[CallSession] = []

            def open_call(appointment_id: str) -> CallSession:
                call = CallSession(
                    base_url,
                    appointment_id,
                    server.token,
                    video=SyntheticCamera(320, 240, 15),
                    audio=AudioStreamTrack(),
                )
                calls.append(call)
                return call

            view = TeleconsultationView(open_call, synthetic_camera=True)
            qtbot.addWidget(view)
            view.resize(1100, 700)
            view.show()
            qtbot.waitExposed(view)
            assert view.idle.isVisible() and not view.hang_up_button.isVisible()

            view.start(room, "DURAND Jeanne — 10:00")
            await until(lambda: "pas encore connecté" in view.presence.text(), within=15)
            assert "caméra de synthèse" in view.local_caption.text()
            # The checks before the call: no STUN/TURN server is configured on this
            # backend, and this call was given no loudspeaker.
            assert view.network_button.isVisible() and view.speaker_button.isVisible()
            qtbot.mouseClick(view.network_button, Qt.MouseButton.LeftButton)
            await until(lambda: "Aucun serveur STUN/TURN" in view.check_result.text())
            qtbot.mouseClick(view.speaker_button, Qt.MouseButton.LeftButton)
            await until(lambda: "Aucun haut-parleur" in view.check_result.text())
            patient = AiortcPatient(base_url, room, token)
            try:
                await patient.join()
                await until(view.admit_button.isVisible, within=15)
                assert "salle d'attente virtuelle" in view.presence.text()
                screenshot(view, "teleconsultation_waiting")
                started: list[str] = []
                view.call_started.connect(started.append)
                qtbot.mouseClick(view.admit_button, Qt.MouseButton.LeftButton)
                await asyncio.wait_for(patient.admitted.wait(), 15)
                await until(lambda: view.presence.text() == "En consultation.", within=20)
                await until(
                    lambda: not view.remote.pixmap().isNull() and not view.local.pixmap().isNull(),
                    within=20,
                )
                await until(lambda: patient.frames >= 20, within=20)
                assert started == [room]
                assert not view.admit_button.isVisible()
                assert not view.network_button.isVisible()  # the checks are for before
                screenshot(view, "teleconsultation_view")

                (call,) = calls
                qtbot.mouseClick(view.mute_button, Qt.MouseButton.LeftButton)
                await until(lambda: call.muted and "Rétablir" in view.mute_button.text())
                qtbot.mouseClick(view.audio_only_button, Qt.MouseButton.LeftButton)
                await until(lambda: patient.modes == [True], within=10)
                assert view.audio_only_button.text() == "Rétablir la vidéo"

                with qtbot.waitSignal(view.call_ended, timeout=15_000) as ended:
                    qtbot.mouseClick(view.hang_up_button, Qt.MouseButton.LeftButton)
                    await asyncio.wait_for(patient.hung_up.wait(), 15)
                    await until(lambda: not view.busy(), within=15)
                assert ended.args == [room]
                assert view.idle.isVisible() and view.call is None
            finally:
                await patient.close()

    arun(scenario(), timeout=120)


def test_no_server_is_said_in_words(qapp: QApplication, qtbot: QtBot) -> None:
    def open_call(_appointment_id: str) -> CallSession:
        raise ConnectionError("the server is not running")

    view = TeleconsultationView(open_call, synthetic_camera=True)
    qtbot.addWidget(view)
    view.show()
    view.start("a-1", "DURAND Jeanne — 10:00")
    assert view.call is None
    assert "injoignable" in view.error_label.text() and not view.error_label.isHidden()
    assert not view.idle.isHidden()
