"""Bearer tokens on every endpoint but /metadata, and the bootstrap exchange."""

import base64
import json
import time

import pytest

from backend.auth.principal import Principal
from backend.auth.token_issuer import TokenIssuer
from tests.backend.http.conftest import BOOTSTRAP_SECRET, LiveServer, ServerFactory
from tests.backend.http.resources import patient
from tests.helpers.fhir_r4 import assert_valid_r4

pytestmark = pytest.mark.asyncio


async def _bootstrap(
    server: LiveServer, secret: str, body: object
) -> tuple[int, dict[str, str], object]:
    reply = await server.post(
        "/auth/bootstrap", body, headers={"Authorization": f"Bootstrap {secret}"}, auth=False
    )
    return reply.status, dict(reply.headers), reply.body


async def test_metadata_is_open_and_describes_exactly_what_is_served(server: LiveServer) -> None:
    reply = await server.get("/metadata", auth=False)
    assert reply.status == 200
    statement = reply.body
    assert_valid_r4(statement)
    assert statement["fhirVersion"] == "4.0.1"
    rest = statement["rest"][0]
    assert {i["code"] for i in rest["interaction"]} == {"transaction", "batch", "history-system"}
    patient_caps = next(r for r in rest["resource"] if r["type"] == "Patient")
    assert {i["code"] for i in patient_caps["interaction"]} == {
        "read",
        "vread",
        "update",
        "delete",
        "history-instance",
        "history-type",
        "create",
        "search-type",
    }
    assert patient_caps["versioning"] == "versioned-update"
    assert patient_caps["updateCreate"] is True
    assert patient_caps["conditionalCreate"] is True
    assert {p["name"] for p in patient_caps["searchParam"]} == {
        "_id",
        "_lastUpdated",
        "identifier",
        "name",
        "family",
        "given",
        "birthdate",
    }
    assert "operation" not in patient_caps
    appointment_caps = next(r for r in rest["resource"] if r["type"] == "Appointment")
    assert {o["name"] for o in appointment_caps["operation"]} == {"join-link", "room"}


async def test_no_token_bad_scheme_and_forged_tokens_are_401(server: LiveServer) -> None:
    missing = await server.get("/Patient", auth=False)
    assert missing.status == 401
    assert missing.headers["WWW-Authenticate"] == 'Bearer realm="cabinet"'
    assert missing.issues[0]["code"] == "login"
    basic = await server.get("/Patient", auth=False, headers={"Authorization": "Basic eDp5"})
    assert basic.status == 401
    other_key = TokenIssuer(key=b"k" * 32).issue(Principal("10003456789")).access_token
    forged = await server.get(
        "/Patient", auth=False, headers={"Authorization": f"Bearer {other_key}"}
    )
    assert forged.status == 401
    assert 'error="invalid_token"' in forged.headers["WWW-Authenticate"]
    header, payload, signature = server.token.split(".")
    claims = json.loads(base64.urlsafe_b64decode(payload + "=="))
    claims["sub"] = "99999999999"
    tampered_payload = base64.urlsafe_b64encode(json.dumps(claims).encode()).rstrip(b"=").decode()
    tampered = f"{header}.{tampered_payload}.{signature}"
    reply = await server.get(
        "/Patient", auth=False, headers={"Authorization": f"Bearer {tampered}"}
    )
    assert reply.status == 401
    for junk in ("x", "a.b.c", "e30.e30.e30", "é" * 10, "a" * 5000):
        reply = await server.get(
            "/Patient", auth=False, headers={"Authorization": f"Bearer {junk}"}
        )
        assert reply.status == 401, junk


async def test_expired_tokens_are_401(server_factory: ServerFactory) -> None:
    now = [time.time()]
    issuer = TokenIssuer(60, clock=lambda: now[0])
    server = await server_factory(issuer=issuer)
    assert (await server.get("/Patient")).status == 200
    now[0] += 61
    reply = await server.get("/Patient")
    assert reply.status == 401
    assert "expired" in reply.headers["WWW-Authenticate"]


async def test_bootstrap_issues_and_refreshes_tokens(server: LiveServer) -> None:
    body = {"practitioner": "Practitioner/dr-who", "display": "Dr Who"}
    status, headers, token = await _bootstrap(server, BOOTSTRAP_SECRET.hex(), body)
    assert status == 200
    assert headers["Cache-Control"] == "no-store"
    assert isinstance(token, dict)
    assert token["token_type"] == "Bearer"
    assert token["expires_in"] == 900
    first = token["access_token"]
    reply = await server.get("/Patient", auth=False, headers={"Authorization": f"Bearer {first}"})
    assert reply.status == 200
    _, _, again = await _bootstrap(server, BOOTSTRAP_SECRET.hex().upper(), body)
    assert isinstance(again, dict)
    assert again["access_token"] != first


async def test_bootstrap_refusals(server: LiveServer) -> None:
    body = {"practitioner": "10003456789"}
    wrong, headers, _ = await _bootstrap(server, "00" * 32, body)
    assert wrong == 401
    assert headers["WWW-Authenticate"].startswith("Bootstrap ")
    missing = await server.post("/auth/bootstrap", body, auth=False)
    assert missing.status == 401
    bearer = await server.post("/auth/bootstrap", body)
    assert bearer.status == 401
    for bad in (
        {"practitioner": "Dr Who"},
        {"practitioner": 3},
        {},
        {"practitioner": "1" * 11, "display": 4},
    ):
        status, _, _ = await _bootstrap(server, BOOTSTRAP_SECRET.hex(), bad)
        assert status == 400, bad
    unknown = await server.post("/auth/psc", body, auth=False)
    assert unknown.status == 404


async def test_writes_record_the_tokens_practitioner(server: LiveServer) -> None:
    await server.create(patient())
    events = (await server.get("/AuditEvent")).body["entry"]
    who = events[0]["resource"]["agent"][0]["who"]
    assert who["identifier"] == {"system": "https://rpps.esante.gouv.fr", "value": "10003456789"}
