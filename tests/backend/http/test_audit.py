"""The server's AuditEvents: one per access to patient data, valid R4, searchable."""

import base64
from typing import Any

import pytest

from tests.backend.http.conftest import LiveServer
from tests.backend.http.resources import bundle, entry, observation, patient
from tests.helpers.fhir_r4 import assert_valid_r4

pytestmark = pytest.mark.asyncio


async def _events(server: LiveServer, query: str = "") -> list[dict[str, Any]]:
    await server.flush_audit()
    reply = await server.get(f"/AuditEvent?_count=1000&_sort=_lastUpdated{query}")
    assert reply.status == 200
    events = [e["resource"] for e in reply.body["entry"]]
    for event in events:
        assert_valid_r4(event)
    return events


def _summary(event: dict[str, Any]) -> tuple[str, str, list[str]]:
    whats = [e["what"]["reference"] for e in event.get("entity", []) if "what" in e]
    return event["action"], event["subtype"][0]["code"], whats


async def test_a_write_commits_with_its_event(server: LiveServer) -> None:
    created = await server.create(patient())
    # No flush: the event went into the same storage write as the patient.
    reply = await server.get("/AuditEvent")
    [event] = [e["resource"] for e in reply.body["entry"]]
    assert _summary(event) == ("C", "create", [f"Patient/{created['id']}"])
    assert event["outcome"] == "0"
    assert event["type"]["code"] == "rest"
    assert event["agent"][0]["requestor"] is True
    assert event["agent"][0]["network"]["address"] == "127.0.0.1"
    assert_valid_r4(event)


async def test_reads_searches_and_history_are_recorded(server: LiveServer) -> None:
    owner = await server.create(patient())
    pid = f"Patient/{owner['id']}"
    obs = await server.create(observation(pid))
    await server.get(f"/{pid}")
    await server.get(f"/Observation/{obs['id']}/_history/1")
    await server.get(f"/Observation?patient={owner['id']}")
    await server.get(f"/{pid}/_history")
    events = await _events(server, f"&patient={pid}")
    # The batched read events share one commit instant: compared as a set.
    summaries = sorted(_summary(e) for e in events)
    assert summaries == sorted(
        [
            ("C", "create", [pid]),
            ("C", "create", [pid, f"Observation/{obs['id']}"]),
            ("R", "read", [pid]),
            ("R", "vread", [pid, f"Observation/{obs['id']}"]),
            ("E", "search-type", [pid]),
            ("R", "history-instance", [pid]),
        ]
    )
    search = next(e for e in events if e["action"] == "E")
    query = next(e["query"] for e in search["entity"] if "query" in e)
    assert base64.b64decode(query).decode() == f"Observation?patient={owner['id']}"


async def test_practice_data_is_not_audited(server: LiveServer) -> None:
    practitioner = {"resourceType": "Practitioner", "name": [{"family": "House"}]}
    created = await server.create(practitioner)
    await server.get(f"/Practitioner/{created['id']}")
    await server.get("/Practitioner?name=house")
    assert await _events(server) == []


async def test_a_transaction_records_one_event_per_kind_of_change(server: LiveServer) -> None:
    existing = await server.create(patient(family="Existing"))
    await server.flush_audit()
    urn = "urn:uuid:6c8f2b0e-1d1e-4ad9-8c8a-0e6f1f2f3a4b"
    sent = bundle(
        "transaction",
        [
            {**entry("POST", "Patient", patient(family="New")), "fullUrl": urn},
            entry("POST", "Observation", observation(urn)),
            entry("PUT", f"Patient/{existing['id']}", {**existing, "gender": "male"}),
        ],
    )
    reply = await server.post("/", sent)
    assert reply.status == 200
    new_id = reply.body["entry"][0]["response"]["location"].split("/")[1]
    obs_id = reply.body["entry"][1]["response"]["location"].split("/")[1]
    events = (await _events(server))[1:]
    assert sorted(_summary(e) for e in events) == [
        ("C", "create", [f"Patient/{new_id}", f"Observation/{obs_id}"]),
        ("U", "update", [f"Patient/{existing['id']}"]),
    ]


async def test_a_refused_write_is_recorded_as_a_failure(server: LiveServer) -> None:
    created = await server.create(patient())
    reply = await server.put(f"/Patient/{created['id']}", created, headers={"If-Match": 'W/"5"'})
    assert reply.status == 412
    events = await _events(server)
    assert [(e["action"], e["outcome"]) for e in events] == [("C", "0"), ("U", "4")]
