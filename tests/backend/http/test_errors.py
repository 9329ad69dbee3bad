"""Every error status as an OperationOutcome, and the limits that keep the server serving."""

import asyncio
import json
import logging
from collections.abc import Sequence
from datetime import datetime
from typing import Any

import aiohttp
import pytest

from backend.http.http_limits import HttpLimits
from backend.search.search_query import SearchQuery
from backend.storage.resource_storage import ResourceStorage
from backend.storage.stored_resource import StoredResource
from backend.storage.write_op import WriteOp
from tests.backend.http.conftest import LiveServer, ServerFactory
from tests.backend.http.resources import bundle, entry, observation, patient

pytestmark = pytest.mark.asyncio


class SlowStorage:
    """Delegates to a real storage; reads take ``delay`` seconds first."""

    def __init__(self, inner: ResourceStorage, delay: float) -> None:
        self._inner = inner
        self._delay = delay

    async def open(self) -> None:
        await self._inner.open()

    async def close(self) -> None:
        await self._inner.close()

    async def read(self, rtype: str, rid: str) -> StoredResource | None:
        await asyncio.sleep(self._delay)
        return await self._inner.read(rtype, rid)

    async def vread(self, rtype: str, rid: str, version: int) -> StoredResource | None:
        return await self._inner.vread(rtype, rid, version)

    async def write(self, ops: Sequence[WriteOp]) -> list[StoredResource]:
        return await self._inner.write(ops)

    async def history(
        self, rtype: str | None, rid: str | None, since: datetime | None, count: int, offset: int
    ) -> tuple[list[StoredResource], int]:
        return await self._inner.history(rtype, rid, since, count, offset)

    async def search(self, query: SearchQuery) -> tuple[list[StoredResource], int | None]:
        return await self._inner.search(query)


class BrokenStorage(SlowStorage):
    """Searches fail with a message quoting patient data, as a driver's message might."""

    async def search(self, query: SearchQuery) -> tuple[list[StoredResource], int | None]:
        raise RuntimeError("row for DUPONT Jeanne, NIR 284037512345678")


def _nested(depth: int) -> str:
    return '{"resourceType": "Patient", "extension": ' + "[" * depth + "]" * depth + "}"


@pytest.mark.parametrize(
    ("body", "status"),
    [
        ("{not json", 400),
        ("", 400),
        ("[]", 400),
        ('"just a string"', 400),
        ('{"name": []}', 400),
        ('{"resourceType": "Observation", "status": "final"}', 400),
        ('{"resourceType": "Patient", "birthDate": NaN}', 400),
        ('{"resourceType": "Patient", "birthDate": 1e999}', 400),
        ('{"resourceType": "Patient", "id": "a\\u0000b"}', 400),
        ('{"resourceType": "Patient", "id": "\\ud800"}', 400),
        (_nested(70), 400),
        (_nested(60), 422),
        ('{"resourceType": "Patient", "gender": 3}', 422),
        ('{"resourceType": "Patient", "name": [{"given": ["A", 2]}]}', 422),
        ('{"resourceType": "Patient", "id": "not a valid id!"}', 422),
    ],
)
async def test_bad_bodies_get_a_4xx_outcome(server: LiveServer, body: str, status: int) -> None:
    reply = await server.post(
        "/Patient", data=body.encode(), headers={"Content-Type": "application/fhir+json"}
    )
    assert reply.status == status, reply.raw
    assert reply.issues[0]["severity"] == "error"


async def test_422_names_every_offending_path(server: LiveServer) -> None:
    bad = observation("Patient/x")
    del bad["status"]
    bad["code"]["coding"][0]["system"] = 42
    bad["colour"] = "blue"
    reply = await server.post("/Observation", bad)
    assert reply.status == 422
    assert set(reply.expressions) == {
        "Observation.status",
        "Observation.code.coding[0].system",
        "Observation.colour",
    }
    assert all(issue["location"] == issue["expression"] for issue in reply.issues)


async def test_unknown_types_paths_and_methods(server: LiveServer) -> None:
    unknown_type = await server.post("/Basic", {"resourceType": "Basic"})
    assert unknown_type.status == 404
    assert "Basic" in unknown_type.issues[0]["diagnostics"]
    assert (await server.get("/no/such/path/here")).status == 404
    patch = await server.request("PATCH", "/Patient/abc", {"op": "replace"})
    assert patch.status == 405
    assert "PUT" in patch.headers["Allow"]
    assert patch.issues[0]["code"] == "not-supported"
    assert (await server.delete("/Patient")).status == 405
    assert (await server.get("/")).status == 405


async def test_xml_is_415(server: LiveServer) -> None:
    reply = await server.post(
        "/Patient", data="<Patient/>", headers={"Content-Type": "application/fhir+xml"}
    )
    assert reply.status == 415


async def test_create_on_an_existing_id_is_409(server: LiveServer) -> None:
    await server.put("/Patient/taken", patient(id="taken"))
    create_only = {"If-None-Match": "*"}
    reply = await server.put("/Patient/taken", patient(id="taken"), headers=create_only)
    assert reply.status == 409
    fresh = await server.put("/Patient/fresh", patient(id="fresh"), headers=create_only)
    assert fresh.status == 201
    sent = bundle(
        "transaction",
        [
            entry("POST", "Patient", patient(family="NotKept")),
            entry("PUT", "Patient/taken", patient(id="taken"), ifNoneMatch="*"),
        ],
    )
    in_transaction = await server.post("/", sent)
    assert in_transaction.status == 409
    assert in_transaction.expressions == ["Bundle.entry[1]"]
    count = await server.get("/Patient?family=notkept&_summary=count")
    assert count.body["total"] == 0


async def test_body_and_bundle_caps_are_413(server_factory: ServerFactory) -> None:
    server = await server_factory(limits=HttpLimits(max_body_bytes=4096, max_bundle_entries=3))
    big = patient(text={"status": "generated", "div": "<div>" + "x" * 5000 + "</div>"})
    reply = await server.post("/Patient", big)
    assert reply.status == 413
    assert reply.issues[0]["code"] == "too-costly"
    entries = [entry("POST", "Patient", {"resourceType": "Patient"}) for _ in range(4)]
    assert (await server.post("/", bundle("batch", entries))).status == 413
    assert (await server.post("/", bundle("batch", entries[:3]))).status == 200


async def test_chunked_body_over_the_cap_is_413(server_factory: ServerFactory) -> None:
    server = await server_factory(limits=HttpLimits(max_body_bytes=4096))

    async def chunks() -> Any:
        for _ in range(10):
            yield b" " * 1000

    async with server.session.post(
        f"{server.url}/Patient",
        data=chunks(),
        headers={"Authorization": f"Bearer {server.token}", "Content-Type": "application/json"},
    ) as response:
        assert response.status == 413


async def test_request_timeout_is_503(server_factory: ServerFactory) -> None:
    server = await server_factory(
        limits=HttpLimits(request_timeout_s=0.2), wrap=lambda s: SlowStorage(s, 1.0)
    )
    reply = await server.get("/Patient/anything")
    assert reply.status == 503
    assert reply.issues[0]["code"] == "timeout"
    assert "Retry-After" in reply.headers
    assert (await server.get("/Patient")).status == 200


async def test_storage_unavailable_is_503(server: LiveServer, storage: ResourceStorage) -> None:
    await storage.close()
    reply = await server.get("/Patient/anything")
    assert reply.status == 503
    assert reply.issues[0]["code"] == "transient"
    assert (await server.post("/Patient", patient())).status == 503


async def test_oversized_headers_are_refused_and_the_server_goes_on(server: LiveServer) -> None:
    reply = await server.get("/Patient", headers={"X-Big": "y" * 20_000})
    assert reply.status in {400, 431}
    assert (await server.get("/Patient")).status == 200


async def test_bad_requests_do_not_hold_up_the_others(server: LiveServer) -> None:
    """A deep, a huge and a broken body in flight while ordinary requests are served."""
    huge = json.dumps(patient(text={"status": "generated", "div": "x" * 8_000_000}))
    deep = '{"resourceType":"Patient","extension":' + "[" * 500_000 + "]" * 500_000 + "}"

    async def abuse() -> list[int]:
        results = []
        for body in (huge, deep, "{" * 1_000_000):
            reply = await server.post(
                "/Patient", data=body, headers={"Content-Type": "application/fhir+json"}
            )
            results.append(reply.status)
        return results

    async def ordinary() -> list[int]:
        return [(await server.post("/Patient", patient())).status for _ in range(20)]

    abused, served = await asyncio.gather(abuse(), ordinary())
    assert abused == [201, 400, 400]
    assert served == [201] * 20


async def test_a_client_that_disconnects_mid_body_harms_nobody(server: LiveServer) -> None:
    host, port = server.url.removeprefix("http://").split(":")
    reader, writer = await asyncio.open_connection(host, int(port))
    writer.write(
        b"POST /Patient HTTP/1.1\r\nHost: x\r\nContent-Type: application/fhir+json\r\n"
        b"Authorization: Bearer " + server.token.encode() + b"\r\n"
        b'Content-Length: 100000\r\n\r\n{"resourceType": '
    )
    await writer.drain()
    writer.close()
    await writer.wait_closed()
    del reader
    assert (await server.post("/Patient", patient())).status == 201


async def test_errors_never_leak_tracebacks(server: LiveServer) -> None:
    session: aiohttp.ClientSession = server.session
    async with session.post(
        f"{server.url}/",
        data=b'{"resourceType": "Bundle", "type": "transaction", "entry": [{"request": 1}]}',
        headers={"Authorization": f"Bearer {server.token}"},
    ) as response:
        text = await response.text()
    assert response.status == 422
    assert "Traceback" not in text


async def test_a_bug_is_a_500_outcome_and_the_log_names_only_its_class(
    server_factory: ServerFactory, caplog: pytest.LogCaptureFixture
) -> None:
    server = await server_factory(wrap=lambda s: BrokenStorage(s, 0))
    with caplog.at_level(logging.INFO):
        reply = await server.get("/Patient?family=dupont")
    assert reply.status == 500
    assert reply.issues[0]["code"] == "exception"
    assert b"DUPONT" not in reply.raw
    assert "RuntimeError" in caplog.text
    assert "DUPONT" not in caplog.text
    assert server.token not in caplog.text
    assert (await server.get("/Patient/x")).status == 404  # and it goes on serving
