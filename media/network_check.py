"""The pre-call network test: can this workstation reach the STUN and TURN servers, and
roughly how fast is its link to the practice server?

For each server, a separate ICE gathering with only that server: a STUN server works
when it tells us our public address (a server-reflexive candidate), a TURN server when
it grants a relay address with the credentials given. Each answer is timed, so a slow
path shows before the patient waits on it. aiortc (aioice) waits up to about 5 s for an
unanswering server; the check gives up at ``timeout_s``.

The rate is timed on the server's ``/$bandwidth``: random bytes down, then up, a small
amount first and more while the transfer is too quick to time (so a slow link is
measured in about a second, a fast one without sending megabytes for nothing).
"""

import asyncio
import io
import os
import time
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass

import aiohttp
from aiortc import RTCIceGatherer, RTCIceServer
from aiortc.rtcconfiguration import RTCIceTransportPolicy

TIMEOUT_S = 6.0
# Bytes tried in turn until one transfer takes long enough to time (``_TIMED_S``).
_SIZES = (256 * 1024, 2 * 1024 * 1024, 8 * 1024 * 1024)
_TIMED_S = 0.25


@dataclass(frozen=True, slots=True)
class ServerCheck:
    """One server's result: ``kind`` stun or turn; ``address`` what it gave us."""

    url: str
    kind: str
    reachable: bool
    elapsed_ms: float
    address: str | None = None


@dataclass(frozen=True, slots=True)
class Bandwidth:
    """Megabits per second, from the server (down) and to it (up)."""

    down_mbps: float
    up_mbps: float


class NetworkCheck:
    """Static: :meth:`run` checks every server, in parallel; :meth:`bandwidth`."""

    @staticmethod
    async def bandwidth(
        base_url: str, token: str, timeout_s: float = TIMEOUT_S
    ) -> Bandwidth | None:
        """The link's rough rates, or None when the server cannot be reached."""
        url = f"{base_url.rstrip('/')}/$bandwidth"
        headers = {"Authorization": f"Bearer {token}"}
        timeout = aiohttp.ClientTimeout(total=timeout_s)
        try:
            async with aiohttp.ClientSession(timeout=timeout, headers=headers) as session:

                async def down(size: int) -> None:
                    async with session.get(url, params={"bytes": str(size)}) as response:
                        response.raise_for_status()
                        async for _chunk in response.content.iter_chunked(64 * 1024):
                            pass

                async def up(size: int) -> None:
                    # A file object is streamed (raw bytes this large would hold the loop).
                    async with session.post(url, data=io.BytesIO(os.urandom(size))) as response:
                        response.raise_for_status()

                return Bandwidth(await _rate(down), await _rate(up))
        except (aiohttp.ClientError, TimeoutError, OSError):
            return None

    @staticmethod
    async def run(
        servers: Sequence[RTCIceServer], timeout_s: float = TIMEOUT_S
    ) -> list[ServerCheck]:
        checks = [
            NetworkCheck._one(server, url, timeout_s)
            for server in servers
            for url in ([server.urls] if isinstance(server.urls, str) else server.urls)
            if url.startswith(("stun:", "turn:", "turns:"))
        ]
        return list(await asyncio.gather(*checks))

    @staticmethod
    async def _one(server: RTCIceServer, url: str, timeout_s: float) -> ServerCheck:
        kind = "stun" if url.startswith("stun:") else "turn"
        alone = RTCIceServer(urls=[url], username=server.username, credential=server.credential)
        policy = RTCIceTransportPolicy.RELAY if kind == "turn" else RTCIceTransportPolicy.ALL
        gatherer = RTCIceGatherer(iceServers=[alone], iceTransportPolicy=policy)
        started = time.monotonic()
        try:
            async with asyncio.timeout(timeout_s):
                await gatherer.gather()
        except (TimeoutError, OSError):
            pass
        elapsed = (time.monotonic() - started) * 1000
        wanted = "srflx" if kind == "stun" else "relay"
        found = [c for c in gatherer.getLocalCandidates() if c.type == wanted]
        await _close(gatherer)
        if not found:
            return ServerCheck(url, kind, False, elapsed)
        return ServerCheck(url, kind, True, elapsed, f"{found[0].ip}:{found[0].port}")


async def _rate(transfer: Callable[[int], Awaitable[None]]) -> float:
    """Mbit/s of the first transfer in ``_SIZES`` long enough to time (or the last)."""
    for size in _SIZES:
        started = time.monotonic()
        await transfer(size)
        elapsed = max(time.monotonic() - started, 1e-6)
        if elapsed >= _TIMED_S:
            break
    return size * 8 / elapsed / 1e6


async def _close(gatherer: RTCIceGatherer) -> None:
    # The gatherer's sockets (and a TURN allocation) belong to its ICE connection.
    connection = getattr(gatherer, "_connection", None)
    if connection is not None:
        await connection.close()
