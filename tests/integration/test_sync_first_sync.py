"""The first sync of a new workstation: scoped, shown as progress, and resumable.

The server is filled by one workstation; another one then syncs for the first time
through a proxy that resets 60% of the connections. Pages are asked again, types
already read are not read again when an interrupted first sync resumes, and the end
state is exactly the server's content in scope.
"""

import uuid
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from app.audit.audit_entry import AuditAction
from app.domain.sync_status import SyncStatus
from app.store.resource_write import ResourceWrite
from sync.server_unreachable_error import ServerUnreachableError
from tests.helpers.sync_rig import TODAY, SyncRig, patient

pytestmark = pytest.mark.asyncio


def _observation(patient_id: str, days_ago: int) -> dict[str, Any]:
    when = TODAY - timedelta(days=days_ago)
    return {
        "resourceType": "Observation",
        "id": str(uuid.uuid4()),
        "status": "final",
        "code": {"coding": [{"system": "http://loinc.org", "code": "8867-4"}]},
        "subject": {"reference": f"Patient/{patient_id}"},
        "effectiveDateTime": f"{when.isoformat()}T09:00:00+01:00",
        "valueQuantity": {"value": 72, "unit": "/min"},
    }


async def test_first_sync_through_resets_gets_everything_in_scope(tmp_path: Path) -> None:
    async with SyncRig.running(tmp_path, foreign=True) as rig:
        assert rig.proxy is not None
        seeder = await rig.workstation("secretariat")
        patients = [patient(family=f"Famille{i:03d}") for i in range(300)]
        # 24 months of observations are in scope by default; 3 years ago is not.
        recent = [_observation(p["id"], i % 700) for i, p in enumerate(patients * 3)]
        old = [_observation(p["id"], 1100) for p in patients[:50]]
        writes = [ResourceWrite(r["resourceType"], r["id"], r) for r in patients + recent + old]
        await seeder.store.commit(
            writes, [seeder.session.record(AuditAction.CREATE, w.ref) for w in writes]
        )
        await seeder.engine.sync_once()
        assert seeder.engine.status.pending == 0

        newcomer = await rig.workstation("portable")
        progress: list[tuple[int, int | None]] = []
        proxy = rig.proxy

        def watch(status: SyncStatus) -> None:
            if status.progress is None:
                return
            progress.append(status.progress)
            # The network goes bad once part of the first sync is in.
            if status.progress[0] >= 300 and proxy.reset_rate == 0:
                proxy.reset_rate = 1.0

        newcomer.engine.on_status_change(watch)
        with pytest.raises(ServerUnreachableError):
            await newcomer.engine.sync_once()
        interrupted = progress[-1][0]
        assert 300 <= interrupted < len(patients) + len(recent)
        assert rig.proxy.counters["reset"] > 0
        # Back on a poor network (a third of connections reset): pages are asked again.
        progress.clear()
        proxy.reset_rate = 0.3
        report = await newcomer.engine.sync_once()
        proxy.heal()
        assert await newcomer.store.count("Patient") == len(patients)
        assert await newcomer.store.count("Observation") == len(recent)
        done = [p[0] for p in progress]
        assert done == sorted(done)
        # The resumed first sync read only the types it had not finished.
        assert 0 < done[-1] < len(patients) + len(recent)
        # Later cycles are incremental: nothing new, nothing re-applied.
        again = await newcomer.engine.sync_once()
        assert again.pulled.applied == 0 and not again.pulled.initial
        assert report.pulled.conflicts == 0


def _photo(patient_id: str, days_ago: int) -> tuple[dict[str, Any], dict[str, Any]]:
    binary = {
        "resourceType": "Binary",
        "id": str(uuid.uuid4()),
        "contentType": "image/png",
        "data": "iVBORw0KGgo=",
    }
    media = {
        "resourceType": "Media",
        "id": str(uuid.uuid4()),
        "status": "completed",
        "subject": {"reference": f"Patient/{patient_id}"},
        "createdDateTime": f"{(TODAY - timedelta(days=days_ago)).isoformat()}T10:00:00+01:00",
        "content": {"contentType": "image/png", "url": f"Binary/{binary['id']}"},
    }
    return binary, media


def _appointment(patient_id: str, days_from_today: int) -> dict[str, Any]:
    start = TODAY + timedelta(days=days_from_today)
    return {
        "resourceType": "Appointment",
        "id": str(uuid.uuid4()),
        "status": "booked",
        "start": f"{start.isoformat()}T09:00:00+01:00",
        "end": f"{start.isoformat()}T09:20:00+01:00",
        "participant": [{"actor": {"reference": f"Patient/{patient_id}"}, "status": "accepted"}],
    }


@pytest.mark.parametrize("foreign", [False, True], ids=["our-backend", "foreign-server"])
async def test_images_come_for_the_patients_seen_recently(tmp_path: Path, foreign: bool) -> None:
    async with SyncRig.running(tmp_path, foreign=foreign) as rig:
        seeder = await rig.workstation("dermato")
        seen, unseen = patient(family="Vu"), patient(family="Jamais")
        seen_photo, unseen_photo = _photo(seen["id"], 20), _photo(unseen["id"], 20)
        resources = [
            seen,
            unseen,
            *seen_photo,
            *unseen_photo,
            _appointment(seen["id"], -10),
        ]
        writes = [ResourceWrite(r["resourceType"], r["id"], r) for r in resources]
        await seeder.store.commit(
            writes, [seeder.session.record(AuditAction.CREATE, w.ref) for w in writes]
        )
        await seeder.engine.sync_once()

        laptop = await rig.workstation("portable")
        await laptop.engine.sync_once()
        # The seen patient's photo and its file are here; the other's are not.
        assert await laptop.read("Media", seen_photo[1]["id"]) is not None
        binary = await laptop.read("Binary", seen_photo[0]["id"])
        assert binary is not None and binary["data"] == "iVBORw0KGgo="
        assert await laptop.read("Media", unseen_photo[1]["id"]) is None
        assert await laptop.read("Binary", unseen_photo[0]["id"]) is None
        # The other patient gets an appointment: their earlier photo follows.
        await seeder.write(_appointment(unseen["id"], 3))
        await seeder.engine.sync_once()
        await laptop.engine.sync_once()
        assert await laptop.read("Media", unseen_photo[1]["id"]) is not None
        assert await laptop.read("Binary", unseen_photo[0]["id"]) is not None
