"""Sync faults found by the fault-injection run (tests/integration/test_sync_faults.py),
each reduced to its smallest case against a real backend and a :class:`FhirProxy`.
"""

import copy
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import aiohttp
import pytest

from app.domain.conflict_side import ConflictSide
from sync.server_unreachable_error import ServerUnreachableError
from tests.helpers.fhir_proxy import FhirProxy
from tests.helpers.sync_rig import SyncRig, Workstation, patient

pytestmark = pytest.mark.asyncio


@asynccontextmanager
async def _behind_proxy(tmp: Path) -> AsyncIterator[tuple[SyncRig, FhirProxy]]:
    """A rig whose workstations reach the backend through a (healthy) fault proxy."""
    async with SyncRig.running(tmp) as rig:
        assert rig.backend.base_url is not None
        proxy = FhirProxy(rig.backend.base_url, seed=7)
        await proxy.start_async()
        rig.proxy = proxy
        try:
            yield rig, proxy
        finally:
            rig.proxy = None
            await proxy.stop_async()


async def _server_copy(rig: SyncRig, rid: str) -> dict[str, Any]:
    """The backend's current Patient, read directly (not through the proxy)."""
    base = rig.backend.base_url
    assert base is not None
    headers = {"Authorization": f"Bearer {await rig.backend.token()}"}
    async with (
        aiohttp.ClientSession() as http,
        http.get(f"{base}/Patient/{rid}", headers=headers) as response,
    ):
        assert response.status == 200
        body: dict[str, Any] = await response.json(content_type=None)
        return body


async def _edit(w: Workstation, rid: str, **changes: Any) -> None:
    current = await w.read("Patient", rid)
    assert current is not None
    edited = copy.deepcopy(current)
    edited.update(changes)
    await w.write(edited)


async def test_a_network_failure_during_a_push_is_server_unreachable(tmp_path: Path) -> None:
    """sync_once promises ServerUnreachableError; the batch push must not wrap it."""
    async with _behind_proxy(tmp_path) as (rig, proxy):
        a = await rig.workstation("accueil")
        p = patient()
        await a.write(p)
        await a.engine.sync_once()
        await _edit(a, p["id"], gender="male")
        proxy.reset_rate = 1.0
        with pytest.raises(ServerUnreachableError):
            await a.engine.sync_once()
        proxy.heal()
        await a.engine.sync_once()
        assert (await _server_copy(rig, p["id"]))["gender"] == "male"


async def test_an_edit_made_after_a_lost_answer_is_not_acknowledged_with_it(
    tmp_path: Path,
) -> None:
    """The lost push landed; the edit made since must still go, not be taken as sent."""
    async with _behind_proxy(tmp_path) as (rig, proxy):
        a = await rig.workstation("accueil")
        p = patient()
        await a.write(p)
        await a.engine.sync_once()
        await _edit(a, p["id"], gender="male")
        proxy.drop_response_rate = 1.0
        with pytest.raises(ServerUnreachableError):
            await a.engine.sync_once()
        assert proxy.counters["dropped"] == 1
        proxy.heal()
        assert (await _server_copy(rig, p["id"]))["gender"] == "male"
        # Edited again before the next sync learns that the first push landed.
        await _edit(a, p["id"], birthDate="1950-01-01")
        await a.engine.sync_once()
        assert (await a.read("Patient", p["id"]) or {}).get("birthDate") == "1950-01-01"
        server = await _server_copy(rig, p["id"])
        assert (server["gender"], server["birthDate"]) == ("male", "1950-01-01")
        assert a.engine.status.pending == 0


@pytest.mark.parametrize("side", [ConflictSide.MINE, ConflictSide.THEIRS])
async def test_edits_made_while_a_conflict_is_open_survive_its_resolution(
    tmp_path: Path, side: ConflictSide
) -> None:
    """The inbox shows the conflict as found; what was edited since must not vanish."""
    async with _behind_proxy(tmp_path) as (rig, _proxy):
        a, b = await rig.workstation("accueil"), await rig.workstation("cabinet")
        p = patient()
        await a.write(p)
        await a.engine.sync_once()
        await b.engine.sync_once()
        await _edit(a, p["id"], gender="male")
        await _edit(b, p["id"], gender="other")
        await a.engine.sync_once()
        await b.engine.sync_once()
        [conflict] = await b.conflicts.open_conflicts()
        assert [f.path for f in conflict.fields] == [("gender",)]
        # B goes on working on the patient, elsewhere, before opening the inbox.
        await _edit(b, p["id"], birthDate="1950-01-01")
        await b.conflicts.resolve(conflict, {("gender",): side})
        await b.engine.sync_once()
        chosen = "other" if side is ConflictSide.MINE else "male"
        for copy_ in (await b.read("Patient", p["id"]), await _server_copy(rig, p["id"])):
            assert copy_ is not None
            assert (copy_["gender"], copy_["birthDate"]) == (chosen, "1950-01-01")
        assert b.engine.status.pending == 0


async def test_while_a_conflict_is_open_their_later_edits_elsewhere_are_not_conflicts(
    tmp_path: Path,
) -> None:
    """A newer version of theirs is merged from the version already merged, not from the
    conflict's first base: else what only they changed twice looks changed by both."""
    async with _behind_proxy(tmp_path) as (rig, _proxy):
        a, b = await rig.workstation("accueil"), await rig.workstation("cabinet")
        p = patient()
        await a.write(p)
        await a.engine.sync_once()
        await b.engine.sync_once()
        await _edit(a, p["id"], gender="male", birthDate="1960-01-01")
        await _edit(b, p["id"], gender="other")
        await a.engine.sync_once()
        await b.engine.sync_once()
        [conflict] = await b.conflicts.open_conflicts()
        assert [f.path for f in conflict.fields] == [("gender",)]
        # A corrects the birth date again; B pulls it with its conflict still open.
        await _edit(a, p["id"], birthDate="1960-02-02")
        await a.engine.sync_once()
        await b.engine.sync_once()
        [conflict] = await b.conflicts.open_conflicts()
        assert [f.path for f in conflict.fields] == [("gender",)]
        assert (await b.read("Patient", p["id"]) or {}).get("birthDate") == "1960-02-02"
        await b.conflicts.resolve(conflict, {("gender",): ConflictSide.MINE})
        await b.engine.sync_once()
        server = await _server_copy(rig, p["id"])
        assert (server["gender"], server["birthDate"]) == ("other", "1960-02-02")


async def test_an_edit_read_before_a_pull_does_not_silently_undo_the_pull(
    tmp_path: Path,
) -> None:
    async with _behind_proxy(tmp_path) as (rig, _proxy):
        a, b = await rig.workstation("accueil"), await rig.workstation("cabinet")
        p = patient()
        await a.write(p)
        await a.engine.sync_once()
        await b.engine.sync_once()
        # B opens the patient (a form, or any read-modify-write)...
        read = await b.read("Patient", p["id"])
        assert read is not None
        opened = copy.deepcopy(read)
        # ...meanwhile A's change arrives through sync...
        await _edit(a, p["id"], gender="male")
        await a.engine.sync_once()
        await b.engine.sync_once()
        assert (await b.read("Patient", p["id"]) or {}).get("gender") == "male"
        # ...and B saves what it edited, on another element.
        opened["birthDate"] = "1950-01-01"
        await b.write(opened, base=read)
        await b.engine.sync_once()
        server = await _server_copy(rig, p["id"])
        conflicts = await b.conflicts.open_conflicts()
        # A's gender survives, or B was at least shown a conflict: never a silent undo.
        assert server["gender"] == "male"
        assert not conflicts
        assert server["birthDate"] == "1950-01-01"
