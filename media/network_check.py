"""The pre-call network test: can this workstation reach the STUN and TURN servers?

For each server, a separate ICE gathering with only that server: a STUN server works
when it tells us our public address (a server-reflexive candidate), a TURN server when
it grants a relay address with the credentials given. Each answer is timed, so a slow
path shows before the patient waits on it. aiortc (aioice) waits up to about 5 s for an
unanswering server; the check gives up at ``timeout_s``.
"""

import asyncio
import time
from collections.abc import Sequence
from dataclasses import dataclass

from aiortc import RTCIceGatherer, RTCIceServer
from aiortc.rtcconfiguration import RTCIceTransportPolicy

TIMEOUT_S = 6.0


@dataclass(frozen=True, slots=True)
class ServerCheck:
    """One server's result: ``kind`` stun or turn; ``address`` what it gave us."""

    url: str
    kind: str
    reachable: bool
    elapsed_ms: float
    address: str | None = None


class NetworkCheck:
    """Static: :meth:`run` checks every server, in parallel."""

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


async def _close(gatherer: RTCIceGatherer) -> None:
    # The gatherer's sockets (and a TURN allocation) belong to its ICE connection.
    connection = getattr(gatherer, "_connection", None)
    if connection is not None:
        await connection.close()
