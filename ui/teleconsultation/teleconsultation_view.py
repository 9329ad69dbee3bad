"""The Téléconsultation section: one call at a time, started from the agenda.

Top: who and when, and where the patient is (not connected, in the virtual waiting
room, in the call). « Faire entrer le patient » lets the waiting patient in. The
devices: camera, microphone and loudspeaker, each a list set to the one in use (chosen
automatically, changed by hand at any time, even mid-call). Until the call starts, the
checks: the microphone's level, « Tester le haut-parleur » (a tone), « Tester le
réseau » (each STUN/TURN server tried, and the link's rough rate to the practice server
with what it allows: HD video, video, reduced video, audio only — in words). Middle:
the patient's picture, large, and our own preview, small, labelled « Caméra de
synthèse » when no real camera is behind it. Bottom: « Couper le micro », « Couper la
caméra » (our picture off), « Audio seul » (sound only both ways: the patient's page
turns its camera off too), « Raccrocher », and the call's quality in plain words (from the patient's
receiver reports). Pictures are polled from the call about 20 times a second: the view never
holds the call back.

The call itself is a :class:`app.ports.call_transport.CallTransport`, opened by the
``open_call`` the composition gives (media's CallSession over the backend's room).
"""

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any

from PySide6.QtCore import QEvent, QLocale, Qt, QTimer, Signal
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from app.ports.call_transport import CallTransport
from app.ports.device_chooser import DeviceChooser
from ui.styled_label import StyledLabel
from ui.task_runner import TaskRunner

FRAME_POLL_MS = 50
# What a call needs each way (VP8, with its audio): 720p at 30 fps, 480p, 240p.
VIDEO_HD_MBPS, VIDEO_MBPS, VIDEO_REDUCED_MBPS = 2.5, 0.8, 0.15
KINDS = ("camera", "microphone", "speaker")
OpenCall = Callable[[str], CallTransport]


class TeleconsultationView(QWidget):
    """``call_started(appointment id)`` once the patient is in and the media flow;
    ``call_ended(appointment id)`` after the practitioner hangs up (the agenda records
    both: in consultation, then done, and the visit's Encounter its duration)."""

    call_started = Signal(str)
    call_ended = Signal(str)

    def __init__(
        self, open_call: OpenCall, devices: DeviceChooser, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._open_call = open_call
        self._devices = devices
        self._runner = TaskRunner(self._on_task_failed)
        self.call: CallTransport | None = None
        self.appointment_id: str | None = None
        self._title_text = ""
        self._started = False

        self._title = StyledLabel("sectionTitle")
        self.heading = StyledLabel("chartName", wrap=True)
        self.presence = StyledLabel("chartField", wrap=True)
        self.error_label = StyledLabel("fieldError", wrap=True, visible=False)
        self.admit_button = QPushButton()
        self.admit_button.setObjectName("primary")
        self.remote = QLabel()
        self.remote.setObjectName("remoteVideo")
        self.remote.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.remote.setMinimumSize(480, 360)
        self.remote.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.remote.setStyleSheet("background: #1d2733; color: #d9e2ec; border-radius: 8px;")
        self.local = QLabel()
        self.local.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.local.setFixedSize(240, 180)
        self.local.setStyleSheet("background: #1d2733; color: #d9e2ec; border-radius: 6px;")
        self.local_caption = StyledLabel("chartField")
        self.mute_button = QPushButton()
        self.camera_button = QPushButton()
        self.audio_only_button = QPushButton()
        self.hang_up_button = QPushButton()
        self.hang_up_button.setObjectName("danger")
        self.quality = StyledLabel("chartField", wrap=True)
        self.idle = StyledLabel("chartField", wrap=True)
        self._checks_title = StyledLabel("chartField")
        self.microphone_meter = QProgressBar()
        self.microphone_meter.setRange(0, 100)
        self.microphone_meter.setTextVisible(False)
        self.microphone_meter.setMaximumWidth(200)
        self.speaker_button = QPushButton()
        self.network_button = QPushButton()
        self.check_result = StyledLabel("chartField", wrap=True)
        checks = QHBoxLayout()
        checks.addWidget(self._checks_title)
        checks.addWidget(self.microphone_meter)
        checks.addWidget(self.speaker_button)
        checks.addWidget(self.network_button)
        checks.addWidget(self.check_result, 1)
        self._checks = QWidget()
        self._checks.setLayout(checks)
        self.pickers: dict[str, QComboBox] = {}
        self._picker_labels: dict[str, QLabel] = {}
        pickers = QHBoxLayout()
        for kind in KINDS:
            label, picker = StyledLabel("chartField"), QComboBox()
            picker.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
            picker.setMinimumContentsLength(14)
            picker.activated.connect(lambda _index, kind=kind: self._picked(kind))
            label.setBuddy(picker)
            self.pickers[kind], self._picker_labels[kind] = picker, label
            pickers.addWidget(label)
            pickers.addWidget(picker)
            pickers.addSpacing(12)
        pickers.addStretch(1)
        self._device_row = QWidget()
        self._device_row.setLayout(pickers)

        top = QHBoxLayout()
        top.addWidget(self._title)
        top.addSpacing(12)
        top.addWidget(self.heading, 1)
        top.addWidget(self.admit_button)
        side = QVBoxLayout()
        side.addWidget(self.local)
        side.addWidget(self.local_caption)
        side.addSpacing(12)
        side.addWidget(self.quality)
        side.addStretch(1)
        middle = QHBoxLayout()
        middle.addWidget(self.remote, 1)
        middle.addLayout(side)
        controls = QHBoxLayout()
        controls.addWidget(self.mute_button)
        controls.addWidget(self.camera_button)
        controls.addWidget(self.audio_only_button)
        controls.addStretch(1)
        controls.addWidget(self.hang_up_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.presence)
        layout.addWidget(self.error_label)
        layout.addWidget(self.idle)
        layout.addWidget(self._device_row)
        layout.addWidget(self._checks)
        layout.addLayout(middle, 1)
        layout.addLayout(controls)

        self.admit_button.clicked.connect(self.admit)
        self.mute_button.clicked.connect(lambda: self._flip(lambda c: c.set_muted(not c.muted)))
        self.camera_button.clicked.connect(
            lambda: self._flip(lambda c: c.set_camera_off(not c.camera_off))
        )
        self.audio_only_button.clicked.connect(
            lambda: self._flip(lambda c: c.set_audio_only(not c.audio_only))
        )
        self.hang_up_button.clicked.connect(self.hang_up)
        self.speaker_button.clicked.connect(lambda: self._runner.start(self._test_speaker()))
        self.network_button.clicked.connect(lambda: self._runner.start(self._test_network()))
        self._poll = QTimer(self)
        self._poll.setInterval(FRAME_POLL_MS)
        self._poll.timeout.connect(self._refresh)
        devices.on_change(self._fill_pickers)
        self._retranslate()
        self._refresh()

    # -- what the workstation and the tests use -------------------------------------------

    def start(self, appointment_id: str, title: str) -> None:
        """Opens the appointment's room (the patient may already be waiting)."""
        if self.call is not None and self.appointment_id == appointment_id:
            return
        if self.call is not None:
            self._runner.start(self._close(self.call))
        self.appointment_id = appointment_id
        self._title_text = title
        try:
            self.call = self._open_call(appointment_id)
        except ConnectionError:
            # The server is down (the embedded backend restarting) or the session ended.
            self.call = None
            self._on_task_failed(ConnectionError())
            self._retranslate()
            self._refresh()
            return
        self._started = False
        self.error_label.setVisible(False)
        self._runner.start(self._open(self.call))
        self._poll.start()
        self._retranslate()
        self._refresh()

    def admit(self) -> None:
        if self.call is not None:
            self._runner.start(self.call.admit())

    def hang_up(self) -> None:
        call, appointment = self.call, self.appointment_id
        if call is None or appointment is None:
            return
        self.call = None
        self.appointment_id = None
        self._poll.stop()
        self._runner.start(self._end(call, appointment))
        self._refresh()

    def busy(self) -> bool:
        return self._runner.busy

    # -- inside -----------------------------------------------------------------------------

    async def _open(self, call: CallTransport) -> None:
        await call.open()

    async def _end(self, call: CallTransport, appointment: str) -> None:
        try:
            await call.hang_up()
        finally:
            await call.close()
        self.call_ended.emit(appointment)

    async def _close(self, call: CallTransport) -> None:
        await call.close()

    async def _test_speaker(self) -> None:
        if self.call is not None:
            played = await self.call.test_speaker()
            self.check_result.setText(
                self.tr("Un « la » joue une seconde : l'entendez-vous ?")
                if played
                else self.tr("Aucun haut-parleur trouvé sur ce poste.")
            )

    async def _test_network(self) -> None:
        call = self.call
        if call is None:
            return
        self.check_result.setText(self.tr("Test du réseau…"))
        results, rates = await asyncio.gather(call.network_check(), call.bandwidth_check())
        if not results:
            servers = self.tr(
                "Aucun serveur STUN/TURN configuré : l'appel passe en direct, ce qui "
                "suffit au cabinet mais peut échouer derrière certains réseaux."
            )
        else:
            parts = []
            for result in results:
                kind = "TURN" if result.kind == "turn" else "STUN"
                if result.reachable:
                    parts.append(
                        self.tr("{kind} joignable ({ms} ms)").format(
                            kind=kind, ms=round(result.elapsed_ms)
                        )
                    )
                else:
                    parts.append(self.tr("{kind} injoignable").format(kind=kind))
            servers = " · ".join(parts)
        self.check_result.setText(f"{servers}\n{self._rates_text(rates)}")

    def _rates_text(self, rates: Any) -> str:
        """The link's rates and what they allow, in words."""
        if rates is None:
            return self.tr("Débit : serveur du cabinet injoignable.")
        slowest = min(rates.down_mbps, rates.up_mbps)
        if slowest >= VIDEO_HD_MBPS:
            verdict = self.tr("suffisant pour la vidéo en haute définition")
        elif slowest >= VIDEO_MBPS:
            verdict = self.tr("suffisant pour la vidéo")
        elif slowest >= VIDEO_REDUCED_MBPS:
            verdict = self.tr("la vidéo sera réduite")
        else:
            verdict = self.tr("trop faible pour la vidéo : l'appel passera en audio seul")
        return self.tr("Débit : ↓ {down} Mbit/s · ↑ {up} Mbit/s — {verdict}.").format(
            down=_mbps(rates.down_mbps), up=_mbps(rates.up_mbps), verdict=verdict
        )

    def _flip(self, change: Callable[[CallTransport], Awaitable[None]]) -> None:
        """One of the call's switches (microphone, camera, sound only) turned over; the
        buttons then say the call's new state."""
        if self.call is not None:
            self._runner.start(self._flipped(change(self.call)))

    async def _flipped(self, change: Awaitable[None]) -> None:
        await change
        self._retranslate()

    def _refresh(self) -> None:
        call = self.call
        in_call = call is not None
        for widget in (
            self.remote,
            self.local,
            self.local_caption,
            self.mute_button,
            self.camera_button,
            self.audio_only_button,
            self.hang_up_button,
            self.quality,
            self.presence,
            self._device_row,
        ):
            widget.setVisible(in_call)
        self.idle.setVisible(not in_call)
        self.admit_button.setVisible(call is not None and call.patient_state == "waiting")
        self._checks.setVisible(call is not None and call.connection_state != "connected")
        if call is None:
            return
        self.microphone_meter.setValue(min(100, round(call.microphone_level * 300)))
        self.presence.setText(self._presence_text(call))
        if (
            not self._started
            and call.patient_state == "admitted"
            and call.connection_state == "connected"
            and self.appointment_id is not None
        ):
            self._started = True
            self.call_started.emit(self.appointment_id)
        self.quality.setText(self._quality_text(call.quality_words))
        self._show(self.remote, call.remote_frame(), self.remote.size().width())
        if call.camera_off or call.audio_only:
            # Nothing of ours is sent: the preview says so rather than show a picture.
            self.local.clear()
            self.local.setText(self.tr("Caméra coupée"))
        else:
            self._show(self.local, call.local_frame(), self.local.width())
        if call.patient_state != "admitted":
            self.remote.setText(
                self.tr("L'image du patient apparaîtra quand vous l'aurez fait entrer.")
            )
        elif call.remote_frame() is None or call.patient_audio_only:
            self.remote.setText(
                self.tr("Le patient est en audio seul.")
                if call.patient_audio_only
                else self.tr("En attente de l'image du patient…")
            )

    def _show(self, label: QLabel, frame: Any, width: int) -> None:
        if frame is None:
            return
        height, frame_width = int(frame.shape[0]), int(frame.shape[1])
        image = QImage(
            frame.data, frame_width, height, 3 * frame_width, QImage.Format.Format_RGB888
        )
        # copy(): the array may be replaced by the next frame while Qt still paints this one.
        pixmap = QPixmap.fromImage(image.copy())
        label.setPixmap(
            pixmap.scaled(
                width,
                label.height(),
                Qt.AspectRatioMode.KeepAspectRatio,
                Qt.TransformationMode.SmoothTransformation,
            )
        )

    def _presence_text(self, call: CallTransport) -> str:
        if call.patient_state == "admitted":
            if call.connection_state == "connected":
                return self.tr("En consultation.")
            return self.tr("Le patient entre : connexion de la vidéo…")
        if call.patient_state == "waiting":
            return self.tr("Le patient attend dans la salle d'attente virtuelle.")
        return self.tr(
            "Le patient n'est pas encore connecté. Il rejoint avec le lien reçu de votre cabinet."
        )

    def _quality_text(self, words: str) -> str:
        return {
            "good": self.tr("Qualité de l'appel : bonne"),
            "fair": self.tr("Qualité de l'appel : moyenne (image réduite)"),
            "poor": self.tr("Qualité de l'appel : faible (réseau difficile)"),
        }.get(words, self.tr("Qualité de l'appel : en mesure…"))

    def _on_task_failed(self, _exc: BaseException) -> None:
        self.error_label.setText(
            self.tr(
                "La salle de téléconsultation est injoignable : vérifiez la connexion au "
                "serveur, puis réessayez."
            )
        )
        self.error_label.setVisible(True)

    def _retranslate(self) -> None:
        self._title.setText(self.tr("Téléconsultation"))
        self.heading.setText(self._title_text)
        self.idle.setText(
            self.tr(
                "Aucune téléconsultation en cours. Choisissez un rendez-vous de "
                "téléconsultation dans l'agenda, puis « Démarrer la téléconsultation »."
            )
        )
        self.admit_button.setText(self.tr("Faire entrer le patient"))
        self._caption()
        call = self.call
        muted, camera_off, audio_only = (
            (call.muted, call.camera_off, call.audio_only) if call else (False, False, False)
        )
        self.mute_button.setText(
            self.tr("Rétablir le micro") if muted else self.tr("Couper le micro")
        )
        self.camera_button.setText(
            self.tr("Rétablir la caméra") if camera_off else self.tr("Couper la caméra")
        )
        # In sound only, our camera is off anyway: its own switch waits.
        self.camera_button.setEnabled(not audio_only)
        self.audio_only_button.setText(
            self.tr("Rétablir la vidéo") if audio_only else self.tr("Audio seul")
        )
        self.audio_only_button.setToolTip(
            self.tr("Le son seulement, dans les deux sens : la caméra du patient est coupée aussi.")
        )
        self.hang_up_button.setText(self.tr("Raccrocher"))
        self._checks_title.setText(self.tr("Vérifications — micro :"))
        self.speaker_button.setText(self.tr("Tester le haut-parleur"))
        self.network_button.setText(self.tr("Tester le réseau"))
        for kind, text in (
            ("camera", self.tr("&Caméra :")),
            ("microphone", self.tr("&Micro :")),
            ("speaker", self.tr("&Haut-parleur :")),
        ):
            self._picker_labels[kind].setText(text)
        self._fill_pickers()

    def _caption(self) -> None:
        self.local_caption.setText(
            self.tr("Vous — caméra de synthèse (aucune caméra)")
            if self._devices.camera_is_synthetic
            else self.tr("Vous")
        )

    def _fill_pickers(self) -> None:
        """Each list as the devices are now, set to the one in use."""
        for kind, picker in self.pickers.items():
            choices = self._devices.choices(kind)
            picker.blockSignals(True)
            picker.clear()
            for device_id, name in choices:
                picker.addItem(name, device_id)
            if not choices:
                picker.addItem(self.tr("Aucun"), None)
            current = self._devices.current(kind)
            picker.setCurrentIndex(max(0, picker.findData(current)))
            picker.setEnabled(bool(choices))
            picker.blockSignals(False)
        self._caption()

    def _picked(self, kind: str) -> None:
        device_id = self.pickers[kind].currentData()
        if isinstance(device_id, str) and device_id != self._devices.current(kind):
            self._devices.pick(kind, device_id)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        super().changeEvent(event)


def _mbps(rate: float) -> str:
    """Two significant figures are all a rough measure is worth."""
    return QLocale().toString(rate, "f", 1 if rate < 10 else 0)
