"""No lost update: concurrent writes of one resource on both engines.

On SQLite the concurrent callers are coroutines whose writes meet on the storage's one
writer thread (and, for two storages on one file, on SQLite's own write lock); on
PostgreSQL they run on separate pooled connections, so the row locks do the work.
"""

import asyncio
import itertools
from collections.abc import Sequence

import pytest

from backend.storage.resource_storage import ResourceStorage
from backend.storage.storage_errors import VersionConflictError
from backend.storage.stored_resource import StoredResource
from backend.storage.write_op import WriteOp
from tests.backend.conftest import StorageFactory
from tests.backend.storage.samples import Samples

S = Samples  # nearly every line of these tests builds a sample

pytestmark = pytest.mark.asyncio

WRITERS = 50
TIMEOUT_S = 60


async def _race(
    storages: Sequence[ResourceStorage], batches: Sequence[list[WriteOp]]
) -> tuple[list[list[StoredResource]], list[BaseException]]:
    """Every batch written at once (spread over ``storages``): successes and failures."""
    async with asyncio.timeout(TIMEOUT_S):
        outcomes = await asyncio.gather(
            *(storages[i % len(storages)].write(b) for i, b in enumerate(batches)),
            return_exceptions=True,
        )
    wins = [o for o in outcomes if isinstance(o, list)]
    losses = [o for o in outcomes if isinstance(o, BaseException)]
    return wins, losses


async def _versions(storage: ResourceStorage, rtype: str, rid: str) -> list[int]:
    found, total = await storage.history(rtype, rid, None, 1000, 0)
    assert total == len(found)
    return sorted(v.version for v in found)


async def test_same_if_match_exactly_one_wins(storage: ResourceStorage) -> None:
    await S.put(storage, "Patient", "p1", S.patient("Initial"))
    batches = [
        [S.update("Patient", "p1", S.patient(f"Writer{i}"), if_match=1)] for i in range(WRITERS)
    ]
    wins, losses = await _race([storage], batches)
    assert len(wins) == 1
    assert len(losses) == WRITERS - 1
    assert all(isinstance(e, VersionConflictError) and e.current == 2 for e in losses)
    assert await _versions(storage, "Patient", "p1") == [1, 2]
    read = await storage.read("Patient", "p1")
    assert read is not None
    assert read.json == wins[0][0].json


async def test_updates_without_if_match_all_land_without_gaps(storage: ResourceStorage) -> None:
    await S.put(storage, "Patient", "p1", S.patient())
    batches = [[S.update("Patient", "p1", S.patient(f"W{i}"))] for i in range(WRITERS)]
    wins, losses = await _race([storage], batches)
    assert losses == []
    assert sorted(w[0].version for w in wins) == list(range(2, WRITERS + 2))
    assert await _versions(storage, "Patient", "p1") == list(range(1, WRITERS + 2))
    found, _ = await storage.history("Patient", "p1", None, 1000, 0)
    instants = [v.last_updated for v in sorted(found, key=lambda v: v.version)]
    assert all(a < b for a, b in itertools.pairwise(instants))


async def test_concurrent_update_as_create_of_one_new_id(storage: ResourceStorage) -> None:
    batches = [[S.update("Patient", "new", S.patient(f"W{i}"))] for i in range(WRITERS)]
    wins, losses = await _race([storage], batches)
    assert losses == []
    assert sorted(w[0].version for w in wins) == list(range(1, WRITERS + 1))
    assert await _versions(storage, "Patient", "new") == list(range(1, WRITERS + 1))


async def test_concurrent_creates_of_one_id_exactly_one_wins(storage: ResourceStorage) -> None:
    batches = [[S.create("Patient", "new", S.patient(f"W{i}"))] for i in range(WRITERS)]
    wins, losses = await _race([storage], batches)
    assert len(wins) == 1
    assert all(isinstance(e, VersionConflictError) for e in losses)
    assert await _versions(storage, "Patient", "new") == [1]


async def test_conflicts_do_not_undo_the_other_writers(storage: ResourceStorage) -> None:
    """Independent writes racing with conflicting ones: each keeps its own outcome."""
    await S.put(storage, "Patient", "shared", S.patient())
    batches = []
    for i in range(WRITERS):
        own = S.create("Observation", f"o{i}", S.observation())
        # Every other batch also bases an update on a stale version: it fails as a whole.
        batches.append(
            [own, S.update("Patient", "shared", S.patient(), if_match=99)] if i % 2 else [own]
        )
    wins, losses = await _race([storage], batches)
    assert len(wins) == WRITERS // 2
    assert len(losses) == WRITERS // 2
    for i in range(WRITERS):
        read = await storage.read("Observation", f"o{i}")
        assert (read is None) == bool(i % 2)


async def test_multi_resource_writes_in_opposite_orders_do_not_deadlock(
    storage: ResourceStorage,
) -> None:
    ids = [f"r{i}" for i in range(10)]
    await storage.write([S.update("Patient", rid, S.patient()) for rid in ids])
    batches = [
        [S.update("Patient", rid, S.patient(f"W{i}")) for rid in (ids if i % 2 else ids[::-1])]
        for i in range(20)
    ]
    wins, losses = await _race([storage], batches)
    assert losses == []
    assert len(wins) == 20
    for rid in ids:
        assert await _versions(storage, "Patient", rid) == list(range(1, 22))


async def test_two_storages_on_one_database(storage_factory: StorageFactory) -> None:
    """Two servers (or two backend processes) on the same database file or cluster."""
    first, second = storage_factory(), storage_factory()
    await first.open()
    await second.open()
    try:
        await S.put(first, "Patient", "p1", S.patient())
        batches = [
            [S.update("Patient", "p1", S.patient(f"W{i}"), if_match=1)] for i in range(WRITERS)
        ]
        wins, losses = await _race([first, second], batches)
        assert len(wins) == 1
        assert all(isinstance(e, VersionConflictError) for e in losses)
        assert await _versions(second, "Patient", "p1") == [1, 2]
        batches = [[S.update("Patient", "p1", S.patient(f"W{i}"))] for i in range(20)]
        wins, losses = await _race([first, second], batches)
        assert losses == []
        assert await _versions(first, "Patient", "p1") == list(range(1, 23))
    finally:
        await first.close()
        await second.close()


async def test_two_storages_opening_an_empty_database_at_once(
    storage_factory: StorageFactory,
) -> None:
    """Two servers starting together: both migrate in turn, neither fails."""
    stores = [storage_factory() for _ in range(4)]
    try:
        async with asyncio.timeout(TIMEOUT_S):
            await asyncio.gather(*(s.open() for s in stores))
        await S.put(stores[0], "Patient", "p1", S.patient())
        assert await stores[3].read("Patient", "p1") is not None
    finally:
        for s in stores:
            await s.close()
