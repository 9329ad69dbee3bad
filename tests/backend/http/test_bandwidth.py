"""The pre-call rate test: the server's ``/$bandwidth`` and the workstation's measure of it.

Over real HTTP on loopback; the rates measured there say nothing of a real network, so
only that they are measured (and far above what a call needs) is asserted.
"""

import socket

import pytest

from media.network_check import NetworkCheck
from tests.backend.http.conftest import LiveServer

pytestmark = pytest.mark.asyncio


async def test_random_bytes_down_and_their_count_up(server: LiveServer) -> None:
    down = await server.get("/$bandwidth?bytes=100000")
    assert down.status == 200
    assert down.headers["Content-Type"] == "application/octet-stream"
    assert len(down.raw) == 100_000
    assert len(set(down.raw)) > 200  # random: nothing on the way can compress it
    up = await server.post("/$bandwidth", data=bytes(3_000_000))
    assert up.status == 200 and up.body == {"received": 3_000_000}


@pytest.mark.parametrize("size", ["0", "abc", "-5", str(8 * 1024 * 1024 + 1)])
async def test_a_size_out_of_bounds_is_400(server: LiveServer, size: str) -> None:
    reply = await server.get(f"/$bandwidth?bytes={size}")
    assert reply.status == 400
    assert reply.body["resourceType"] == "OperationOutcome"


async def test_a_token_is_needed(server: LiveServer) -> None:
    assert (await server.get("/$bandwidth?bytes=10", auth=False)).status == 401
    assert (await server.post("/$bandwidth", data=b"x", auth=False)).status == 401


async def test_the_workstation_measures_both_ways(server: LiveServer) -> None:
    rates = await NetworkCheck.bandwidth(server.url, server.token)
    assert rates is not None
    assert rates.down_mbps > 10 and rates.up_mbps > 10  # loopback: far above a call's 2.5


async def test_a_server_out_of_reach_gives_no_rate() -> None:
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    assert await NetworkCheck.bandwidth(f"http://127.0.0.1:{port}", "t", timeout_s=2) is None
