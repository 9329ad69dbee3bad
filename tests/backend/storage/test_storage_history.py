"""History at instance, type and system level: newest first, totals, ``since``, paging."""

from datetime import timedelta, timezone

import pytest

from backend.storage.resource_storage import ResourceStorage
from tests.backend.storage.samples import Samples

S = Samples  # nearly every line of these tests builds a sample

pytestmark = pytest.mark.asyncio


async def _fill(storage: ResourceStorage) -> None:
    await S.put(storage, "Patient", "p1", S.patient("Un"))
    await storage.write([S.create("Observation", "o1", S.observation())])
    await S.put(storage, "Patient", "p1", S.patient("Deux"))
    await S.put(storage, "Patient", "p2", S.patient("Autre"))
    await storage.write([S.delete("Patient", "p1")])


async def test_instance_history_is_newest_first_with_tombstones(storage: ResourceStorage) -> None:
    await _fill(storage)
    versions, total = await storage.history("Patient", "p1", None, 50, 0)
    assert total == 3
    assert [(v.id, v.version, v.deleted) for v in versions] == [
        ("p1", 3, True),
        ("p1", 2, False),
        ("p1", 1, False),
    ]
    assert versions[1].json is not None
    assert versions[1].json["name"][0]["family"] == "Deux"
    assert versions[1].json["meta"]["versionId"] == "2"


async def test_type_history_holds_only_that_type(storage: ResourceStorage) -> None:
    await _fill(storage)
    versions, total = await storage.history("Patient", None, None, 50, 0)
    assert total == 4
    assert [(v.id, v.version) for v in versions] == [("p1", 3), ("p2", 1), ("p1", 2), ("p1", 1)]
    assert {v.type for v in versions} == {"Patient"}


async def test_system_history_holds_every_type(storage: ResourceStorage) -> None:
    await _fill(storage)
    versions, total = await storage.history(None, None, None, 50, 0)
    assert total == 5
    assert [(v.type, v.id, v.version) for v in versions] == [
        ("Patient", "p1", 3),
        ("Patient", "p2", 1),
        ("Patient", "p1", 2),
        ("Observation", "o1", 1),
        ("Patient", "p1", 1),
    ]
    instants = [v.last_updated for v in versions]
    assert instants == sorted(instants, reverse=True)


async def test_since_includes_versions_at_that_instant_and_later(storage: ResourceStorage) -> None:
    await _fill(storage)
    everything, _ = await storage.history(None, None, None, 50, 0)
    oldest_first = list(reversed(everything))
    cut = oldest_first[2].last_updated
    versions, total = await storage.history(None, None, cut, 50, 0)
    assert total == 3
    assert versions == everything[:3]
    last = everything[0].last_updated
    _, at_last = await storage.history(None, None, last, 50, 0)
    assert at_last == 1
    _, after_last = await storage.history(None, None, last + timedelta(microseconds=1), 50, 0)
    assert after_last == 0
    instance, n = await storage.history("Patient", "p1", cut, 50, 0)
    assert n == 2
    assert [v.version for v in instance] == [3, 2]


async def test_since_works_with_a_non_utc_offset(storage: ResourceStorage) -> None:
    await _fill(storage)
    everything, _ = await storage.history(None, None, None, 50, 0)
    cut = everything[1].last_updated.astimezone(timezone(timedelta(hours=-5)))
    _, total = await storage.history(None, None, cut, 50, 0)
    assert total == 2


async def test_history_pages_with_count_and_offset(storage: ResourceStorage) -> None:
    for i in range(25):
        await S.put(storage, "Patient", "p1", S.patient(f"N{i}"))
    seen: list[int] = []
    for offset in range(0, 30, 10):
        page, total = await storage.history("Patient", "p1", None, 10, offset)
        assert total == 25
        seen += [v.version for v in page]
    assert seen == list(range(25, 0, -1))
    empty, total = await storage.history("Patient", "p1", None, 10, 100)
    assert (empty, total) == ([], 25)
    only_total, total = await storage.history("Patient", "p1", None, 0, 0)
    assert (only_total, total) == ([], 25)


async def test_history_of_unknown_resource_is_empty(storage: ResourceStorage) -> None:
    assert await storage.history("Patient", "nobody", None, 10, 0) == ([], 0)
