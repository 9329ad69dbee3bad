"""Which camera, microphone or speaker to use, with nobody to ask: the practitioner's
last choice if it is there and works, else the system's default if it works, else the
first that works; None when none does.

"Works" is a probe the caller gives (a camera yields frames within 2 s, a microphone a
level above silence): probing is slow, so devices are probed in that order and the
first that passes is taken, never all of them.
"""

from collections.abc import Awaitable, Callable, Sequence

from media.media_device import MediaDevice

Probe = Callable[[MediaDevice], Awaitable[bool]]


class DeviceChoice:
    """Static: :meth:`choose`."""

    @staticmethod
    def ordered(devices: Sequence[MediaDevice], remembered_id: str | None) -> list[MediaDevice]:
        """The remembered one, the default, then the others: the order of preference."""
        ordered: list[MediaDevice] = []
        for wanted in (
            [d for d in devices if d.device_id == remembered_id],
            [d for d in devices if d.is_default],
            list(devices),
        ):
            ordered += [d for d in wanted if d not in ordered]
        return ordered

    @staticmethod
    async def choose(
        devices: Sequence[MediaDevice], remembered_id: str | None, works: Probe
    ) -> MediaDevice | None:
        for device in DeviceChoice.ordered(devices, remembered_id):
            if await works(device):
                return device
        return None
