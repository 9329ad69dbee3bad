"""Choosing devices with nobody to ask, the camera format, and Qt's device lists.

A physical camera or microphone cannot run here: the choice is tested on device lists
and probes given by the test; Qt Multimedia's own lists are read for real (empty on a
machine without devices, where the synthetic camera remains).
"""

import pytest
from PySide6.QtWidgets import QApplication

from media.camera_format import CameraFormat
from media.device_catalog import SYNTHETIC_ID, DeviceCatalog
from media.device_choice import DeviceChoice
from media.media_device import MediaDevice
from tests.helpers.pulse_server import MICROPHONE, ROOM, SPEAKER, SPEAKER_MONITOR

BUILT_IN = MediaDevice("camera", "aa01", "Integrated Camera", is_default=True)
USB = MediaDevice("camera", "bb02", "Logitech C920")
DOCK = MediaDevice("camera", "cc03", "Dock camera")
SYNTHETIC = MediaDevice("camera", SYNTHETIC_ID, "Caméra de synthèse", synthetic=True)
DEVICES = [BUILT_IN, USB, DOCK, SYNTHETIC]


async def _choose(remembered: str | None, working: set[str]) -> tuple[str | None, list[str]]:
    probed: list[str] = []

    async def works(device: MediaDevice) -> bool:
        probed.append(device.device_id)
        return device.device_id in working

    chosen = await DeviceChoice.choose(DEVICES, remembered, works)
    return (chosen.device_id if chosen else None), probed


@pytest.mark.asyncio
async def test_last_used_then_default_then_the_first_that_works() -> None:
    assert await _choose("bb02", {"aa01", "bb02"}) == ("bb02", ["bb02"])
    # The remembered one is unplugged: the default, probed first.
    assert await _choose("zz99", {"aa01", "bb02"}) == ("aa01", ["aa01"])
    # Remembered and default both fail (in use by another program): the next that works.
    assert await _choose("bb02", {"cc03"}) == ("cc03", ["bb02", "aa01", "cc03"])
    # Without probing (a call starting before the check ends): the same order.
    assert [d.device_id for d in DeviceChoice.ordered(DEVICES, "cc03")] == [
        "cc03",
        "aa01",
        "bb02",
        "synthetic",
    ]
    everything = ["aa01", "bb02", "cc03", "synthetic"]
    assert await _choose(None, {SYNTHETIC_ID}) == (SYNTHETIC_ID, everything)
    assert await _choose(None, set()) == (None, everything)


def test_the_camera_format_is_at_most_720p_and_at_least_24_fps() -> None:
    webcam = [
        CameraFormat(1920, 1080, 30),
        CameraFormat(1280, 720, 30),
        CameraFormat(1280, 720, 10),
        CameraFormat(640, 480, 30),
    ]
    assert CameraFormat.preferred(webcam) == CameraFormat(1280, 720, 30)
    slow = [CameraFormat(1920, 1080, 30), CameraFormat(1280, 720, 15), CameraFormat(640, 480, 15)]
    assert CameraFormat.preferred(slow) == CameraFormat(1280, 720, 15)
    only_big = [CameraFormat(3840, 2160, 30), CameraFormat(1920, 1080, 30)]
    assert CameraFormat.preferred(only_big) == CameraFormat(1920, 1080, 30)
    assert CameraFormat.preferred([]) is None


def test_qt_lists_the_machines_devices_and_the_synthetic_camera_last(qapp: QApplication) -> None:
    catalog = DeviceCatalog()
    cameras = catalog.cameras()
    assert cameras[-1].synthetic and cameras[-1].name == "Caméra de synthèse"
    assert all(not c.synthetic for c in cameras[:-1])
    assert len([c for c in cameras if c.is_default]) <= 1
    # The session's sound server (tests/helpers/pulse_server.py) is what Qt finds here.
    microphones = {d.name for d in catalog.microphones()}
    speakers = {d.name for d in catalog.speakers()}
    assert {MICROPHONE, SPEAKER_MONITOR} <= microphones
    assert {SPEAKER, ROOM} <= speakers
    for device in catalog.microphones() + catalog.speakers():
        assert device.device_id and device.kind in {"microphone", "speaker"}
