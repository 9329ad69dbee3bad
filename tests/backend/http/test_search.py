"""Search over HTTP: parameters of every kind, paging, sort, strictness."""

import asyncio
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import quote

import pytest

from tests.backend.http.conftest import LiveServer
from tests.backend.http.resources import INS_SYSTEM, bundle, entry, observation, patient

pytestmark = pytest.mark.asyncio


def _ids(reply_body: dict[str, Any]) -> list[str]:
    return [e["resource"]["id"] for e in reply_body.get("entry", [])]


def _link(reply_body: dict[str, Any], relation: str) -> str | None:
    return next((x["url"] for x in reply_body["link"] if x["relation"] == relation), None)


def _self(reply_body: dict[str, Any]) -> str:
    link = _link(reply_body, "self")
    assert link is not None
    return link


async def _transaction(server: LiveServer, resources: list[dict[str, Any]]) -> list[str]:
    reply = await server.post(
        "/",
        bundle("transaction", [entry("POST", r["resourceType"], r) for r in resources]),
    )
    assert reply.status == 200, reply.raw
    return [e["response"]["location"].split("/")[1] for e in reply.body["entry"]]


async def test_paging_through_1000_results(server: LiveServer) -> None:
    await _transaction(server, [patient(family=f"Page{i:04d}") for i in range(1000)])
    seen: list[str] = []
    url: str | None = "/Patient?_count=150&_sort=_lastUpdated"
    pages = 0
    while url is not None:
        reply = await server.get(url)
        assert reply.status == 200
        body = reply.body
        assert body["total"] == 1000
        self_link = _link(body, "self")
        assert self_link is not None and self_link.startswith(server.url)
        if pages:
            assert _link(body, "previous") is not None
        seen += _ids(body)
        url = _link(body, "next")
        pages += 1
    assert pages == 7
    assert len(seen) == 1000
    assert len(set(seen)) == 1000


async def test_count_is_capped_and_the_self_link_says_so(server: LiveServer) -> None:
    reply = await server.get("/Patient?_count=5000")
    assert reply.status == 200
    assert "_count=1000" in _self(reply.body)


async def test_count_zero_and_summary_count_give_the_total_only(server: LiveServer) -> None:
    for i in range(3):
        await server.create(patient(family=f"Count{i}"))
    for query in ("_count=0", "_summary=count"):
        reply = await server.get(f"/Patient?{query}")
        assert reply.body["total"] == 3
        assert reply.body["entry"] == []


async def test_total_none_leaves_total_out(server: LiveServer) -> None:
    await server.create(patient())
    reply = await server.get("/Patient?_total=none")
    assert "total" not in reply.body
    assert len(reply.body["entry"]) == 1


async def test_string_token_date_and_reference_parameters(server: LiveServer) -> None:
    alice = await server.create(
        patient(
            family="Éloïse-Martin",
            given="Alice",
            birthDate="1990-05-17",
            identifier=[{"system": INS_SYSTEM, "value": "290051234567890"}],
        )
    )
    bob = await server.create(patient(family="Durand", given="Bob", birthDate="1975-11-02"))
    obs = await server.create(observation(f"Patient/{alice['id']}"))
    await server.create(observation(f"Patient/{bob['id']}"))

    async def ids(query: str) -> set[str]:
        reply = await server.get(query)
        assert reply.status == 200, reply.raw
        return set(_ids(reply.body))

    assert await ids("/Patient?family=eloise") == {alice["id"]}
    assert await ids("/Patient?name=alice") == {alice["id"]}
    assert await ids("/Patient?family=eloise,durand") == {alice["id"], bob["id"]}
    assert await ids("/Patient?family=eloise&given=bob") == set()
    ins = quote(f"{INS_SYSTEM}|290051234567890")
    assert await ids(f"/Patient?identifier={ins}") == {alice["id"]}
    assert await ids("/Patient?identifier=290051234567890") == {alice["id"]}
    assert await ids("/Patient?identifier=urn:other%7C290051234567890") == set()
    assert await ids("/Patient?birthdate=1990") == {alice["id"]}
    assert await ids("/Patient?birthdate=1990-05") == {alice["id"]}
    assert await ids("/Patient?birthdate=lt1980") == {bob["id"]}
    assert await ids("/Patient?birthdate=ge1980-01-01&birthdate=le1999") == {alice["id"]}
    assert await ids(f"/Observation?patient={alice['id']}") == {obs["id"]}
    assert await ids(f"/Observation?subject=Patient/{alice['id']}") == {obs["id"]}
    assert await ids(f"/Observation?subject:Patient={alice['id']}") == {obs["id"]}
    assert await ids(f"/Observation?patient={server.url}/Patient/{alice['id']}") == {obs["id"]}
    assert await ids("/Observation?code=http://loinc.org%7C8867-4") == {
        obs["id"],
        *(await ids(f"/Observation?patient={bob['id']}")),
    }
    assert await ids(f"/Patient?_id={alice['id']},{bob['id']}") == {alice["id"], bob["id"]}
    assert await ids("/Observation?date=2026-03-14") == await ids("/Observation")


async def test_last_updated_prefixes_and_sort(server: LiveServer) -> None:
    first = await server.create(patient(family="First"))
    await asyncio.sleep(0.02)
    second = await server.create(patient(family="Second"))
    stamp = datetime.fromisoformat(second["meta"]["lastUpdated"]).astimezone(UTC)
    between = quote((stamp - timedelta(microseconds=1)).isoformat(timespec="microseconds"))

    async def ids(query: str) -> list[str]:
        reply = await server.get(query)
        assert reply.status == 200, reply.raw
        return _ids(reply.body)

    assert await ids(f"/Patient?_lastUpdated=gt{between}") == [second["id"]]
    assert await ids(f"/Patient?_lastUpdated=ge{between}") == [second["id"]]
    assert await ids(f"/Patient?_lastUpdated=lt{between}") == [first["id"]]
    assert await ids(f"/Patient?_lastUpdated=le{between}") == [first["id"]]
    year = stamp.strftime("%Y")
    assert set(await ids(f"/Patient?_lastUpdated=eq{year}")) == {first["id"], second["id"]}
    assert await ids("/Patient?_sort=_lastUpdated") == [first["id"], second["id"]]
    assert await ids("/Patient?_sort=-_lastUpdated") == [second["id"], first["id"]]


async def test_post_search_with_a_form_body(server: LiveServer) -> None:
    alice = await server.create(patient(family="Formdata"))
    reply = await server.post(
        "/Patient/_search?_count=5",
        data="family=formd",
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    assert reply.status == 200
    assert _ids(reply.body) == [alice["id"]]
    assert "family=formd" in _self(reply.body)


async def test_unknown_parameters_are_400_unless_lenient(server: LiveServer) -> None:
    strict = await server.get("/Patient?colour=blue")
    assert strict.status == 400
    assert "colour" in strict.issues[0]["diagnostics"]
    lenient = await server.get("/Patient?colour=blue", headers={"Prefer": "handling=lenient"})
    assert lenient.status == 200
    assert "colour" not in _self(lenient.body)
    for query in (
        "_include=Patient:link",
        "family:exact=x",
        "_sort=family",
        "_count=-1",
        "birthdate=sa2020",
        "birthdate=yesterday",
        "_summary=text",
        "identifier=%7C",
    ):
        reply = await server.get(f"/Patient?{query}")
        assert reply.status == 400, query


async def test_search_of_an_unsupported_type_is_404(server: LiveServer) -> None:
    reply = await server.get("/Basic")
    assert reply.status == 404
    assert "not supported" in reply.issues[0]["diagnostics"]


async def test_deleted_resources_do_not_match(server: LiveServer) -> None:
    kept = await server.create(patient(family="Kept"))
    gone = await server.create(patient(family="Kept"))
    await server.delete(f"/Patient/{gone['id']}")
    reply = await server.get("/Patient?family=kept")
    assert _ids(reply.body) == [kept["id"]]
