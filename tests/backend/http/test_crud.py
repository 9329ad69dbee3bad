"""Create, read, vread, update (as create too), delete and Binary over real HTTP."""

import base64
import uuid

import pytest

from tests.backend.http.conftest import LiveServer
from tests.backend.http.resources import observation, patient
from tests.helpers.fhir_r4 import assert_valid_r4

pytestmark = pytest.mark.asyncio


async def test_create_assigns_a_uuid_and_sets_version_headers(server: LiveServer) -> None:
    sent = patient(id="client-id", meta={"versionId": "42", "lastUpdated": "2000-01-01T00:00:00Z"})
    reply = await server.post("/Patient", sent)
    assert reply.status == 201
    body = reply.body
    uuid.UUID(body["id"])  # the server's id, not the client's
    assert body["meta"]["versionId"] == "1"
    assert not body["meta"]["lastUpdated"].startswith("2000")
    assert reply.headers["ETag"] == 'W/"1"'
    assert reply.headers["Location"] == f"{server.url}/Patient/{body['id']}/_history/1"
    assert reply.headers["Last-Modified"].endswith("GMT")
    assert reply.headers["Content-Type"].startswith("application/fhir+json")
    assert_valid_r4(body)


async def test_read_vread_update_and_history_headers(server: LiveServer) -> None:
    created = await server.create(patient())
    rid = created["id"]
    changed = {**created, "gender": "male"}
    reply = await server.put(f"/Patient/{rid}", changed, headers={"If-Match": 'W/"1"'})
    assert reply.status == 200
    assert reply.headers["ETag"] == 'W/"2"'
    current = await server.get(f"/Patient/{rid}")
    assert current.status == 200
    assert current.body["gender"] == "male"
    assert current.headers["ETag"] == 'W/"2"'
    first = await server.get(f"/Patient/{rid}/_history/1")
    assert first.status == 200
    assert first.body["gender"] == "female"
    assert (await server.get(f"/Patient/{rid}/_history/3")).status == 404


async def test_update_as_create_with_a_client_id(server: LiveServer) -> None:
    rid = str(uuid.uuid4())
    reply = await server.put(f"/Patient/{rid}", patient(id=rid))
    assert reply.status == 201
    assert reply.body["id"] == rid
    assert reply.headers["Location"].endswith(f"/Patient/{rid}/_history/1")
    again = await server.put(f"/Patient/{rid}", patient(id=rid, gender="male"))
    assert again.status == 200
    assert again.body["meta"]["versionId"] == "2"


async def test_update_id_must_match_the_url(server: LiveServer) -> None:
    assert (await server.put("/Patient/a1", patient(id="b2"))).status == 400
    reply = await server.put("/Patient/a1", patient())
    assert reply.status == 400
    assert reply.expressions == ["Patient.id"]


async def test_if_match_mismatch_is_412_and_changes_nothing(server: LiveServer) -> None:
    created = await server.create(patient())
    path = f"/Patient/{created['id']}"
    reply = await server.put(path, {**created, "gender": "male"}, headers={"If-Match": 'W/"7"'})
    assert reply.status == 412
    assert reply.issues[0]["code"] == "conflict"
    assert (await server.get(path)).body["gender"] == "female"
    bad = await server.put(path, created, headers={"If-Match": "seven"})
    assert bad.status == 400


async def test_delete_leaves_a_versioned_tombstone_and_read_is_410(server: LiveServer) -> None:
    created = await server.create(patient())
    path = f"/Patient/{created['id']}"
    reply = await server.delete(path)
    assert reply.status == 204
    assert reply.headers["ETag"] == 'W/"2"'
    gone = await server.get(path)
    assert gone.status == 410
    assert gone.issues[0]["code"] == "deleted"
    assert (await server.get(f"{path}/_history/1")).status == 200
    assert (await server.get(f"{path}/_history/2")).status == 410
    # Deleting again, or something that never existed, is fine and writes nothing.
    assert (await server.delete(path)).status == 204
    assert (await server.delete("/Patient/never-there")).status == 204
    history = await server.get(f"{path}/_history")
    assert history.body["total"] == 2


async def test_delete_with_a_stale_if_match_is_412(server: LiveServer) -> None:
    created = await server.create(patient())
    path = f"/Patient/{created['id']}"
    await server.put(path, created)
    assert (await server.delete(path, headers={"If-Match": 'W/"1"'})).status == 412
    assert (await server.delete(path, headers={"If-Match": 'W/"2"'})).status == 204


async def test_read_of_unknown_id_is_404(server: LiveServer) -> None:
    reply = await server.get("/Patient/does-not-exist")
    assert reply.status == 404
    assert reply.issues[0]["code"] == "not-found"


async def test_prefer_return_minimal_and_operation_outcome(server: LiveServer) -> None:
    minimal = await server.post("/Patient", patient(), headers={"Prefer": "return=minimal"})
    assert minimal.status == 201
    assert minimal.raw == b""
    assert "Location" in minimal.headers
    outcome = await server.post(
        "/Patient", patient(), headers={"Prefer": "return=OperationOutcome"}
    )
    assert outcome.body["resourceType"] == "OperationOutcome"


async def test_json_content_type_is_accepted_as_well(server: LiveServer) -> None:
    reply = await server.post(
        "/Patient",
        data='{"resourceType": "Patient"}',
        headers={"Content-Type": "application/json"},
    )
    assert reply.status == 201


async def test_format_json_is_honoured_and_xml_refused(server: LiveServer) -> None:
    created = await server.create(patient())
    path = f"/Patient/{created['id']}"
    assert (await server.get(f"{path}?_format=json")).status == 200
    assert (await server.get(f"{path}?_format=application/fhir%2Bjson")).status == 200
    assert (await server.get(f"{path}?_format=xml")).status == 406
    xml = await server.get(path, headers={"Accept": "application/fhir+xml"})
    assert xml.status == 406


async def test_binary_json_create_read_and_raw_bytes(server: LiveServer) -> None:
    png = b"\x89PNG\r\n\x1a\n" + bytes(range(200))
    binary = {
        "resourceType": "Binary",
        "contentType": "image/png",
        "data": base64.b64encode(png).decode(),
    }
    created = await server.create(binary)
    path = f"/Binary/{created['id']}"
    as_json = await server.get(path)
    assert as_json.status == 200
    assert base64.b64decode(as_json.body["data"]) == png
    raw = await server.get(path, headers={"Accept": "image/png"})
    assert raw.status == 200
    assert raw.raw == png
    assert raw.headers["Content-Type"] == "image/png"
    assert raw.headers["X-Content-Type-Options"] == "nosniff"


async def test_binary_raw_upload(server: LiveServer) -> None:
    reply = await server.post(
        "/Binary", data=b"\x00\x01raw bytes", headers={"Content-Type": "application/pdf"}
    )
    assert reply.status == 201
    assert reply.body["contentType"] == "application/pdf"
    assert base64.b64decode(reply.body["data"]) == b"\x00\x01raw bytes"


async def test_invalid_binary_data_is_422(server: LiveServer) -> None:
    reply = await server.post(
        "/Binary", {"resourceType": "Binary", "contentType": "image/png", "data": "%%%"}
    )
    assert reply.status == 422
    assert reply.expressions == ["Binary.data"]


async def test_observation_round_trip_is_valid_r4(server: LiveServer) -> None:
    owner = await server.create(patient())
    created = await server.create(observation(f"Patient/{owner['id']}"))
    read = await server.get(f"/Observation/{created['id']}")
    assert read.body == created
    assert_valid_r4(read.body)
