"""History at instance, type and system level: versions, _since, _count and paging."""

import asyncio
from typing import Any
from urllib.parse import quote

import pytest

from tests.backend.http.conftest import LiveServer
from tests.backend.http.resources import patient

pytestmark = pytest.mark.asyncio


def _next(body: dict[str, Any]) -> str | None:
    return next((x["url"] for x in body["link"] if x["relation"] == "next"), None)


async def test_instance_history_lists_every_version_newest_first(server: LiveServer) -> None:
    created = await server.create(patient())
    path = f"/Patient/{created['id']}"
    current = created
    for gender in ("male", "other", "unknown"):
        current = (await server.put(path, {**current, "gender": gender})).body
    await server.delete(path)
    reply = await server.get(f"{path}/_history")
    assert reply.status == 200
    body = reply.body
    assert body["type"] == "history"
    assert body["total"] == 5
    entries = body["entry"]
    assert [e["response"]["etag"] for e in entries] == [f'W/"{v}"' for v in (5, 4, 3, 2, 1)]
    assert entries[0]["request"]["method"] == "DELETE"
    assert "resource" not in entries[0]
    assert entries[-1]["request"] == {"method": "POST", "url": "Patient"}
    assert entries[1]["resource"]["gender"] == "unknown"


async def test_type_and_system_history_with_since_and_paging(server: LiveServer) -> None:
    await server.create(patient(family="Before"))
    await asyncio.sleep(0.02)
    marker = await server.create(patient(family="Marker"))
    since = quote(marker["meta"]["lastUpdated"])
    for i in range(6):
        await server.create(patient(family=f"After{i}"))
    reply = await server.get(f"/Patient/_history?_since={since}&_count=3")
    body = reply.body
    assert body["total"] == 7
    collected = [e["resource"]["name"][0]["family"] for e in body["entry"]]
    url = _next(body)
    while url is not None:
        page = (await server.get(url)).body
        collected += [e["resource"]["name"][0]["family"] for e in page["entry"]]
        url = _next(page)
    assert len(collected) == 7
    assert "Before" not in collected
    system = await server.get(f"/_history?_since={since}")
    assert system.status == 200
    # The system level holds the creates' audit events too.
    assert {e["resource"]["resourceType"] for e in system.body["entry"]} == {
        "Patient",
        "AuditEvent",
    }


async def test_history_rejects_unknown_parameters(server: LiveServer) -> None:
    assert (await server.get("/_history?_at=2026")).status == 400
    assert (await server.get("/_history?_since=last-week")).status == 400
    assert (await server.get("/Basic/_history")).status == 404


async def test_bundles_say_when_their_query_ran(server: LiveServer) -> None:
    """``Bundle.meta.lastUpdated``: after what the result holds, before what came later."""
    before = await server.create(patient(family="Avant"))
    for path in ("/_history", "/Patient", "/Patient/_history"):
        reply = await server.get(path)
        assert reply.status == 200
        as_of = reply.body["meta"]["lastUpdated"]
        assert as_of.endswith("Z")
        assert as_of >= before["meta"]["lastUpdated"]
        later = await server.create(patient(family="Après"))
        assert later["meta"]["lastUpdated"] > as_of


async def test_a_read_of_a_deleted_resource_gives_its_tombstone_version(
    server: LiveServer,
) -> None:
    created = await server.create(patient())
    path = f"/Patient/{created['id']}"
    await server.delete(path)
    reply = await server.get(path)
    assert reply.status == 410
    assert reply.headers["ETag"] == 'W/"2"'
