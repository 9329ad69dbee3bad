"""A real camera (Qt Multimedia's ``QCamera``) as an aiortc video track.

The camera is asked for the format :class:`media.camera_format.CameraFormat` prefers (at
most 1280×720, at least 24 fps), an uncompressed one when the camera offers the same
size and rate both ways (no JPEG to decode). Its pictures go through a
:class:`VideoSinkTrack`. The track ends by itself when the camera fails or stops (the
cable pulled, another program took it): the call then takes the next camera, or goes on
in audio only. :meth:`CameraTrack.works` is the probe the automatic choice uses: a
camera works when it yields a picture within 2 s.
"""

import asyncio
import contextlib
import logging

from aiortc.mediastreams import MediaStreamError
from PySide6.QtCore import QObject, Slot
from PySide6.QtMultimedia import (
    QCamera,
    QCameraDevice,
    QCameraFormat,
    QMediaCaptureSession,
    QVideoFrameFormat,
)

from media.camera_format import CameraFormat
from media.video_sink_track import VideoSinkTrack

log = logging.getLogger(__name__)

_PF = QVideoFrameFormat.PixelFormat
# Decoding JPEG costs a core's share at 720p; a raw format at the same size and rate
# is preferred.
_RAW = (_PF.Format_NV12, _PF.Format_YUV420P, _PF.Format_YUYV)


class _Watch(QObject):
    """Ends the track when the camera reports an error or goes inactive after starting."""

    def __init__(self, track: VideoSinkTrack) -> None:
        super().__init__()
        self._track = track
        self._was_active = False

    @Slot(QCamera.Error, str)
    def on_error(self, _error: QCamera.Error, _text: str) -> None:
        log.info("camera failed: the track ends")
        self._track.stop()

    @Slot(bool)
    def on_active(self, active: bool) -> None:
        if active:
            self._was_active = True
        elif self._was_active:
            self._track.stop()


class CameraTrack(VideoSinkTrack):
    """Opens ``device`` at once; :meth:`stop` lets it go."""

    def __init__(self, device: QCameraDevice) -> None:
        super().__init__()
        self.camera = QCamera(device)
        chosen = self.preferred_format(device)
        if chosen is not None:
            self.camera.setCameraFormat(chosen)
        self._session = QMediaCaptureSession()
        self._session.setCamera(self.camera)
        self._session.setVideoSink(self.sink)
        self._watch = _Watch(self)
        self.camera.errorOccurred.connect(self._watch.on_error)
        self.camera.activeChanged.connect(self._watch.on_active)
        if device.isNull() or self.camera.error() != QCamera.Error.NoError:
            # No such camera (gone between the listing and now): ended from the start.
            self.stop()
            return
        self.camera.start()

    @staticmethod
    def preferred_format(device: QCameraDevice) -> QCameraFormat | None:
        offered = device.videoFormats()
        wanted = CameraFormat.preferred(
            [
                CameraFormat(f.resolution().width(), f.resolution().height(), f.maxFrameRate())
                for f in offered
            ]
        )
        if wanted is None:
            return None
        same = [
            f
            for f in offered
            if (f.resolution().width(), f.resolution().height(), f.maxFrameRate())
            == (wanted.width, wanted.height, wanted.max_fps)
        ]
        return next((f for f in same if f.pixelFormat() in _RAW), same[0])

    @classmethod
    async def works(cls, device: QCameraDevice, within_s: float = 2.0) -> bool:
        """Whether ``device`` yields a picture within ``within_s``."""
        track = cls(device)
        try:
            async with asyncio.timeout(within_s):
                await track.recv()
        except (TimeoutError, MediaStreamError):
            return False
        finally:
            track.stop()
        return True

    def stop(self) -> None:
        # RuntimeError: Qt already deleted the camera (the application is closing).
        with contextlib.suppress(RuntimeError):
            self.camera.stop()
        super().stop()
