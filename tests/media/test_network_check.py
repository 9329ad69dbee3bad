"""The pre-call network test against coturn on loopback, and against nothing at all."""

import pytest
from aiortc import RTCIceServer

from backend.signalling.ice_servers import IceServers
from media.network_check import NetworkCheck
from tests.helpers.turn_server import TurnServer

pytestmark = pytest.mark.asyncio


async def test_turn_with_good_credentials_grants_a_relay_and_bad_ones_do_not() -> None:
    with TurnServer.start() as turn:
        (given,) = IceServers(turn=[turn.url], turn_secret=turn.secret).for_participant(
            "room-1", "practitioner"
        )
        good = RTCIceServer(
            urls=given["urls"], username=given["username"], credential=given["credential"]
        )
        bad = RTCIceServer(urls=given["urls"], username=given["username"], credential="wrong")
        (granted,) = await NetworkCheck.run([good])
        assert granted.kind == "turn" and granted.reachable
        assert granted.address is not None
        assert int(granted.address.rpartition(":")[2]) in turn.relay_ports
        (refused,) = await NetworkCheck.run([bad], timeout_s=3)
        assert not refused.reachable and refused.address is None


async def test_stun_tells_our_address() -> None:
    with TurnServer.start() as turn:
        stun = turn.url.replace("turn:", "stun:").partition("?")[0]
        (result,) = await NetworkCheck.run([RTCIceServer(urls=[stun])])
        assert result.kind == "stun" and result.reachable and result.address is not None
        assert result.elapsed_ms < 2000


async def test_a_server_that_does_not_answer_is_reported_in_time() -> None:
    silent = RTCIceServer(
        urls=["stun:127.0.0.1:9", "turn:127.0.0.1:9"], username="u", credential="p"
    )
    results = await NetworkCheck.run([silent], timeout_s=2)
    assert [(r.kind, r.reachable) for r in results] == [("stun", False), ("turn", False)]
    assert all(r.elapsed_ms < 4000 for r in results)
