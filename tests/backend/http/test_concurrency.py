"""Concurrent requests over HTTP: no lost update, no duplicate conditional create."""

import asyncio
from collections import Counter

import pytest

from tests.backend.http.conftest import LiveServer
from tests.backend.http.resources import INS_SYSTEM, patient

pytestmark = pytest.mark.asyncio

WRITERS = 50


async def test_same_if_match_exactly_one_update_wins(server: LiveServer) -> None:
    created = await server.create(patient())
    path = f"/Patient/{created['id']}"
    replies = await asyncio.gather(
        *(
            server.put(
                path,
                {**created, "name": [{"family": f"Writer{i}"}]},
                headers={"If-Match": 'W/"1"'},
            )
            for i in range(WRITERS)
        )
    )
    statuses = Counter(r.status for r in replies)
    assert statuses == {200: 1, 412: WRITERS - 1}
    winner = next(r.body for r in replies if r.status == 200)
    history = (await server.get(f"{path}/_history")).body
    assert history["total"] == 2
    assert [e["response"]["etag"] for e in history["entry"]] == ['W/"2"', 'W/"1"']
    assert (await server.get(path)).body == winner


async def test_unconditional_updates_all_land_without_gaps(server: LiveServer) -> None:
    created = await server.create(patient())
    path = f"/Patient/{created['id']}"
    replies = await asyncio.gather(
        *(server.put(path, {**created, "name": [{"family": f"W{i}"}]}) for i in range(WRITERS))
    )
    assert {r.status for r in replies} == {200}
    versions = sorted(int(r.body["meta"]["versionId"]) for r in replies)
    assert versions == list(range(2, WRITERS + 2))
    history = (await server.get(f"{path}/_history?_count=100")).body
    etags = [e["response"]["etag"] for e in history["entry"]]
    assert etags == [f'W/"{v}"' for v in range(WRITERS + 1, 0, -1)]


async def test_concurrent_conditional_creates_make_one_resource(server: LiveServer) -> None:
    ident = {"system": INS_SYSTEM, "value": "277777712345678"}
    headers = {"If-None-Exist": f"identifier={INS_SYSTEM}|277777712345678"}
    replies = await asyncio.gather(
        *(server.post("/Patient", patient(identifier=[ident]), headers=headers) for _ in range(20))
    )
    assert Counter(r.status for r in replies) == {201: 1, 200: 19}
    assert len({r.body["id"] for r in replies}) == 1
