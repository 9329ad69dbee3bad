"""A patient's side of a call in Python: joins with the link's token, answers offers.

What the patient's page does, with aiortc and the synthetic camera, for tests that need
a patient without a browser (the consultation view's): the real signalling room, real
WebRTC, decoded frames counted.
"""

import asyncio
import contextlib
import json
from collections.abc import Callable
from typing import Any

import aiohttp
import numpy as np
from aiortc import RTCConfiguration, RTCPeerConnection, RTCSessionDescription
from aiortc.mediastreams import AudioStreamTrack, MediaStreamTrack

from media.synthetic_camera import SyntheticCamera


class AiortcPatient:
    """``join()`` then watch ``admitted``, ``frames``, ``modes``; ``close()`` at the end."""

    def __init__(
        self,
        base_url: str,
        appointment_id: str,
        token: str,
        *,
        audio: Callable[[], MediaStreamTrack] = AudioStreamTrack,
    ) -> None:
        self._audio = audio
        self._url = f"{base_url.rstrip('/')}/signalling/{appointment_id}"
        self._token = token
        self._session: aiohttp.ClientSession | None = None
        self._socket: aiohttp.ClientWebSocketResponse | None = None
        self._task: asyncio.Task[None] | None = None
        self._drains: list[asyncio.Task[None]] = []
        self.peer: RTCPeerConnection | None = None
        self.admitted = asyncio.Event()
        self.hung_up = asyncio.Event()
        self.frames = 0
        self.audio_peak = 0.0
        # Each mode message: (audio_only, both_ways).
        self.modes: list[tuple[bool, bool]] = []

    async def join(self) -> None:
        self._session = aiohttp.ClientSession()
        self._socket = await self._session.ws_connect(self._url)
        await self._socket.send_str(json.dumps({"type": "join", "token": self._token}))
        self._task = asyncio.get_running_loop().create_task(self._listen(self._socket))

    async def close(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
        for task in self._drains:
            task.cancel()
        await asyncio.gather(*self._drains, return_exceptions=True)
        if self.peer is not None:
            await self.peer.close()
        if self._socket is not None:
            await self._socket.close()
        if self._session is not None:
            await self._session.close()

    async def _listen(self, socket: aiohttp.ClientWebSocketResponse) -> None:
        async for frame in socket:
            if frame.type != aiohttp.WSMsgType.TEXT:
                continue
            message: dict[str, Any] = json.loads(frame.data)
            kind = message.get("type")
            if kind == "admitted":
                self.admitted.set()
            elif kind == "offer":
                await self._answer(socket, message["sdp"])
            elif kind == "mode":
                self.modes.append((bool(message.get("audio_only")), bool(message.get("both_ways"))))
            elif kind == "hangup":
                self.hung_up.set()

    async def _answer(self, socket: aiohttp.ClientWebSocketResponse, sdp: str) -> None:
        if self.peer is not None:
            await self.peer.close()
        peer = RTCPeerConnection(RTCConfiguration(iceServers=[]))
        self.peer = peer
        peer.addTrack(SyntheticCamera(320, 240, 15))
        peer.addTrack(self._audio())
        peer.on("track", self._on_track)
        await peer.setRemoteDescription(RTCSessionDescription(sdp, "offer"))
        await peer.setLocalDescription(await peer.createAnswer())
        await socket.send_str(json.dumps({"type": "answer", "sdp": peer.localDescription.sdp}))

    def _on_track(self, track: MediaStreamTrack) -> None:
        self._drains.append(asyncio.get_running_loop().create_task(self._drain(track)))

    async def _drain(self, track: MediaStreamTrack) -> None:
        with contextlib.suppress(Exception):
            while True:
                frame: Any = await track.recv()
                if track.kind == "video":
                    self.frames += 1
                else:
                    samples = frame.to_ndarray()
                    peak = float(np.abs(samples).max()) / 32768.0 if samples.size else 0.0
                    self.audio_peak = max(self.audio_peak, peak)
