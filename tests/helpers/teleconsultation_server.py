"""A teleconsultation for tests: the Appointment, and the embedded backend with its link.

The backend runs as the workstation runs it (a child process, SQLCipher); the
Appointment is a teleconsultation booked through its FHIR API, and the patient's join
token comes from its ``$join-link`` operation.
"""

import secrets
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import aiohttp

from sync.embedded_backend import EmbeddedBackend


@asynccontextmanager
async def backend(tmp_path: Path) -> AsyncIterator[EmbeddedBackend]:
    server = EmbeddedBackend(
        db_path=tmp_path / "backend.db",
        db_key=secrets.token_bytes(32),
        practitioner="Practitioner/dr-1",
        display="Dr Claire LEFÈVRE",
        log_path=tmp_path / "backend.log",
    )
    await server.start()
    try:
        yield server
    finally:
        await server.stop()


def appointment_json(
    *, video: bool = True, status: str = "booked", starts_in: timedelta = timedelta(minutes=5)
) -> dict[str, Any]:
    """An Appointment of 20 minutes for Patient/p-1 with Practitioner/dr-1: a
    teleconsultation (serviceType SNOMED CT 448337001) unless ``video`` is False."""
    start = datetime.now(UTC) + starts_in
    res: dict[str, Any] = {
        "resourceType": "Appointment",
        "status": status,
        "start": start.isoformat(),
        "end": (start + timedelta(minutes=20)).isoformat(),
        "participant": [
            {
                "actor": {"reference": "Patient/p-1", "display": "DURAND Jeanne"},
                "status": "accepted",
            },
            {"actor": {"reference": "Practitioner/dr-1"}, "status": "accepted"},
        ],
    }
    if video:
        res["serviceType"] = [
            {"coding": [{"system": "http://snomed.info/sct", "code": "448337001"}]}
        ]
    return res


async def teleconsultation(server: EmbeddedBackend) -> tuple[str, str]:
    """A teleconsultation Appointment on the server: (its id, the patient's join token)."""
    appointment = appointment_json()
    headers = {"Authorization": f"Bearer {await server.token()}"}
    async with aiohttp.ClientSession(headers=headers) as http:
        async with http.post(f"{server.base_url}/Appointment", json=appointment) as reply:
            assert reply.status == 201
            made = await reply.json()
        async with http.post(f"{server.base_url}/Appointment/{made['id']}/$join-link") as reply:
            assert reply.status == 200
            link = await reply.json()
    url = next(p["valueUrl"] for p in link["parameter"] if p["name"] == "url")
    return made["id"], url.partition("#")[2]
