"""The consultation view with a real call: the embedded backend, aiortc on both sides.

The backend runs as the workstation runs it (a child process); the practitioner's side
is the view's CallSession on the devices :class:`CallDevices` chooses, as in the
workstation (the session's sound server; no camera here, so the synthetic one); the
patient is aiortc in this process joining with the link's token. The view must list
the devices, show the waiting patient, let them in, show both pictures, change the
loudspeaker mid-call, mute, go audio only, and hang up.
"""

import asyncio
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from media.call_devices import CallDevices
from media.call_session import CallSession
from media.device_catalog import SYNTHETIC_ID, DeviceCatalog
from tests.gui.conftest import AsyncRunner, screenshot, until
from tests.helpers.aiortc_patient import AiortcPatient
from tests.helpers.pulse_server import MICROPHONE, ROOM, SPEAKER
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
            remembered: dict[str, str] = {}
            catalog = DeviceCatalog()
            ids = {d.name: d.device_id for d in catalog.microphones() + catalog.speakers()}
            devices = CallDevices(
                catalog,
                {"microphone": ids[MICROPHONE], "speaker": ids[SPEAKER]},
                remembered.__setitem__,
            )
            devices.start()  # the background check, as in the workstation

            def open_call(appointment_id: str) -> CallSession:
                call = devices.open_call(base_url, appointment_id, server.token)
                calls.append(call)
                return call

            view = TeleconsultationView(open_call, devices)
            qtbot.addWidget(view)
            view.resize(1100, 700)
            view.show()
            qtbot.waitExposed(view)
            assert view.idle.isVisible() and not view.hang_up_button.isVisible()

            view.start(room, "DURAND Jeanne — 10:00")
            await until(lambda: "pas encore connecté" in view.presence.text(), within=15)
            assert "caméra de synthèse" in view.local_caption.text()
            # The devices, each list set to the one in use (no camera on this machine).
            camera, microphone, speaker = (
                view.pickers[k] for k in ("camera", "microphone", "speaker")
            )
            assert camera.currentData() == SYNTHETIC_ID
            assert camera.currentText() == "Caméra de synthèse"
            assert microphone.currentText() == MICROPHONE
            assert speaker.currentText() == SPEAKER
            assert {speaker.itemText(i) for i in range(speaker.count())} >= {SPEAKER, ROOM}
            # The checks before the call: no STUN/TURN server is configured on this
            # backend, the link's rate; the loudspeaker plays its tone.
            assert view.network_button.isVisible() and view.speaker_button.isVisible()
            qtbot.mouseClick(view.network_button, Qt.MouseButton.LeftButton)
            await until(lambda: "Aucun serveur STUN/TURN" in view.check_result.text())
            # The link's rate to the practice server (loopback here: far above HD video).
            assert "Débit : ↓" in view.check_result.text()
            assert "suffisant pour la vidéo en haute définition" in view.check_result.text()
            qtbot.mouseClick(view.speaker_button, Qt.MouseButton.LeftButton)
            await until(lambda: "joue une seconde" in view.check_result.text())
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

                # Another loudspeaker picked mid-call: used at once, and remembered.
                room_index = speaker.findText(ROOM)
                speaker.setCurrentIndex(room_index)
                speaker.activated.emit(room_index)
                assert devices.current("speaker") == ids[ROOM] == remembered["speaker"]
                assert view.presence.text() == "En consultation."

                (call,) = calls
                qtbot.mouseClick(view.mute_button, Qt.MouseButton.LeftButton)
                await until(lambda: call.muted and "Rétablir" in view.mute_button.text())
                # Our camera off then back: the patient's page is told each time.
                qtbot.mouseClick(view.camera_button, Qt.MouseButton.LeftButton)
                await until(lambda: patient.modes == [(True, False)], within=10)
                assert call.camera_off and view.camera_button.text() == "Rétablir la caméra"
                await until(lambda: view.local.text() == "Caméra coupée")
                screenshot(view, "teleconsultation_camera_off")
                qtbot.mouseClick(view.camera_button, Qt.MouseButton.LeftButton)
                await until(lambda: len(patient.modes) == 2, within=10)
                assert patient.modes[1] == (False, False)
                # Sound only, both ways: the patient's side is asked to stop its video.
                qtbot.mouseClick(view.audio_only_button, Qt.MouseButton.LeftButton)
                await until(lambda: len(patient.modes) == 3, within=10)
                assert patient.modes[2] == (True, True)
                assert view.audio_only_button.text() == "Rétablir la vidéo"
                assert not view.camera_button.isEnabled()

                with qtbot.waitSignal(view.call_ended, timeout=15_000) as ended:
                    qtbot.mouseClick(view.hang_up_button, Qt.MouseButton.LeftButton)
                    await asyncio.wait_for(patient.hung_up.wait(), 15)
                    await until(lambda: not view.busy(), within=15)
                assert ended.args == [room]
                assert view.idle.isVisible() and view.call is None
            finally:
                await patient.close()
                await devices.close()

    arun(scenario(), timeout=120)


def test_no_server_is_said_in_words(qapp: QApplication, qtbot: QtBot) -> None:
    def open_call(_appointment_id: str) -> CallSession:
        raise ConnectionError("the server is not running")

    devices = CallDevices(DeviceCatalog(), {}, lambda _kind, _id: None)
    view = TeleconsultationView(open_call, devices)
    qtbot.addWidget(view)
    view.show()
    view.start("a-1", "DURAND Jeanne — 10:00")
    assert view.call is None
    assert "injoignable" in view.error_label.text() and not view.error_label.isHidden()
    assert not view.idle.isHidden()
