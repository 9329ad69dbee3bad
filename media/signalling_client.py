"""The practitioner's connection to a teleconsultation's signalling room, kept open.

It speaks the protocol of ``backend.signalling.signalling_hub`` (documented there):
connects to ``/signalling/<appointment id>`` with the practitioner's bearer token, hands
every message to its listener, and reconnects after a drop (0.5, 1, 2, 5 s, then every
5 s) until closed, asking for a fresh token each time (a token may have been renewed
meanwhile). The media keep flowing peer to peer while the socket is down: only what
needs the other side's answer waits. A refusal (401, 403, 404, 409) ends the attempts:
retrying cannot mend it.
"""

import asyncio
import json
import logging
from collections.abc import Awaitable, Callable
from typing import Any

import aiohttp

from media.background_tasks import BackgroundTasks

log = logging.getLogger(__name__)

BACKOFF_S = (0.5, 1.0, 2.0, 5.0)
_FINAL_STATUSES = frozenset({401, 403, 404, 409})
Listener = Callable[[dict[str, Any]], Awaitable[None]]


class SignallingClient:
    """``on_message`` gets each server message; ``on_refused(status)`` when it gives up."""

    def __init__(
        self,
        base_url: str,
        appointment_id: str,
        token: Callable[[], Awaitable[str]],
        on_message: Listener,
        *,
        on_refused: Callable[[int], None] | None = None,
        backoff_s: tuple[float, ...] = BACKOFF_S,
    ) -> None:
        self._url = f"{base_url.rstrip('/')}/signalling/{appointment_id}"
        self._token = token
        self._on_message = on_message
        self._on_refused = on_refused
        self._backoff_s = backoff_s
        self._socket: aiohttp.ClientWebSocketResponse | None = None
        self._task: asyncio.Task[None] | None = None
        self._session: aiohttp.ClientSession | None = None
        self.connected = asyncio.Event()
        self.connections = 0

    def start(self) -> None:
        if self._task is None:
            self._task = asyncio.get_running_loop().create_task(self._run())

    async def send(self, message: dict[str, Any]) -> bool:
        """True if it left; False while disconnected (the caller decides what to redo)."""
        socket = self._socket
        if socket is None or socket.closed:
            return False
        try:
            await socket.send_str(json.dumps(message, separators=(",", ":")))
        except (ConnectionError, RuntimeError):
            return False
        return True

    async def drop(self) -> None:
        """Closes the current socket as a network loss would (it reconnects)."""
        if self._socket is not None:
            await self._socket.close()

    async def close(self) -> None:
        task, self._task = self._task, None
        await BackgroundTasks.cancel(task)
        if self._session is not None:
            await self._session.close()
            self._session = None

    async def _run(self) -> None:
        self._session = aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=None))
        failures = 0
        while True:
            try:
                headers = {"Authorization": f"Bearer {await self._token()}"}
                async with self._session.ws_connect(
                    self._url, headers=headers, heartbeat=15.0
                ) as socket:
                    self._socket = socket
                    self.connections += 1
                    self.connected.set()
                    failures = 0
                    await self._listen(socket)
            except aiohttp.WSServerHandshakeError as exc:
                if exc.status in _FINAL_STATUSES:
                    log.warning("signalling refused (HTTP %d): not retrying", exc.status)
                    if self._on_refused is not None:
                        self._on_refused(exc.status)
                    return
            except (aiohttp.ClientError, OSError, TimeoutError) as exc:
                log.info("signalling: connection failed (%s)", type(exc).__name__)
            finally:
                self._socket = None
                self.connected.clear()
            await asyncio.sleep(self._backoff_s[min(failures, len(self._backoff_s) - 1)])
            failures += 1

    async def _listen(self, socket: aiohttp.ClientWebSocketResponse) -> None:
        async for frame in socket:
            if frame.type != aiohttp.WSMsgType.TEXT:
                continue
            try:
                message = json.loads(frame.data)
            except ValueError:
                continue
            if isinstance(message, dict):
                await self._on_message(message)
