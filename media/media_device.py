"""A camera, microphone or speaker as the workstation lists it (Qt Multimedia's, or ours)."""

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class MediaDevice:
    """``device_id`` is Qt's (hex) and stable across runs on a workstation, so that a
    choice can be remembered; ``synthetic`` marks the test-pattern camera."""

    kind: str  # camera, microphone or speaker
    device_id: str
    name: str
    is_default: bool = False
    synthetic: bool = False
