"""The camera, microphone and loudspeaker a call uses, as the consultation view shows them.

Implemented by ``media.call_devices.CallDevices`` (Qt Multimedia's lists, the automatic
choice, the swap under a running call). Kinds are ``camera``, ``microphone`` and
``speaker``; devices are (id, name) pairs, ids opaque to the view.
"""

from collections.abc import Callable
from typing import Protocol


class DeviceChooser(Protocol):
    """What the view reads and what a practitioner's pick does."""

    @property
    def camera_is_synthetic(self) -> bool:
        """No real camera in use: the picture is the labelled test pattern."""

    def choices(self, kind: str) -> list[tuple[str, str]]:
        """(id, name) of each device of ``kind``."""

    def current(self, kind: str) -> str | None:
        """The id of the one in use (None: there is none)."""

    def pick(self, kind: str, device_id: str) -> None:
        """The practitioner's choice: remembered, and used at once in a call."""

    def on_change(self, callback: Callable[[], None]) -> None:
        """``callback`` after a device comes or goes, or a choice changes."""
