"""The camera, microphone and loudspeaker calls use: chosen with nobody to ask, or by
hand, and changed under a running call when one is plugged or unplugged.

- At start and after every plug or unplug (no call running), each kind is chosen by
  :class:`DeviceChoice` with its probe: a camera works when it yields a picture within
  2 s (:meth:`CameraTrack.works`), a microphone when it hears above silence within 1 s;
  a loudspeaker cannot be probed (the tone test asks the practitioner). With nothing
  remembered yet, the choice that worked is remembered per workstation.
- A choice by hand (:meth:`pick`) is remembered at once and, in a call, used at once.
- In a call, nothing is probed (the camera and microphone are busy): after a plug or
  unplug the preferred device that is there (the remembered one, else the system's
  default, else the first) replaces the one in use when it differs. So a pulled headset
  hands over to the built-in microphone and loudspeaker without a drop, and the headset
  plugged back takes over again. A camera that fails by itself ends its track; the call
  then asks :meth:`next_camera` (another real camera, or None: audio only).

The synthetic camera is listed last and chosen only when no real camera works: a
practitioner without a camera still sees that the call has a picture, labelled as such.
"""

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable, Mapping
from typing import Any

from aiortc.mediastreams import AudioStreamTrack, MediaStreamTrack
from PySide6.QtCore import QObject, Signal

from media.audio_player import AudioPlayer
from media.background_tasks import BackgroundTasks
from media.call_session import CallSession
from media.camera_track import CameraTrack
from media.device_catalog import CAMERA, MICROPHONE, SPEAKER, SYNTHETIC_ID, DeviceCatalog
from media.device_choice import DeviceChoice
from media.media_device import MediaDevice
from media.microphone_track import MicrophoneTrack
from media.synthetic_camera import SyntheticCamera

log = logging.getLogger(__name__)

KINDS = (CAMERA, MICROPHONE, SPEAKER)


class CallDevices(QObject):
    """``changed`` when the lists or the choices change (the view's pickers follow)."""

    changed = Signal()

    def __init__(
        self,
        catalog: DeviceCatalog,
        remembered: Mapping[str, str | None],
        remember: Callable[[str, str], None],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._catalog = catalog
        self._remembered = {kind: remembered.get(kind) for kind in KINDS}
        self._remember = remember
        # What the next call uses (and a running call uses): ids of the catalog's lists.
        self._current: dict[str, str | None] = dict(self._remembered)
        self._call: CallSession | None = None
        self._player: AudioPlayer | None = None
        self._tasks = BackgroundTasks(_log_failure)
        self._choosing: asyncio.Task[None] | None = None
        catalog.changed.connect(self._on_plugged)

    # -- what the consultation view shows and does ----------------------------------------

    def choices(self, kind: str) -> list[tuple[str, str]]:
        """(id, name) of each ``kind`` of device, in the catalog's order."""
        return [(d.device_id, d.name) for d in self._catalog.devices(kind)]

    def current(self, kind: str) -> str | None:
        """The id of the device calls use now, or None when there is none."""
        listed = self._catalog.devices(kind)
        wanted = self._current[kind]
        if any(d.device_id == wanted for d in listed):
            return wanted
        return self._preferred(kind)

    @property
    def camera_is_synthetic(self) -> bool:
        return self.current(CAMERA) in (None, SYNTHETIC_ID)

    def pick(self, kind: str, device_id: str) -> None:
        """The practitioner's choice: remembered, and used at once in a call."""
        self._remembered[kind] = device_id
        self._remember(kind, device_id)
        self._use(kind, device_id)
        self.changed.emit()

    def on_change(self, callback: Callable[[], None]) -> None:
        self.changed.connect(callback)

    # -- what the composition does ----------------------------------------------------------

    def start(self) -> None:
        """Checks the devices in the background (the remembered ones first)."""
        self._choose_later()

    def open_camera(self) -> MediaStreamTrack:
        device = self._catalog.camera_device(self._settle(CAMERA))
        return CameraTrack(device) if device is not None else SyntheticCamera()

    def open_microphone(self) -> MediaStreamTrack:
        device = self._audio(MICROPHONE, self._settle(MICROPHONE))
        return MicrophoneTrack(device) if device is not None else AudioStreamTrack()

    def open_player(self) -> AudioPlayer | None:
        device = self._audio(SPEAKER, self._settle(SPEAKER))
        return AudioPlayer(device) if device is not None else None

    def open_call(
        self, base_url: str, appointment_id: str, token: Callable[[], Awaitable[str]]
    ) -> CallSession:
        """A call on our camera, microphone and loudspeaker, attached until closed."""
        player = self.open_player()
        call = CallSession(
            base_url,
            appointment_id,
            token,
            video=self.open_camera(),
            audio=self.open_microphone(),
            play_audio=player.play if player is not None else None,
            next_camera=self.next_camera,
        )
        # Until it is closed, plugs and picks reach this call.
        self._call, self._player = call, player
        return call

    def _live_call(self) -> CallSession | None:
        """The attached call until it is closed (the view closes it after hanging up)."""
        if self._call is not None and self._call.closed:
            self._call, self._player = None, None
        return self._call

    def next_camera(self) -> MediaStreamTrack | None:
        """The camera in use failed in a call: another real one, or None (audio only)."""
        failed = self._current[CAMERA]
        for device in DeviceChoice.ordered(self._catalog.cameras(), self._remembered[CAMERA]):
            qt_camera = self._catalog.camera_device(device.device_id)
            if device.device_id != failed and qt_camera is not None:
                self._current[CAMERA] = device.device_id
                self.changed.emit()
                return CameraTrack(qt_camera)
        self._current[CAMERA] = None
        self.changed.emit()
        return None

    async def close(self) -> None:
        """The background checks stopped, the loudspeaker of the last call let go."""
        await self._tasks.cancel_all()
        if self._player is not None:
            # RuntimeError: Qt already deleted the loudspeaker (the window closed first).
            with contextlib.suppress(RuntimeError):
                await self._player.stop()

    # -- inside -----------------------------------------------------------------------------

    def _settle(self, kind: str) -> str | None:
        """The device to open now, recorded as the one in use (a later plug compares
        with it: the remembered headset plugged back differs from the default in use)."""
        self._current[kind] = self.current(kind)
        return self._current[kind]

    def _on_plugged(self) -> None:
        if self._live_call() is None:
            self._choose_later()
        else:
            for kind in KINDS:
                wanted = self._preferred(kind)
                if kind == CAMERA and wanted == SYNTHETIC_ID:
                    if self._current[CAMERA] in (None, SYNTHETIC_ID):
                        continue  # no real camera before either: the picture goes on
                    wanted = None  # the real camera went: the call goes on in audio only
                if wanted != self._current[kind]:
                    self._use(kind, wanted)
        self.changed.emit()

    def _preferred(self, kind: str) -> str | None:
        """The first present of the remembered one, the default, the others."""
        ordered = DeviceChoice.ordered(self._catalog.devices(kind), self._remembered[kind])
        return ordered[0].device_id if ordered else None

    def _use(self, kind: str, device_id: str | None) -> None:
        """``device_id`` from now on; in a call, swapped in without renegotiating."""
        self._current[kind] = device_id
        call = self._live_call()
        if call is None:
            return
        if kind == CAMERA:
            if device_id is not None:
                call.switch_camera(self.open_camera())
            elif call.video_source is not None:
                call.video_source.stop()  # no camera left: the call goes on in audio only
        elif kind == MICROPHONE:
            call.switch_microphone(self.open_microphone())
        elif self._player is not None:
            device = self._audio(SPEAKER, device_id)
            if device is not None:
                self._player.use_device(device)

    def _choose_later(self) -> None:
        if self._choosing is not None and not self._choosing.done():
            self._choosing.cancel()
        self._choosing = self._tasks.spawn(self._choose_all())

    async def _choose_all(self) -> None:
        probes = {
            CAMERA: self._camera_works,
            MICROPHONE: self._microphone_works,
            SPEAKER: _any_speaker,
        }
        for kind in KINDS:
            if self._live_call() is not None:
                return  # a call started: its devices are not probed under it
            device = await DeviceChoice.choose(
                self._catalog.devices(kind), self._remembered[kind], probes[kind]
            )
            self._current[kind] = device.device_id if device is not None else None
            if device is not None and not device.synthetic and self._remembered[kind] is None:
                # The first choice is remembered; later ones are made from it, so that a
                # headset missing one morning is taken again when it is back.
                self._remembered[kind] = device.device_id
                self._remember(kind, device.device_id)
            self.changed.emit()

    async def _camera_works(self, device: MediaDevice) -> bool:
        if device.synthetic:
            return True
        qt_camera = self._catalog.camera_device(device.device_id)
        return qt_camera is not None and await CameraTrack.works(qt_camera)

    async def _microphone_works(self, device: MediaDevice) -> bool:
        qt_device = self._audio(MICROPHONE, device.device_id)
        return qt_device is not None and await MicrophoneTrack.works(qt_device)

    def _audio(self, kind: str, device_id: str | None) -> Any:
        return self._catalog.audio_device(kind, device_id) if device_id is not None else None


async def _any_speaker(_device: MediaDevice) -> bool:
    return True  # nothing tells whether a loudspeaker is heard: the tone test does


def _log_failure(exc: Exception) -> None:
    log.warning("device check failed: %s", type(exc).__name__)
