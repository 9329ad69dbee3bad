"""PatientService over the real encrypted store, driven through asyncio.

Search by name prefix (accents or not), birth date and INS prefix; opening a chart is
one audited read; saving writes the resource, its outbox entry and its audit entry in
one transaction, or nothing at all.
"""

import asyncio
import dataclasses
from collections.abc import Awaitable, Callable
from datetime import date
from pathlib import Path

import pytest

from app.audit.audit_entry import AuditAction, AuditRecord
from app.domain.change_set import ChangeSet
from app.domain.nir import Nir
from app.domain.patient import Patient
from app.services.field_error import PatientInvalidError
from app.services.patient_draft import PatientDraft
from app.services.patient_service import PatientService
from app.services.session import Session
from app.store.encrypted_store import EncryptedStore
from app.store.resource_write import ResourceWrite
from app.store.store_key import StoreKey
from tests.helpers.keyring_fixtures import keyring_path

__all__ = ["keyring_path"]

TODAY = date(2025, 6, 2)
SESSION = Session("Practitioner/dr-house", "Dr House", "poste-accueil")


def _nir(body: str) -> str:
    return Nir(body + Nir.key_for(body)).formatted()


PEOPLE = [
    PatientDraft("Durand", "Élodie", "14/05/1990", "female", _nir("2900514123456")),
    PatientDraft("Lefèvre", "Hélène", "01/02/1975", "female", _nir("2750275111222")),
    PatientDraft("Martin", "Jean", "12/03/1984", "male", _nir("1840375123456")),
    PatientDraft("Martin", "Jeanne", "30/09/1952", "female", _nir("2520969333444")),
    PatientDraft("Dupont", "Jean-Pierre", "12/03/1984", "male", _nir("1840313555666")),
    PatientDraft("Dupuis", "Noël", "25/12/2001", "male"),
]

Scenario = Callable[[PatientService, EncryptedStore, dict[str, Patient]], Awaitable[None]]


def _run(tmp_path: Path, scenario: Scenario) -> None:
    async def main() -> None:
        path = tmp_path / "profile" / "store.db"
        store = await EncryptedStore.open(path, StoreKey("unit", path))
        try:
            service = PatientService(store, SESSION, today=lambda: TODAY)
            saved = {}
            for draft in PEOPLE:
                patient, _ = await service.save(draft)
                saved[f"{draft.given} {draft.family}"] = patient
            await scenario(service, store, saved)
        finally:
            await store.close()

    asyncio.run(main())


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("elo", ["Élodie Durand"]),
        ("Élo", ["Élodie Durand"]),
        ("ÉLODIE", ["Élodie Durand"]),
        ("lefev", ["Hélène Lefèvre"]),
        ("lefèv", ["Hélène Lefèvre"]),
        ("helene", ["Hélène Lefèvre"]),
        ("noel", ["Noël Dupuis"]),
        ("dup", ["Jean-Pierre Dupont", "Noël Dupuis"]),
        ("martin jea", ["Jean Martin", "Jeanne Martin"]),
        ("jean", ["Jean-Pierre Dupont", "Jean Martin", "Jeanne Martin"]),
        ("pierre", ["Jean-Pierre Dupont"]),
        ("12/03/1984", ["Jean-Pierre Dupont", "Jean Martin"]),
        ("1984-03-12", ["Jean-Pierre Dupont", "Jean Martin"]),
        ("mar 12/03/1984", ["Jean Martin"]),
        ("2 90 05", ["Élodie Durand"]),
        ("1 84 03", ["Jean-Pierre Dupont", "Jean Martin"]),
        ("1 84 03 75", ["Jean Martin"]),
        (_nir("2750275111222"), ["Hélène Lefèvre"]),
        ("zzz", []),
        ("durand 1 84 03", []),
    ],
)
def test_search(tmp_path: Path, keyring_path: Path, text: str, expected: list[str]) -> None:
    async def scenario(
        service: PatientService, store: EncryptedStore, saved: dict[str, Patient]
    ) -> None:
        found = await service.search(text)
        assert [p.id for p in found] == [saved[name].id for name in expected]

    _run(tmp_path, scenario)


def test_search_is_not_audited(tmp_path: Path, keyring_path: Path) -> None:
    async def scenario(
        service: PatientService, store: EncryptedStore, saved: dict[str, Patient]
    ) -> None:
        before = len(await store.audit_entries())
        await service.search("martin")
        await service.search("12/03/1984")
        assert len(await store.audit_entries()) == before

    _run(tmp_path, scenario)


def test_open_chart_writes_exactly_one_read_entry(tmp_path: Path, keyring_path: Path) -> None:
    async def scenario(
        service: PatientService, store: EncryptedStore, saved: dict[str, Patient]
    ) -> None:
        patient = saved["Hélène Lefèvre"]
        before = await store.audit_entries()
        opened = await service.open_chart(patient.id)
        assert opened == patient
        after = await store.audit_entries()
        assert after[: len(before)] == before
        (entry,) = after[len(before) :]
        assert entry.action == AuditAction.READ.value
        assert entry.entity == patient.reference
        assert entry.who == SESSION.practitioner_ref
        assert entry.workstation == SESSION.workstation
        assert (await store.verify_audit()).ok
        # An attempt on a chart that is not there is an access attempt all the same.
        assert await service.open_chart("no-such-patient") is None
        assert len(await store.audit_entries()) == len(after) + 1

    _run(tmp_path, scenario)


def test_save_writes_resource_outbox_and_audit_together(tmp_path: Path, keyring_path: Path) -> None:
    async def scenario(
        service: PatientService, store: EncryptedStore, saved: dict[str, Patient]
    ) -> None:
        patients, outbox = await store.count("Patient"), await store.outbox_size()
        audit = len(await store.audit_entries())
        patient, changes = await service.save(
            PatientDraft("Bernard", "Chloé", "07/07/2007", "female")
        )
        assert changes == ChangeSet.of(patient.reference)
        assert await store.count("Patient") == patients + 1
        assert await store.outbox_size() == outbox + 1
        entries = await store.audit_entries()
        assert len(entries) == audit + 1
        assert (entries[-1].action, entries[-1].entity) == ("C", patient.reference)
        stored = await store.read("Patient", patient.id)
        assert stored is not None
        assert Patient.from_fhir(stored) == patient

        edited, changes = await service.save(
            dataclasses.replace(PatientDraft.of(patient), phone="06 00 00 00 00"), patient
        )
        assert edited.id == patient.id
        assert changes == ChangeSet.of(patient.reference)
        assert await store.count("Patient") == patients + 1
        assert await store.outbox_size() == outbox + 2
        entries = await store.audit_entries()
        assert (entries[-1].action, entries[-1].entity) == ("U", patient.reference)
        assert [p.id for p in await service.search("chloé")] == [patient.id]
        assert (await store.verify_audit()).ok

    _run(tmp_path, scenario)


def test_nothing_is_written_when_a_save_or_a_commit_fails(
    tmp_path: Path, keyring_path: Path
) -> None:
    async def scenario(
        service: PatientService, store: EncryptedStore, saved: dict[str, Patient]
    ) -> None:
        state = (
            await store.count("Patient"),
            await store.count("Observation"),
            await store.outbox_size(),
            await store.audit_entries(),
        )
        with pytest.raises(PatientInvalidError):
            await service.save(PatientDraft("", "Sans Nom", "01/01/2000"))
        good = ResourceWrite("Observation", "o1", {"resourceType": "Observation", "id": "o1"})
        # The second write cannot be serialised: the first must not stay behind.
        bad = ResourceWrite("Observation", "o2", {"resourceType": "Observation", "x": {1, 2}})
        record = AuditRecord("Practitioner/x", AuditAction.CREATE, "Observation/o1", "ws")
        with pytest.raises(TypeError):
            await store.commit([good, bad], [record])
        # Nor when the audit entry cannot be built after the writes went in.
        bad_record = AuditRecord(object(), AuditAction.CREATE, "Observation/o1", "ws")  # type: ignore[arg-type]
        with pytest.raises(TypeError):
            await store.commit([good], [bad_record])
        after = (
            await store.count("Patient"),
            await store.count("Observation"),
            await store.outbox_size(),
            await store.audit_entries(),
        )
        assert after == state
        assert await store.read("Observation", "o1") is None
        assert (await store.verify_audit()).ok

    _run(tmp_path, scenario)


def test_concurrent_saves_are_serialised_into_one_chain(tmp_path: Path, keyring_path: Path) -> None:
    async def scenario(
        service: PatientService, store: EncryptedStore, saved: dict[str, Patient]
    ) -> None:
        drafts = [PatientDraft("Serie", f"N{i}", "01/01/2000") for i in range(20)]
        results = await asyncio.gather(*(service.save(d) for d in drafts))
        verdict = await store.verify_audit()
        assert verdict.ok
        assert verdict.entries == len(PEOPLE) + len(drafts)
        found = await service.search("serie")
        assert {p.id for p in found} == {p.id for p, _ in results}

    _run(tmp_path, scenario)
