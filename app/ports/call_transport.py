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
    def muted(self) -> bool:
        """Our microphone off (:meth:`set_muted`)."""

    @property
    def camera_off(self) -> bool:
        """Our picture off (:meth:`set_camera_off`)."""

    @property
    def audio_only(self) -> bool:
        """Sound only both ways (:meth:`set_audio_only`)."""

    @property
    def quality_words(self) -> str:
        """``good``, ``fair``, ``poor`` or ``unknown``, from the latest receiver report."""

    @property
    def microphone_level(self) -> float:
        """The microphone's last peak, 0 to 1 (the pre-call meter)."""

    async def test_speaker(self) -> bool:
        """Plays a short tone on the loudspeaker; False when there is none."""

    async def network_check(self) -> list[Any]:
        """Each STUN/TURN server tried alone: items with ``kind``, ``reachable``,
        ``elapsed_ms``; empty when none is configured."""

    async def bandwidth_check(self) -> Any:
        """Rough rates to the practice server: ``down_mbps``, ``up_mbps``; None when
        it cannot be reached."""

    def remote_frame(self) -> Any:
        """The patient's latest picture, or None."""

    def local_frame(self) -> Any:
        """Our own camera's latest picture (the preview), or None."""

    async def open(self) -> None: ...

    async def admit(self) -> None: ...

    async def set_camera_off(self, off: bool) -> None:
        """Our picture off (the patient still sends theirs)."""

    async def set_audio_only(self, audio_only: bool) -> None:
        """Sound only both ways (the patient's page turns its camera off too)."""

    async def set_muted(self, muted: bool) -> None: ...

    async def hang_up(self) -> None: ...

    async def close(self) -> None: ...
