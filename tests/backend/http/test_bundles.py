"""Batch and transaction Bundles, and conditional create."""

from typing import Any

import pytest

from tests.backend.http.conftest import LiveServer
from tests.backend.http.resources import INS_SYSTEM, bundle, entry, observation, patient
from tests.helpers.fhir_r4 import assert_valid_r4

pytestmark = pytest.mark.asyncio

PATIENT_URN = "urn:uuid:61ebe359-bfdc-4613-8bf2-c5e300945f0a"


async def _count(server: LiveServer, query: str) -> int:
    reply = await server.get(f"{query}{'&' if '?' in query else '?'}_summary=count")
    assert reply.status == 200, reply.raw
    total: int = reply.body["total"]
    return total


async def test_transaction_rewrites_urn_uuid_references(server: LiveServer) -> None:
    image = {
        "resourceType": "Media",
        "status": "completed",
        "subject": {"reference": PATIENT_URN},
        "content": {"contentType": "image/png", "url": "urn:uuid:0b0f3a52-6f7e-4c4b-9a43-1d5f"},
    }
    binary = {"resourceType": "Binary", "contentType": "image/png", "data": "AAAA"}
    sent = bundle(
        "transaction",
        [
            {**entry("POST", "Patient", patient()), "fullUrl": PATIENT_URN},
            entry("POST", "Observation", observation(PATIENT_URN)),
            entry("POST", "Media", image),
            {
                **entry("POST", "Binary", binary),
                "fullUrl": "urn:uuid:0b0f3a52-6f7e-4c4b-9a43-1d5f",
            },
        ],
    )
    reply = await server.post("/", sent, headers={"Prefer": "return=representation"})
    assert reply.status == 200, reply.raw
    body = reply.body
    assert body["type"] == "transaction-response"
    assert_valid_r4(body)
    responses = [e["response"] for e in body["entry"]]
    assert all(r["status"] == "201 Created" for r in responses)
    assert all(r["etag"] == 'W/"1"' and r["lastModified"] for r in responses)
    patient_id = responses[0]["location"].split("/")[1]
    binary_id = responses[3]["location"].split("/")[1]
    obs = await server.get(f"/{responses[1]['location'].rsplit('/_history', 1)[0]}")
    assert obs.body["subject"]["reference"] == f"Patient/{patient_id}"
    media = body["entry"][2]["resource"]
    assert media["subject"]["reference"] == f"Patient/{patient_id}"
    assert media["content"]["url"] == f"Binary/{binary_id}"
    assert await _count(server, f"/Observation?patient={patient_id}") == 1


async def test_transaction_is_all_or_nothing(server: LiveServer) -> None:
    broken = observation(PATIENT_URN)
    del broken["status"]
    sent = bundle(
        "transaction",
        [
            {**entry("POST", "Patient", patient(family="Rollback")), "fullUrl": PATIENT_URN},
            entry("POST", "Observation", observation(PATIENT_URN)),
            entry("POST", "Observation", broken),
        ],
    )
    reply = await server.post("/", sent)
    assert reply.status == 422
    assert reply.expressions == ["Bundle.entry[2].resource.status"]
    assert await _count(server, "/Patient?family=rollback") == 0
    assert await _count(server, "/Observation") == 0


async def test_transaction_with_a_stale_if_match_writes_nothing(server: LiveServer) -> None:
    existing = await server.create(patient(family="Existing"))
    rid = existing["id"]
    await server.put(f"/Patient/{rid}", existing)  # now at version 2
    sent = bundle(
        "transaction",
        [
            entry("POST", "Patient", patient(family="Newcomer")),
            entry("PUT", f"Patient/{rid}", {**existing, "gender": "male"}, ifMatch='W/"1"'),
        ],
    )
    reply = await server.post("/", sent)
    assert reply.status == 412
    assert reply.expressions == ["Bundle.entry[1]"]
    assert await _count(server, "/Patient?family=newcomer") == 0
    assert (await server.get(f"/Patient/{rid}")).body["gender"] == "female"


async def test_transaction_duplicate_targets_and_dangling_urns_are_400(server: LiveServer) -> None:
    twice = bundle(
        "transaction",
        [
            entry("PUT", "Patient/p1", patient(id="p1")),
            entry("PUT", "Patient/p1", patient(id="p1")),
        ],
    )
    assert (await server.post("/", twice)).status == 400
    dangling = bundle("transaction", [entry("POST", "Observation", observation(PATIENT_URN))])
    reply = await server.post("/", dangling)
    assert reply.status == 400
    assert PATIENT_URN in reply.issues[0]["diagnostics"]


async def test_transaction_put_delete_and_get(server: LiveServer) -> None:
    doomed = await server.create(patient(family="Doomed"))
    sent = bundle(
        "transaction",
        [
            entry("PUT", "Patient/client-1", patient(id="client-1", family="Client")),
            entry("DELETE", f"Patient/{doomed['id']}"),
            entry("GET", "Patient?family=client"),
            entry("GET", "Patient/client-1"),
        ],
    )
    reply = await server.post("/", sent)
    assert reply.status == 200, reply.raw
    statuses = [e["response"]["status"] for e in reply.body["entry"]]
    assert statuses == ["201 Created", "204 No Content", "200 OK", "200 OK"]
    assert reply.body["entry"][2]["resource"]["total"] == 1
    assert reply.body["entry"][3]["resource"]["id"] == "client-1"
    assert (await server.get(f"/Patient/{doomed['id']}")).status == 410


async def test_batch_entries_succeed_and_fail_on_their_own(server: LiveServer) -> None:
    existing = await server.create(patient(family="Batch"))
    invalid = patient()
    invalid["colour"] = "blue"
    sent = bundle(
        "batch",
        [
            entry("POST", "Patient", patient(family="Batched")),
            entry("POST", "Patient", invalid),
            entry("PUT", f"Patient/{existing['id']}", existing, ifMatch='W/"9"'),
            entry("GET", f"Patient/{existing['id']}"),
            entry("GET", "Patient/nobody"),
            entry("POST", "Basic", {"resourceType": "Basic"}),
            {"request": {"method": "PATCH", "url": "Patient/x"}},
        ],
    )
    reply = await server.post("/", sent)
    assert reply.status == 200, reply.raw
    results = reply.body["entry"]
    codes = [int(r["response"]["status"].split()[0]) for r in results]
    assert codes == [201, 422, 412, 200, 404, 404, 405]
    outcome = results[1]["response"]["outcome"]
    assert outcome["issue"][0]["expression"] == ["Bundle.entry[1].resource.colour"]
    assert await _count(server, "/Patient?family=batched") == 1


async def test_conditional_create_cases(server: LiveServer) -> None:
    ident = {"system": INS_SYSTEM, "value": "184037512345678"}
    criteria = {"If-None-Exist": f"identifier={INS_SYSTEM}|184037512345678"}
    first = await server.post("/Patient", patient(identifier=[ident]), headers=criteria)
    assert first.status == 201
    again = await server.post("/Patient", patient(identifier=[ident]), headers=criteria)
    assert again.status == 200
    assert again.body["id"] == first.body["id"]
    assert again.headers["ETag"] == 'W/"1"'
    await server.put("/Patient/twin", patient(id="twin", identifier=[ident]))
    many = await server.post("/Patient", patient(identifier=[ident]), headers=criteria)
    assert many.status == 412
    assert await _count(server, "/Patient") == 2
    bad = await server.post("/Patient", patient(), headers={"If-None-Exist": "colour=blue"})
    assert bad.status == 400


async def test_conditional_create_in_a_transaction_reuses_the_match(server: LiveServer) -> None:
    ident = {"system": INS_SYSTEM, "value": "299999912345678"}
    existing = await server.create(patient(identifier=[ident]))
    sent = bundle(
        "transaction",
        [
            {
                **entry(
                    "POST",
                    "Patient",
                    patient(identifier=[ident]),
                    ifNoneExist=f"identifier={ident['value']}",
                ),
                "fullUrl": PATIENT_URN,
            },
            entry("POST", "Observation", observation(PATIENT_URN)),
        ],
    )
    reply = await server.post("/", sent)
    assert reply.status == 200, reply.raw
    assert reply.body["entry"][0]["response"]["status"] == "200 OK"
    assert await _count(server, f"/Observation?patient={existing['id']}") == 1


async def test_bundle_errors(server: LiveServer) -> None:
    assert (await server.post("/", patient())).status == 400
    assert (await server.post("/", bundle("collection", []))).status == 400
    assert (
        await server.post("/", {"resourceType": "Bundle", "type": "batch", "entry": 3})
    ).status == 400
    not_r4 = {"resourceType": "Bundle", "type": "batch", "entry": [], "colour": 1}
    assert (await server.post("/", not_r4)).status == 422
    put_without_id = bundle("transaction", [entry("PUT", "Patient", patient())])
    assert (await server.post("/", put_without_id)).status == 400
    empty: dict[str, Any] = bundle("transaction", [])
    reply = await server.post("/", empty)
    assert reply.status == 200
    assert reply.body["entry"] == []
