"""The practitioner's side of one teleconsultation: admit the patient, call, recover, hang up.

aiortc runs in the workstation's event loop (qasync's); signalling goes through
:class:`SignallingClient`. The practitioner's side always makes the offers. aiortc has
no ``restartIce``, so every (re)negotiation is a new ``RTCPeerConnection`` with a new
offer, and the patient's page answers each offer with a new connection of its own. That
happens when:

- the practitioner admits the patient (the first call);
- the patient's page connects again while let in (a reload, a network change on the
  patient's side): the room's ``patientConnections`` went up;
- the connection fails, or ends under us (ICE failure, or ICE consent expired, after a
  network change on either side).

A signalling drop alone changes nothing: the media flow peer to peer, and the socket
comes back by itself. While connected, a :class:`QualityMonitor` steps the video down
under loss or delay (smaller, slower, then audio only, the patient told) and back up
when the network allows; the ladder outlives renegotiations, since the network does.
Remote tracks are handed to ``on_track``; ``events`` says what happened, in order, for
the consultation view and for the tests.
"""

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable, Sequence
from typing import Any

from aiortc import (
    RTCConfiguration,
    RTCIceServer,
    RTCPeerConnection,
    RTCRtpSender,
    RTCSessionDescription,
)
from aiortc.contrib.media import MediaRelay
from aiortc.mediastreams import MediaStreamTrack
from aiortc.rtcconfiguration import RTCIceTransportPolicy

from media.adaptive_video import AdaptiveVideo
from media.background_tasks import BackgroundTasks
from media.network_check import Bandwidth, NetworkCheck, ServerCheck
from media.quality_ladder import QualityLadder, Rung
from media.quality_monitor import QualityFigures, QualityMonitor
from media.signalling_client import SignallingClient
from media.switchable_audio import SwitchableAudio
from media.tone_track import ToneTrack

log = logging.getLogger(__name__)

_BROKEN = frozenset({"failed", "closed"})
CLOSED_GRACE_S = 1.0


class CallSession:
    """One call; :meth:`open` then :meth:`admit`, :meth:`hang_up`, :meth:`close`."""

    def __init__(
        self,
        base_url: str,
        appointment_id: str,
        token: Callable[[], Awaitable[str]],
        *,
        video: MediaStreamTrack | None,
        audio: MediaStreamTrack | None,
        ice_servers: Sequence[RTCIceServer] | None = None,
        relay_only: bool = False,
        on_track: Callable[[MediaStreamTrack], None] | None = None,
        next_camera: Callable[[], MediaStreamTrack | None] | None = None,
        play_audio: Callable[[MediaStreamTrack], None] | None = None,
    ) -> None:
        # aiortc ends a track when the connection sending it closes: each connection gets
        # its own relay of the camera and microphone, which live as long as the call.
        self._relay = MediaRelay()
        self._video = video
        self._audio = audio
        self._video_sent: AdaptiveVideo | None = None
        # Another camera when ours goes away mid-call (None: none left, audio goes on).
        self._next_camera = next_camera
        # The patient's voice to the loudspeaker (an AudioPlayer's play).
        self._play_audio = play_audio
        self._audio_sent: SwitchableAudio | None = None
        self.ladder = QualityLadder()
        self._monitor: QualityMonitor | None = None
        self._ladder_audio_only = False
        # None: those the server hands out in its welcome (TURN credentials made for
        # this call); relay_only: every packet through TURN (a network that needs it,
        # or a practice that wants no direct path to patients).
        self._ice_servers = list(ice_servers) if ice_servers is not None else None
        self._welcome_ice: list[RTCIceServer] = []
        self._relay_only = relay_only
        self._on_track = on_track
        self._base_url, self._token = base_url, token
        self.signalling = SignallingClient(base_url, appointment_id, token, self._on_message)
        self.peer: RTCPeerConnection | None = None
        self._video_sender: RTCRtpSender | None = None
        self.room: dict[str, Any] = {}
        self.events: list[str] = []
        self.patient_audio_only = False
        self.audio_only = False
        self.camera_off = False
        self.negotiations = 0
        self.closed = False
        self.muted = False
        self._audio_sender: RTCRtpSender | None = None
        # The newest pictures only (RGB arrays): the view polls them at its own pace.
        self._remote_frame: Any = None
        self._local_frame: Any = None
        self._admitted = False
        self._offered_to = -1
        self._changed = asyncio.Event()
        self._tasks = BackgroundTasks(self._failed)

    # -- what the consultation view does --------------------------------------------------

    async def open(self, timeout_s: float = 10.0) -> None:
        """Connects to the room (the patient may already wait there)."""
        if self._video is not None:
            preview = self._relay.subscribe(self._video, buffered=False)
            self._tasks.spawn(self._keep_frames(preview, remote=False))
        self.signalling.start()
        await asyncio.wait_for(self.signalling.connected.wait(), timeout_s)

    def remote_frame(self) -> Any:
        return self._remote_frame

    def local_frame(self) -> Any:
        return self._local_frame

    @property
    def quality_words(self) -> str:
        """``good``, ``fair``, ``poor``, from the latest report; ``unknown`` before one."""
        figures = self.quality
        if figures is None:
            return "unknown"
        rtt = figures.rtt_s or 0.0
        if figures.loss >= 0.10 or rtt >= 0.6 or self.ladder.rung.audio_only:
            return "poor"
        if figures.loss >= 0.02 or rtt >= 0.3 or self.ladder.index > 0:
            return "fair"
        return "good"

    @property
    def microphone_level(self) -> float:
        """The microphone's last peak (0 to 1); 0 without a real microphone."""
        return float(getattr(self._audio, "level", 0.0))

    async def test_speaker(self, seconds: float = 1.0) -> bool:
        """A tone on the loudspeaker the patient's voice will use; False without one."""
        if self._play_audio is None:
            return False
        self._play_audio(ToneTrack(seconds))
        return True

    async def network_check(self) -> list[ServerCheck]:
        """The STUN and TURN servers this call would use, each tried alone (empty: none
        is configured, calls go direct only)."""
        servers = self._ice_servers if self._ice_servers is not None else self._welcome_ice
        return await NetworkCheck.run(servers)

    async def bandwidth_check(self) -> Bandwidth | None:
        """The link's rough rates to the practice server (None: out of reach)."""
        return await NetworkCheck.bandwidth(self._base_url, await self._token())

    async def set_muted(self, muted: bool) -> None:
        """The microphone off (nothing sent) or on again."""
        self.muted = muted
        if self._audio_sent is not None:
            self._audio_sent.muted = muted
        self._event("muted" if muted else "unmuted")

    @property
    def patient_state(self) -> str:
        """``absent``, ``waiting`` or ``admitted``, as the room last said."""
        return str(self.room.get("patient", "absent"))

    @property
    def connection_state(self) -> str:
        return self.peer.connectionState if self.peer is not None else "new"

    async def admit(self) -> None:
        """Lets the waiting patient in; the call starts when their page is there."""
        self._admitted = True
        await self.signalling.send({"type": "admit"})

    @property
    def quality(self) -> QualityFigures | None:
        """The receiver's latest report on what we send (None before the first)."""
        return self._monitor.last if self._monitor is not None else None

    @property
    def rung(self) -> Rung:
        return self.ladder.rung

    async def set_camera_off(self, off: bool) -> None:
        """Our camera off (no picture sent) or back, without renegotiating; the patient's
        page says so."""
        self.camera_off = off
        self._hold_video()
        await self.signalling.send({"type": "mode", "audio_only": off, "both_ways": False})
        self._event("camera-off" if off else "camera-on")

    async def set_audio_only(self, audio_only: bool) -> None:
        """Sound only, both ways: our camera off and the patient's page asked to turn its
        own off too (or both back; ours stays off if it was turned off by itself)."""
        self.audio_only = audio_only
        self._hold_video()
        await self.signalling.send({"type": "mode", "audio_only": audio_only, "both_ways": True})
        if not audio_only and self.camera_off:
            await self.signalling.send({"type": "mode", "audio_only": True, "both_ways": False})
        self._event("audio-only" if audio_only else "video")

    @property
    def _video_held(self) -> bool:
        """Our picture kept back by the practitioner (camera off, or sound only)."""
        return self.audio_only or self.camera_off

    def _hold_video(self) -> None:
        if self._monitor is not None:
            self._monitor.held_audio_only = self._video_held
            self._monitor.apply()

    def switch_camera(self, camera: MediaStreamTrack) -> None:
        """Sends ``camera`` from the next frame on, on the same connection; the one it
        replaces is let go."""
        previous = self._video
        self._adopt(camera)
        if self._video_sent is not None:
            self._video_sent.replace_source(self._relay.subscribe(camera, buffered=False))
        if previous is not None and previous is not camera:
            previous.stop()

    def switch_microphone(self, microphone: MediaStreamTrack) -> None:
        """Sends ``microphone`` from now on, on the same connection (muted stays muted);
        the one it replaces is let go."""
        previous, self._audio = self._audio, microphone
        if self._audio_sent is not None:
            self._audio_sent.replace_source(self._relay.subscribe(microphone, buffered=False))
        if previous is not None and previous is not microphone:
            previous.stop()
        self._event("microphone switched")

    @property
    def video_source(self) -> MediaStreamTrack | None:
        """The camera being sent (or previewed before the call starts)."""
        return self._video

    def _camera_gone(self) -> MediaStreamTrack | None:
        """Ours ended (unplugged): the next one, relayed; None if there is none."""
        camera = self._next_camera() if self._next_camera is not None else None
        if camera is None:
            self._event("camera gone")
            return None
        self._adopt(camera)
        return self._relay.subscribe(camera, buffered=False)

    def _adopt(self, camera: MediaStreamTrack) -> None:
        """``camera`` is ours from now on: the next connections send it, the preview
        shows it."""
        self._video = camera
        self._tasks.spawn(
            self._keep_frames(self._relay.subscribe(camera, buffered=False), remote=False)
        )
        self._event("camera switched")

    async def hang_up(self) -> None:
        self._admitted = False
        await self.signalling.send({"type": "hangup"})
        await self._close_peer()
        self._event("hung-up")

    async def close(self) -> None:
        self.closed = True
        if self._admitted:
            await self.hang_up()
        await self._tasks.cancel_all()
        await self._close_peer()
        await self.signalling.close()
        # The camera and the microphone were opened for this call: let them go.
        for source in (self._video, self._audio):
            if source is not None:
                source.stop()

    async def until(self, condition: Callable[[], bool], timeout_s: float = 20.0) -> None:
        """Waits until ``condition`` holds after some change of the call."""
        async with asyncio.timeout(timeout_s):
            while not condition():
                self._changed.clear()
                await self._changed.wait()

    # -- inside ---------------------------------------------------------------------------

    async def _on_message(self, message: dict[str, Any]) -> None:
        kind = message.get("type")
        if kind == "welcome":
            self._welcome_ice = _ice_servers(message.get("iceServers"))
        if kind in {"welcome", "room"} and isinstance(message.get("room"), dict):
            self.room = message["room"]
            await self._offer_if_needed()
        elif kind == "answer" and isinstance(message.get("sdp"), str):
            await self._answered(message["sdp"])
        elif kind == "mode":
            self.patient_audio_only = bool(message.get("audio_only"))
            self._event("patient-audio-only" if self.patient_audio_only else "patient-video")
        elif kind == "hangup":
            self._admitted = False
            await self._close_peer()
            self._event("patient-hung-up")
        self._changed.set()

    async def _offer_if_needed(self) -> None:
        if not self._admitted or self.room.get("patient") != "admitted":
            return
        connections = int(self.room.get("patientConnections", 0))
        if connections != self._offered_to:
            self._offered_to = connections
            await self._negotiate("patient page connected")

    async def _negotiate(self, why: str) -> None:
        await self._close_peer()
        config = RTCConfiguration(
            iceServers=self._ice_servers if self._ice_servers is not None else self._welcome_ice,
            iceTransportPolicy=(
                RTCIceTransportPolicy.RELAY if self._relay_only else RTCIceTransportPolicy.ALL
            ),
        )
        peer = RTCPeerConnection(config)
        self.peer = peer
        self.negotiations += 1
        self._event(f"offer ({why})")
        audio_sender = None
        if self._audio is not None:
            self._audio_sent = SwitchableAudio(self._relay.subscribe(self._audio, buffered=False))
            self._audio_sent.muted = self.muted
            audio_sender = peer.addTrack(self._audio_sent)
        self._audio_sender = audio_sender
        if self._video is not None:
            self._video_sent = AdaptiveVideo(
                self._relay.subscribe(self._video, buffered=False),
                on_source_ended=self._camera_gone,
            )
            self._video_sender = peer.addTrack(self._video_sent)
        monitor = QualityMonitor(
            self._video_sender, audio_sender, self._video_sent, self.ladder, on_rung=self._on_rung
        )
        monitor.held_audio_only = self._video_held
        monitor.apply()
        self._monitor = monitor

        @peer.on("track")
        def on_track(track: MediaStreamTrack) -> None:
            if self._on_track is not None:
                self._on_track(track)
            elif track.kind == "video":
                self._tasks.spawn(self._keep_frames(track, remote=True))
            elif self._play_audio is not None:
                self._play_audio(track)
            else:
                self._tasks.spawn(self._discard(track))

        @peer.on("connectionstatechange")
        def on_state() -> None:
            self._event(f"connection {peer.connectionState}")
            self._changed.set()
            if peer is self.peer and peer.connectionState == "connected":
                monitor.start()
            # Closed under us counts too: aioice closes the connection when ICE consent
            # expires (the network changed), and aiortc then says "closed", not "failed".
            if peer is self.peer and peer.connectionState in _BROKEN and self._admitted:
                self._tasks.spawn(self._recover(peer))

        await peer.setLocalDescription(await peer.createOffer())
        if not await self.signalling.send({"type": "offer", "sdp": peer.localDescription.sdp}):
            # The socket is down: the next room update (after it reconnects) offers again.
            self._offered_to = -1

    async def _recover(self, peer: RTCPeerConnection) -> None:
        """A new offer for a connection lost under us, unless the call ended meanwhile."""
        state = peer.connectionState
        if state == "closed":
            # The patient's page closes its side when it hangs up too; its hang-up comes
            # over the socket, maybe a moment after: no new offer to a page that left.
            await asyncio.sleep(CLOSED_GRACE_S)
        if peer is self.peer and self._admitted:
            await self._negotiate(f"connection {state}: new offer")

    async def _answered(self, sdp: str) -> None:
        peer = self.peer
        if peer is None or peer.signalingState != "have-local-offer":
            return  # an answer to an offer since replaced
        await peer.setRemoteDescription(RTCSessionDescription(sdp, "answer"))
        self._event("answered")

    async def _keep_frames(self, track: MediaStreamTrack, *, remote: bool) -> None:
        """The newest picture of ``track`` as an RGB array, until the track ends."""
        with contextlib.suppress(Exception):  # MediaStreamError: the track ended
            while True:
                frame: Any = await track.recv()
                picture = frame.to_ndarray(format="rgb24")
                if remote:
                    self._remote_frame = picture
                else:
                    self._local_frame = picture

    async def _discard(self, track: MediaStreamTrack) -> None:
        # No loudspeaker to play it on: read anyway, so that aiortc's queue does not grow.
        with contextlib.suppress(Exception):
            while True:
                await track.recv()

    def _on_rung(self, rung: Rung) -> None:
        self._event(f"quality {self.ladder.index}")
        if rung.audio_only != self._ladder_audio_only and not self._video_held:
            # The network took the video off (or gave it back): the patient's page says so.
            self._ladder_audio_only = rung.audio_only
            self._tasks.spawn(self._tell_mode(rung.audio_only))

    async def _tell_mode(self, audio_only: bool) -> None:
        await self.signalling.send({"type": "mode", "audio_only": audio_only})

    async def _close_peer(self) -> None:
        peer, self.peer = self.peer, None
        monitor, self._monitor = self._monitor, None
        if monitor is not None:
            await monitor.stop()
        self._video_sender = None
        if peer is not None:
            with contextlib.suppress(Exception):  # closing what already failed
                await peer.close()

    def _failed(self, exc: Exception) -> None:
        # Said in the events; the call goes on.
        log.warning("call: %s", type(exc).__name__)
        self._event(f"error {type(exc).__name__}")

    def _event(self, what: str) -> None:
        self.events.append(what)
        self._changed.set()


def _ice_servers(given: object) -> list[RTCIceServer]:
    """The welcome's RTCIceServer dictionaries; anything malformed is left out."""
    servers: list[RTCIceServer] = []
    for entry in given if isinstance(given, list) else []:
        if not isinstance(entry, dict):
            continue
        urls = entry.get("urls")
        if isinstance(urls, str):
            urls = [urls]
        if not isinstance(urls, list) or not all(isinstance(u, str) for u in urls):
            continue
        username, credential = entry.get("username"), entry.get("credential")
        servers.append(
            RTCIceServer(
                urls=urls,
                username=username if isinstance(username, str) else None,
                credential=credential if isinstance(credential, str) else None,
            )
        )
    return servers
