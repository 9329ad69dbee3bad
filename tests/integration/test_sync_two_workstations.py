"""Two workstations edit one patient offline, then sync through a real backend.

Every test runs twice: against the project's backend as it is, and through a proxy
that gives it a foreign server's manners (no ``_history``, UUID version ids, strong
ETags, no ``total``, pages shorter than asked), since sync must not depend on anything
only our backend does.
"""

import copy
from pathlib import Path

import pytest

from app.domain.conflict_side import ConflictSide
from app.domain.sync_conflict import ConflictKind
from tests.helpers.sync_rig import SyncRig, Workstation, patient

pytestmark = pytest.mark.asyncio

MODES = [pytest.param(False, id="our-backend"), pytest.param(True, id="foreign-server")]


def _phone(res: dict[str, object] | None) -> str:
    assert res is not None
    telecom = res["telecom"]
    assert isinstance(telecom, list)
    return str(next(t["value"] for t in telecom if t["system"] == "phone"))


def _email(res: dict[str, object] | None) -> str:
    assert res is not None
    telecom = res["telecom"]
    assert isinstance(telecom, list)
    return str(next(t["value"] for t in telecom if t["system"] == "email"))


async def _shared_patient(a: Workstation, b: Workstation) -> dict[str, object]:
    """Created on A, synced to the server, pulled by B."""
    p = patient()
    await a.write(p)
    await a.engine.sync_once()
    await b.engine.sync_once()
    assert await b.read("Patient", p["id"]) is not None
    assert await a.version("Patient", p["id"]) is not None
    assert await a.version("Patient", p["id"]) == await b.version("Patient", p["id"])
    return p


async def _edited(w: Workstation, p: dict[str, object], **telecom: str) -> None:
    mine = await w.read("Patient", str(p["id"]))
    assert mine is not None
    mine = copy.deepcopy(mine)
    for item in mine["telecom"]:
        if item["system"] in telecom:
            item["value"] = telecom[item["system"]]
    await w.write(mine)


@pytest.mark.parametrize("foreign", MODES)
async def test_edits_of_different_fields_merge_on_both(tmp_path: Path, foreign: bool) -> None:
    async with SyncRig.running(tmp_path, foreign=foreign) as rig:
        a, b = await rig.workstation("accueil"), await rig.workstation("cabinet")
        p = await _shared_patient(a, b)
        # Offline: nothing syncs while both edit.
        await _edited(a, p, phone="06 22 22 22 22")
        await _edited(b, p, email="jeanne.martin@example.org")
        await a.engine.sync_once()
        report = await b.engine.sync_once()
        assert report.pushed.merged + report.pulled.merged >= 1
        await a.engine.sync_once()
        for w in (a, b):
            res = await w.read("Patient", str(p["id"]))
            assert _phone(res) == "06 22 22 22 22"
            assert _email(res) == "jeanne.martin@example.org"
            assert w.engine.status.pending == 0
            assert w.engine.status.conflicts == 0
        assert await a.version("Patient", str(p["id"])) == await b.version("Patient", str(p["id"]))


@pytest.mark.parametrize("foreign", MODES)
async def test_same_field_is_a_conflict_then_both_converge(tmp_path: Path, foreign: bool) -> None:
    async with SyncRig.running(tmp_path, foreign=foreign) as rig:
        a, b = await rig.workstation("accueil"), await rig.workstation("cabinet")
        p = await _shared_patient(a, b)
        await _edited(a, p, phone="06 22 22 22 22", email="a@example.org")
        await _edited(b, p, phone="07 33 33 33 33")
        await a.engine.sync_once()
        await b.engine.sync_once()
        # A's change reached the server untouched; B holds a conflict on the phone only
        # (A's e-mail is merged in already).
        conflicts = await b.conflicts.open_conflicts()
        assert len(conflicts) == 1
        conflict = conflicts[0]
        assert conflict.kind is ConflictKind.EDITED_BOTH
        assert [f.path for f in conflict.fields] == [("telecom", "[phone|mobile]", "value")]
        field = conflict.fields[0]
        assert (field.base, field.mine, field.theirs) == (
            "06 11 11 11 11",
            "07 33 33 33 33",
            "06 22 22 22 22",
        )
        assert conflict.theirs_by == "Dr Accueil (accueil)"
        assert b.engine.status.conflicts == 1
        # Nothing of B's goes out while the conflict is open.
        assert _phone(await b.read("Patient", str(p["id"]))) == "07 33 33 33 33"
        assert _email(await b.read("Patient", str(p["id"]))) == "a@example.org"
        await b.engine.sync_once()
        await a.engine.sync_once()
        assert _phone(await a.read("Patient", str(p["id"]))) == "06 22 22 22 22"
        # B keeps its own number; the result is pushed and reaches A.
        await b.conflicts.resolve(conflict, {field.path: ConflictSide.MINE})
        await b.engine.sync_once()
        await a.engine.sync_once()
        for w in (a, b):
            res = await w.read("Patient", str(p["id"]))
            assert _phone(res) == "07 33 33 33 33"
            assert _email(res) == "a@example.org"
            assert w.engine.status.conflicts == 0
            assert w.engine.status.pending == 0
        assert await a.version("Patient", str(p["id"])) == await b.version("Patient", str(p["id"]))
        # The resolution is in B's audit trail.
        entries = await b.store.audit_entries()
        assert entries[-1].entity == f"Patient/{p['id']}"


@pytest.mark.parametrize("foreign", MODES)
async def test_a_deletion_against_an_edit_is_a_conflict(tmp_path: Path, foreign: bool) -> None:
    async with SyncRig.running(tmp_path, foreign=foreign) as rig:
        a, b = await rig.workstation("accueil"), await rig.workstation("cabinet")
        p = await _shared_patient(a, b)
        await a.delete("Patient", str(p["id"]))
        await _edited(b, p, phone="07 33 33 33 33")
        await a.engine.sync_once()
        await b.engine.sync_once()
        conflicts = await b.conflicts.open_conflicts()
        if foreign:
            # A server without history cannot announce deletions: B learns of it when
            # its push meets the missing resource.
            assert len(conflicts) == 1
        assert len(conflicts) == 1
        assert conflicts[0].kind is ConflictKind.DELETED_THERE
        # B accepts the deletion: nothing is pushed, the patient is gone on both.
        await b.conflicts.resolve(conflicts[0], {(): ConflictSide.THEIRS})
        await b.engine.sync_once()
        assert await b.read("Patient", str(p["id"])) is None
        assert b.engine.status.pending == 0


@pytest.mark.parametrize("foreign", MODES)
async def test_a_form_saved_over_a_synced_change_of_the_same_field_is_a_conflict(
    tmp_path: Path, foreign: bool
) -> None:
    async with SyncRig.running(tmp_path, foreign=foreign) as rig:
        a, b = await rig.workstation("accueil"), await rig.workstation("cabinet")
        p = await _shared_patient(a, b)
        read = await b.read("Patient", str(p["id"]))
        assert read is not None
        form = copy.deepcopy(read)
        # While B's form is open, A's new number arrives through sync.
        await _edited(a, p, phone="06 22 22 22 22")
        await a.engine.sync_once()
        await b.engine.sync_once()
        assert _phone(await b.read("Patient", str(p["id"]))) == "06 22 22 22 22"
        # B saves the form with another number and a new e-mail address.
        for item in form["telecom"]:
            item["value"] = "07 44 44 44 44" if item["system"] == "phone" else "b@example.org"
        await b.write(form, base=read)
        # B's number stands for now, A's waits in B's inbox; the e-mail merges.
        res = await b.read("Patient", str(p["id"]))
        assert (_phone(res), _email(res)) == ("07 44 44 44 44", "b@example.org")
        [conflict] = await b.conflicts.open_conflicts()
        [field] = conflict.fields
        assert (field.mine, field.theirs) == ("07 44 44 44 44", "06 22 22 22 22")
        # Nothing goes out until B chooses; B takes A's number.
        await b.engine.sync_once()
        await a.engine.sync_once()
        assert _email(await a.read("Patient", str(p["id"]))) == "jeanne@example.org"
        await b.conflicts.resolve(conflict, {field.path: ConflictSide.THEIRS})
        await b.engine.sync_once()
        await a.engine.sync_once()
        for w in (a, b):
            res = await w.read("Patient", str(p["id"]))
            assert (_phone(res), _email(res)) == ("06 22 22 22 22", "b@example.org")
            assert w.engine.status.pending == 0
