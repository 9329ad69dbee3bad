"""ConflictService over a real encrypted store, with conflicts made the way sync makes them.

Each conflict comes from :meth:`SyncLedger.apply_remote`: a server version (v1) pulled,
an edit committed here, and another server version (v2) pulled on top of it. Then
:meth:`ConflictService.result_of` (the resource the choices make) and
:meth:`ConflictService.resolve` (stored, queued, audited, or refused when the conflict
moved on).
"""

import copy
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import pytest_asyncio

from app.audit.audit_entry import AuditAction
from app.domain.conflict_side import ConflictSide
from app.domain.element_paths import ElementPaths
from app.domain.field_conflict import FieldConflict
from app.domain.sync_conflict import ConflictKind, SyncConflict
from app.domain.three_way_merge import ThreeWayMerge
from app.services.conflict_changed_error import ConflictChangedError
from app.services.conflict_service import ConflictService
from app.services.session import Session
from app.store.demo_key_file import DemoKeyFile
from app.store.encrypted_store import EncryptedStore
from app.store.remote_version import RemoteVersion
from app.store.resource_write import ResourceWrite

FhirJson = dict[str, Any]

SESSION = Session("Practitioner/dr-martin", "Dr Martin", "cabinet-1")
PID = "5f0e9a52-4c1e-4a53-9b0e-3f1c2f7e8a01"
MOBILE = ("telecom", "[phone|mobile]", "value")
EMAIL = ("telecom", "[email|null]", "value")


def _v1() -> FhirJson:
    return {
        "resourceType": "Patient",
        "id": PID,
        "meta": {"versionId": "1", "lastUpdated": "2026-11-01T10:00:00.000000+00:00"},
        "name": [{"use": "official", "family": "Martin", "given": ["Jeanne"]}],
        "gender": "female",
        "birthDate": "1961-04-02",
        "telecom": [
            {"system": "phone", "use": "mobile", "value": "06 11 11 11 11"},
            {"system": "email", "value": "jeanne@example.org"},
        ],
    }


def _with(resource: FhirJson, path: tuple[str, ...], value: Any) -> FhirJson:
    leaves = ElementPaths.flatten(resource)
    leaves[path] = value
    out = ElementPaths.build(leaves, order=resource)
    if "meta" in resource:
        out["meta"] = copy.deepcopy(resource["meta"])
    return out


def _remote(version: int, json: FhirJson | None, by: str = "Dr Autre (accueil)") -> RemoteVersion:
    stamp = f"2026-11-0{version}T10:00:00.000000+00:00"
    if json is not None:
        json = copy.deepcopy(json)
        json["meta"] = {"versionId": str(version), "lastUpdated": stamp}
    return RemoteVersion("Patient", PID, str(version), stamp, json, by)


@dataclass
class Desk:
    """A store with the patient at v1, its conflict service, and what listeners heard."""

    store: EncryptedStore
    service: ConflictService
    announced: list[int] = field(default_factory=list)

    async def edit(self, json: FhirJson | None) -> None:
        action = AuditAction.DELETE if json is None else AuditAction.UPDATE
        await self.store.commit(
            [ResourceWrite("Patient", PID, json)], [SESSION.record(action, f"Patient/{PID}")]
        )

    async def pull(self, *versions: RemoteVersion) -> None:
        await self.store.with_ledger(lambda ledger: ledger.apply_remote(list(versions)))

    async def local(self) -> FhirJson | None:
        return await self.store.read("Patient", PID)

    async def outbox(self) -> list[tuple[str | None, bool]]:
        """(base version, is a delete) of what waits to be pushed."""
        pending = await self.store.with_ledger(lambda ledger: ledger.pending())
        return [(c.base_version, c.is_delete) for c in pending]

    async def version(self) -> str | None:
        held, _ = await self.store.with_ledger(lambda ledger: ledger.held_version("Patient", PID))
        return held


@pytest_asyncio.fixture
async def desk(tmp_path: Path) -> AsyncIterator[Desk]:
    path = tmp_path / "profile" / "store.db"
    store = await EncryptedStore.open(path, DemoKeyFile(path.with_name("demo.key"), path))
    try:
        service = ConflictService(store, SESSION)
        out = Desk(store, service)
        service.on_conflicts_change(out.announced.append)
        await out.pull(_remote(1, _v1()))
        yield out
    finally:
        await store.close()


async def _edited_both(desk: Desk) -> SyncConflict:
    """Here: mobile and gender changed; there: mobile and e-mail. One conflict: mobile."""
    await desk.edit(_with(_with(_v1(), MOBILE, "07 33 33 33 33"), ("gender",), "other"))
    await desk.pull(_remote(2, _with(_with(_v1(), MOBILE, "06 22 22 22 22"), EMAIL, "j@x.org")))
    (conflict,) = await desk.service.open_conflicts()
    return conflict


# -- what the inbox shows ------------------------------------------------------------


@pytest.mark.asyncio
async def test_an_overlapping_edit_shows_as_one_element_to_choose(desk: Desk) -> None:
    conflict = await _edited_both(desk)
    assert conflict.kind is ConflictKind.EDITED_BOTH
    assert conflict.ref == f"Patient/{PID}"
    assert conflict.theirs_by == "Dr Autre (accueil)"
    assert conflict.fields == (
        FieldConflict(MOBILE, "06 11 11 11 11", "07 33 33 33 33", "06 22 22 22 22"),
    )
    # "mine" is already merged: their e-mail is in, our gender too.
    assert conflict.mine is not None
    mine = ElementPaths.flatten(conflict.mine)
    assert mine[EMAIL] == "j@x.org"
    assert mine[("gender",)] == "other"
    assert mine[MOBILE] == "07 33 33 33 33"
    # Nothing goes out while it waits.
    assert await desk.outbox() == []


# -- result_of -----------------------------------------------------------------------


@pytest.mark.asyncio
async def test_result_of_mine_is_the_merged_resource(desk: Desk) -> None:
    conflict = await _edited_both(desk)
    result = ConflictService.result_of(conflict, {MOBILE: ConflictSide.MINE})
    assert result == conflict.mine
    assert result is not conflict.mine


@pytest.mark.asyncio
async def test_result_of_theirs_takes_their_value_and_keeps_the_rest(desk: Desk) -> None:
    conflict = await _edited_both(desk)
    result = ConflictService.result_of(conflict, {MOBILE: ConflictSide.THEIRS})
    assert result is not None
    flat = ElementPaths.flatten(result)
    assert flat[MOBILE] == "06 22 22 22 22"
    assert flat[("gender",)] == "other"
    assert flat[EMAIL] == "j@x.org"
    assert next(iter(result)) == "resourceType"


def _conflict(
    base: FhirJson | None, mine: FhirJson | None, theirs: FhirJson | None
) -> SyncConflict:
    if mine is None or theirs is None:
        kind = ConflictKind.DELETED_THERE if theirs is None else ConflictKind.DELETED_HERE
        fields: tuple[FieldConflict, ...] = (FieldConflict((), base, mine, theirs),)
        return SyncConflict(1, "Patient", PID, kind, fields, mine, theirs, None, "")
    outcome = ThreeWayMerge.merge(base, mine, theirs)
    return SyncConflict(
        1, "Patient", PID, ConflictKind.EDITED_BOTH, outcome.conflicts, outcome.merged, theirs,
        None, "",
    )  # fmt: skip


def test_result_of_an_element_removed_there_removes_it() -> None:
    base = _v1()
    mine = _with(base, ("birthDate",), "1961-04-03")
    theirs = copy.deepcopy(base)
    del theirs["birthDate"]
    conflict = _conflict(base, mine, theirs)
    assert [f.path for f in conflict.fields] == [("birthDate",)]
    result = ConflictService.result_of(conflict, {("birthDate",): ConflictSide.THEIRS})
    assert result is not None
    assert "birthDate" not in result


def test_result_of_an_item_removed_here_and_edited_there_brings_the_item_back() -> None:
    base = _v1()
    mine = copy.deepcopy(base)
    mine["telecom"] = [t for t in mine["telecom"] if t["system"] != "email"]
    theirs = _with(base, EMAIL, "j@x.org")
    conflict = _conflict(base, mine, theirs)
    result = ConflictService.result_of(conflict, {EMAIL: ConflictSide.THEIRS})
    assert result is not None
    assert {"system": "email", "value": "j@x.org"} in result["telecom"]


def test_result_of_a_list_whole_there_and_removed_there_removes_it() -> None:
    # Two mobiles in the base: telecom is one value there. Here one mobile is dropped (the
    # list is keyed again); there every telecom is removed. Choosing theirs removes it.
    base = _v1()
    base["telecom"].append({"system": "phone", "use": "mobile", "value": "07 00 00 00 00"})
    mine = copy.deepcopy(base)
    mine["telecom"].pop()
    theirs = copy.deepcopy(base)
    del theirs["telecom"]
    conflict = _conflict(base, mine, theirs)
    assert [f.path for f in conflict.fields] == [("telecom",)]
    result = ConflictService.result_of(conflict, {("telecom",): ConflictSide.THEIRS})
    assert result is not None
    assert "telecom" not in result


def test_result_of_a_list_whole_there_and_edited_there_is_their_list() -> None:
    base = _v1()
    base["telecom"].append({"system": "phone", "use": "mobile", "value": "07 00 00 00 00"})
    mine = copy.deepcopy(base)
    mine["telecom"].pop()
    theirs = copy.deepcopy(base)
    theirs["telecom"][2]["value"] = "07 99 99 99 99"
    conflict = _conflict(base, mine, theirs)
    result = ConflictService.result_of(conflict, {("telecom",): ConflictSide.THEIRS})
    assert result is not None
    assert result["telecom"] == theirs["telecom"]


@pytest.mark.parametrize("side", list(ConflictSide))
def test_result_of_a_deletion_there(side: ConflictSide) -> None:
    mine = _with(_v1(), MOBILE, "07 33 33 33 33")
    conflict = _conflict(_v1(), mine, None)
    result = ConflictService.result_of(conflict, {(): side})
    assert result == (mine if side is ConflictSide.MINE else None)


@pytest.mark.parametrize("side", list(ConflictSide))
def test_result_of_a_deletion_here(side: ConflictSide) -> None:
    theirs = _with(_v1(), MOBILE, "06 22 22 22 22")
    conflict = _conflict(_v1(), None, theirs)
    result = ConflictService.result_of(conflict, {(): side})
    assert result == (None if side is ConflictSide.MINE else theirs)


# -- resolve -------------------------------------------------------------------------


@pytest.mark.asyncio
async def test_keeping_mine_stores_it_queues_it_on_their_version_and_audits(desk: Desk) -> None:
    conflict = await _edited_both(desk)
    audit_before = len(await desk.store.audit_entries())
    changes = await desk.service.resolve(conflict, {MOBILE: ConflictSide.MINE})
    assert changes.refs == {f"Patient/{PID}"}
    local = await desk.local()
    assert local is not None
    assert ElementPaths.flatten(local)[MOBILE] == "07 33 33 33 33"
    assert ElementPaths.flatten(local)[EMAIL] == "j@x.org"
    # Pushed next, over their version: If-Match v2.
    assert await desk.outbox() == [("2", False)]
    assert await desk.service.open_conflicts() == []
    assert desk.announced == [0]
    entries = await desk.store.audit_entries()
    assert len(entries) == audit_before + 1
    assert (entries[-1].action, entries[-1].entity) == ("U", f"Patient/{PID}")
    assert entries[-1].who == SESSION.practitioner_ref
    assert (await desk.store.verify_audit()).ok


@pytest.mark.asyncio
async def test_taking_theirs_everywhere_needs_no_push(desk: Desk) -> None:
    await desk.edit(_with(_v1(), MOBILE, "07 33 33 33 33"))
    theirs = _with(_v1(), MOBILE, "06 22 22 22 22")
    await desk.pull(_remote(2, theirs))
    (conflict,) = await desk.service.open_conflicts()
    await desk.service.resolve(conflict, {MOBILE: ConflictSide.THEIRS})
    local = await desk.local()
    assert local is not None
    assert ElementPaths.flatten(local) == ElementPaths.flatten(theirs)
    assert await desk.outbox() == []
    assert await desk.version() == "2"


@pytest.mark.asyncio
async def test_a_choice_is_needed_for_every_element(desk: Desk) -> None:
    conflict = await _edited_both(desk)
    with pytest.raises(ValueError, match="1 element"):
        await desk.service.resolve(conflict, {})
    assert len(await desk.service.open_conflicts()) == 1


@pytest.mark.asyncio
async def test_a_conflict_changed_by_a_newer_version_is_refused(desk: Desk) -> None:
    conflict = await _edited_both(desk)
    newer = _with(_with(_v1(), MOBILE, "06 44 44 44 44"), EMAIL, "j@x.org")
    await desk.pull(_remote(3, newer))
    with pytest.raises(ConflictChangedError):
        await desk.service.resolve(conflict, {MOBILE: ConflictSide.MINE})
    # Read again, it shows the newer value and can be resolved.
    (again,) = await desk.service.open_conflicts()
    assert again.seq == conflict.seq
    assert again.fields[0].theirs == "06 44 44 44 44"
    await desk.service.resolve(again, {MOBILE: ConflictSide.MINE})
    assert await desk.outbox() == [("3", False)]


@pytest.mark.asyncio
async def test_a_conflict_resolved_once_cannot_be_resolved_again(desk: Desk) -> None:
    conflict = await _edited_both(desk)
    await desk.service.resolve(conflict, {MOBILE: ConflictSide.MINE})
    with pytest.raises(ConflictChangedError):
        await desk.service.resolve(conflict, {MOBILE: ConflictSide.THEIRS})


@pytest.mark.asyncio
async def test_accepting_their_deletion_deletes_here_without_a_push(desk: Desk) -> None:
    await desk.edit(_with(_v1(), MOBILE, "07 33 33 33 33"))
    await desk.pull(_remote(2, None))
    (conflict,) = await desk.service.open_conflicts()
    assert conflict.kind is ConflictKind.DELETED_THERE
    await desk.service.resolve(conflict, {(): ConflictSide.THEIRS})
    assert await desk.local() is None
    assert await desk.outbox() == []


@pytest.mark.asyncio
async def test_keeping_mine_against_their_deletion_puts_it_back(desk: Desk) -> None:
    mine = _with(_v1(), MOBILE, "07 33 33 33 33")
    await desk.edit(mine)
    await desk.pull(_remote(2, None))
    (conflict,) = await desk.service.open_conflicts()
    await desk.service.resolve(conflict, {(): ConflictSide.MINE})
    local = await desk.local()
    assert local is not None
    assert ElementPaths.flatten(local) == ElementPaths.flatten(mine)
    assert await desk.outbox() == [("2", False)]


@pytest.mark.asyncio
async def test_keeping_my_deletion_against_their_edit_queues_the_delete(desk: Desk) -> None:
    await desk.edit(None)
    await desk.pull(_remote(2, _with(_v1(), MOBILE, "06 22 22 22 22")))
    (conflict,) = await desk.service.open_conflicts()
    assert conflict.kind is ConflictKind.DELETED_HERE
    await desk.service.resolve(conflict, {(): ConflictSide.MINE})
    assert await desk.local() is None
    assert await desk.outbox() == [("2", True)]
    entries = await desk.store.audit_entries()
    assert entries[-1].action == "D"


@pytest.mark.asyncio
async def test_accepting_their_edit_over_my_deletion_restores_it(desk: Desk) -> None:
    await desk.edit(None)
    theirs = _with(_v1(), MOBILE, "06 22 22 22 22")
    await desk.pull(_remote(2, theirs))
    (conflict,) = await desk.service.open_conflicts()
    await desk.service.resolve(conflict, {(): ConflictSide.THEIRS})
    local = await desk.local()
    assert local is not None
    assert ElementPaths.flatten(local) == ElementPaths.flatten(theirs)
    assert await desk.outbox() == []


def test_result_of_a_conflict_without_a_base_gives_whole_items() -> None:
    # A create replayed on both sides: no base, so their extra item is a choice, made on
    # its value alone; the item comes back with its system.
    mine = _v1()
    theirs = copy.deepcopy(mine)
    theirs["telecom"].append({"system": "fax", "value": "01 55 55 55 55"})
    conflict = _conflict(None, mine, theirs)
    fax = ("telecom", "[fax|null]", "value")
    assert [f.path for f in conflict.fields] == [fax]
    taken = ConflictService.result_of(conflict, {fax: ConflictSide.THEIRS})
    assert taken is not None
    assert taken["telecom"][-1] == {"system": "fax", "value": "01 55 55 55 55"}
    kept = ConflictService.result_of(conflict, {fax: ConflictSide.MINE})
    assert kept is not None
    assert kept["telecom"] == mine["telecom"]
