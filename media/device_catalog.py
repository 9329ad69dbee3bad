"""The workstation's cameras, microphones and speakers, as Qt Multimedia sees them, live.

Lists come from ``QMediaDevices`` (each OS's own names and ids: v4l2/PipeWire on Linux,
AVFoundation, Media Foundation), and ``changed`` fires when one is plugged or unplugged.
The synthetic camera is always listed last, labelled as such: where there is no camera
(a desktop without one, the demo, the tests) a call still has a picture, and nobody
takes it for a real picture. ids are Qt's, hex-encoded, stable on a
workstation, so a choice can be remembered.
"""

from PySide6.QtCore import QByteArray, QObject, Signal
from PySide6.QtMultimedia import QAudioDevice, QCameraDevice, QMediaDevices

from media.media_device import MediaDevice

SYNTHETIC_ID = "synthetic"
CAMERA, MICROPHONE, SPEAKER = "camera", "microphone", "speaker"


class DeviceCatalog(QObject):
    """``changed`` after a device comes or goes (hot-plug)."""

    changed = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._devices = QMediaDevices(self)
        self._devices.videoInputsChanged.connect(self.changed)
        self._devices.audioInputsChanged.connect(self.changed)
        self._devices.audioOutputsChanged.connect(self.changed)

    def cameras(self) -> list[MediaDevice]:
        default = QMediaDevices.defaultVideoInput()
        found = [_camera(c, c == default) for c in QMediaDevices.videoInputs()]
        return [*found, MediaDevice(CAMERA, SYNTHETIC_ID, "Caméra de synthèse", synthetic=True)]

    def microphones(self) -> list[MediaDevice]:
        default = QMediaDevices.defaultAudioInput()
        return [_audio(MICROPHONE, d, d == default) for d in QMediaDevices.audioInputs()]

    def speakers(self) -> list[MediaDevice]:
        default = QMediaDevices.defaultAudioOutput()
        return [_audio(SPEAKER, d, d == default) for d in QMediaDevices.audioOutputs()]

    def devices(self, kind: str) -> list[MediaDevice]:
        """The cameras, microphones or speakers, by ``kind``."""
        return {CAMERA: self.cameras, MICROPHONE: self.microphones, SPEAKER: self.speakers}[kind]()

    @staticmethod
    def audio_device(kind: str, device_id: str) -> QAudioDevice | None:
        """Qt's device for a microphone or speaker of these lists (None: it went away)."""
        found = QMediaDevices.audioInputs() if kind == MICROPHONE else QMediaDevices.audioOutputs()
        return next((d for d in found if _hex(d.id()) == device_id), None)

    @staticmethod
    def camera_device(device_id: str | None) -> QCameraDevice | None:
        """Qt's camera of these lists (None: the synthetic one, or it went away)."""
        if device_id in (None, SYNTHETIC_ID):
            return None
        return next((c for c in QMediaDevices.videoInputs() if _hex(c.id()) == device_id), None)


def _hex(raw: QByteArray) -> str:
    return bytes(raw.data()).hex()


def _camera(device: QCameraDevice, is_default: bool) -> MediaDevice:
    return MediaDevice(CAMERA, _hex(device.id()), device.description(), is_default)


def _audio(kind: str, device: QAudioDevice, is_default: bool) -> MediaDevice:
    return MediaDevice(kind, _hex(device.id()), device.description(), is_default)
