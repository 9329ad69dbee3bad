"""The practitioner's side of a teleconsultation call, as the consultation view drives it.

Implemented by ``media.call_session.CallSession`` (aiortc, the backend's signalling
room). Frames are the latest decoded pictures as RGB arrays (height × width × 3,
uint8), or None; the view polls them at its own rate, so a slow screen never makes the
call lag (only the newest picture is kept).
"""

from typing import Any, Protocol


class CallTransport(Protocol):
    """One call. States are strings so that views need no media types."""

    @property
    def patient_state(self) -> str:
        """``absent``, ``waiting`` (virtual waiting room) or ``admitted``."""

    @property
    def connection_state(self) -> str:
        """WebRTC's: ``new``, ``connecting``, ``connected``, ``disconnected``, ``failed``…"""

    @property
    def patient_audio_only(self) -> bool: ...

    @property
    def quality_words(self) -> str:
        """``good``, ``fair``, ``poor`` or ``unknown``, from the latest receiver report."""

    def remote_frame(self) -> Any:
        """The patient's latest picture, or None."""

    def local_frame(self) -> Any:
        """Our own camera's latest picture (the preview), or None."""

    async def open(self) -> None: ...

    async def admit(self) -> None: ...

    async def set_audio_only(self, audio_only: bool) -> None: ...

    async def set_muted(self, muted: bool) -> None: ...

    async def hang_up(self) -> None: ...

    async def close(self) -> None: ...
