"""Create, update, delete, read and vread on both engines: versions, meta, atomicity."""

import itertools
import re
from datetime import UTC, datetime

import pytest

from backend.storage.resource_storage import ResourceStorage
from backend.storage.storage_errors import VersionConflictError
from tests.backend.conftest import StorageFactory
from tests.backend.storage.samples import Samples

S = Samples  # nearly every line of these tests builds a sample

pytestmark = pytest.mark.asyncio

LAST_UPDATED = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}\+00:00")


async def test_create_stores_version_one_with_meta(storage: ResourceStorage) -> None:
    before = datetime.now(UTC)
    (stored,) = await storage.write([S.create("Patient", "p1", S.patient())])
    assert stored.version == 1
    assert stored.last_updated.tzinfo is not None
    assert stored.last_updated.utcoffset() is not None
    assert before <= stored.last_updated <= datetime.now(UTC)
    assert stored.json is not None
    meta = stored.json["meta"]
    assert meta["versionId"] == "1"
    assert LAST_UPDATED.fullmatch(meta["lastUpdated"])
    assert datetime.fromisoformat(meta["lastUpdated"]) == stored.last_updated
    assert stored.json["id"] == "p1"
    assert stored.json["name"][0]["family"] == "Dupont"

    read = await storage.read("Patient", "p1")
    assert read == stored
    assert read.etag == 'W/"1"'


async def test_read_of_unknown_resource_is_none(storage: ResourceStorage) -> None:
    assert await storage.read("Patient", "nobody") is None
    assert await storage.vread("Patient", "nobody", 1) is None


async def test_stored_json_takes_type_and_id_from_the_op_and_keeps_other_meta(
    storage: ResourceStorage,
) -> None:
    body = S.patient()
    body["id"] = "something-else"
    body["meta"] = {
        "versionId": "42",
        "lastUpdated": "2001-01-01T00:00:00Z",
        "profile": [
            "https://interop.esante.gouv.fr/ig/fhir/core/StructureDefinition/fr-core-patient"
        ],
        "tag": [{"system": "urn:test", "code": "t"}],
    }
    (stored,) = await storage.write([S.update("Patient", "p1", body)])
    assert stored.json is not None
    assert stored.json["id"] == "p1"
    assert stored.json["resourceType"] == "Patient"
    assert stored.json["meta"]["versionId"] == "1"
    assert stored.json["meta"]["lastUpdated"] != "2001-01-01T00:00:00Z"
    assert stored.json["meta"]["profile"] == body["meta"]["profile"]
    assert stored.json["meta"]["tag"] == body["meta"]["tag"]
    # The caller's dict is not changed behind its back.
    assert body["meta"]["versionId"] == "42"


async def test_content_round_trips_exactly(storage: ResourceStorage) -> None:
    body = S.patient(family="Lefèvre-Ñúñez 😀", given=["Zoë", "Ægir"])
    body["text"] = {"status": "generated", "div": "<div>" + "é" * 100_000 + "</div>"}
    body["extension"] = [
        {"url": "urn:x", "valueDecimal": 1.5},
        {"url": "urn:y", "valueBoolean": False},
    ]
    await storage.write([S.create("Patient", "big", body)])
    read = await storage.read("Patient", "big")
    assert read is not None
    assert read.json is not None
    assert {k: v for k, v in read.json.items() if k not in ("id", "meta")} == body


async def test_create_on_an_existing_id_conflicts_and_writes_nothing(
    storage: ResourceStorage,
) -> None:
    await storage.write([S.create("Patient", "p1", S.patient("Dupont"))])
    with pytest.raises(VersionConflictError) as info:
        await storage.write([S.create("Patient", "p1", S.patient("Martin"))])
    assert (info.value.type, info.value.id, info.value.current) == ("Patient", "p1", 1)
    read = await storage.read("Patient", "p1")
    assert read is not None
    assert read.version == 1
    assert read.json is not None
    assert read.json["name"][0]["family"] == "Dupont"
    _, total = await storage.history("Patient", "p1", None, 10, 0)
    assert total == 1


async def test_create_on_a_deleted_id_conflicts(storage: ResourceStorage) -> None:
    await storage.write([S.create("Patient", "p1", S.patient())])
    await storage.write([S.delete("Patient", "p1")])
    with pytest.raises(VersionConflictError) as info:
        await storage.write([S.create("Patient", "p1", S.patient())])
    assert info.value.current == 2


async def test_update_creates_version_one_when_absent(storage: ResourceStorage) -> None:
    (stored,) = await storage.write([S.update("Patient", "client-chosen-id", S.patient())])
    assert stored.version == 1
    assert stored.id == "client-chosen-id"


async def test_update_makes_a_new_version_and_keeps_the_old_one(storage: ResourceStorage) -> None:
    v1 = await S.put(storage, "Patient", "p1", S.patient("Dupont"))
    v2 = await S.put(storage, "Patient", "p1", S.patient("Durand"))
    assert v2.version == 2
    assert v2.last_updated > v1.last_updated
    assert v2.json is not None
    assert v2.json["meta"]["versionId"] == "2"
    assert await storage.read("Patient", "p1") == v2
    assert await storage.vread("Patient", "p1", 1) == v1
    assert await storage.vread("Patient", "p1", 2) == v2
    assert await storage.vread("Patient", "p1", 3) is None


async def test_update_with_matching_if_match_succeeds(storage: ResourceStorage) -> None:
    await S.put(storage, "Patient", "p1", S.patient())
    (v2,) = await storage.write([S.update("Patient", "p1", S.patient("Durand"), if_match=1)])
    assert v2.version == 2


async def test_update_with_stale_if_match_conflicts_and_writes_nothing(
    storage: ResourceStorage,
) -> None:
    await S.put(storage, "Patient", "p1", S.patient("Dupont"))
    await S.put(storage, "Patient", "p1", S.patient("Durand"))
    with pytest.raises(VersionConflictError) as info:
        await storage.write([S.update("Patient", "p1", S.patient("Martin"), if_match=1)])
    assert info.value.current == 2
    read = await storage.read("Patient", "p1")
    assert read is not None
    assert read.version == 2
    _, total = await storage.history("Patient", "p1", None, 10, 0)
    assert total == 2


async def test_if_match_on_an_absent_resource_conflicts(storage: ResourceStorage) -> None:
    with pytest.raises(VersionConflictError) as info:
        await storage.write([S.update("Patient", "ghost", S.patient(), if_match=1)])
    assert info.value.current is None
    with pytest.raises(VersionConflictError):
        await storage.write([S.delete("Patient", "ghost", if_match=1)])
    assert await storage.read("Patient", "ghost") is None


async def test_delete_writes_a_tombstone_version(storage: ResourceStorage) -> None:
    v1 = await S.put(storage, "Patient", "p1", S.patient())
    (tomb,) = await storage.write([S.delete("Patient", "p1")])
    assert tomb.version == 2
    assert tomb.deleted
    assert tomb.json is None
    assert tomb.last_updated > v1.last_updated
    read = await storage.read("Patient", "p1")
    assert read == tomb
    assert await storage.vread("Patient", "p1", 2) == tomb
    assert await storage.vread("Patient", "p1", 1) == v1
    versions, total = await storage.history("Patient", "p1", None, 10, 0)
    assert total == 2
    assert [(v.version, v.deleted) for v in versions] == [(2, True), (1, False)]


async def test_delete_with_if_match(storage: ResourceStorage) -> None:
    await S.put(storage, "Patient", "p1", S.patient())
    with pytest.raises(VersionConflictError):
        await storage.write([S.delete("Patient", "p1", if_match=7)])
    (tomb,) = await storage.write([S.delete("Patient", "p1", if_match=1)])
    assert tomb.version == 2


async def test_deleting_an_absent_resource_is_a_no_op_with_version_zero(
    storage: ResourceStorage,
) -> None:
    (result,) = await storage.write([S.delete("Patient", "never")])
    assert result.deleted
    assert result.version == 0
    assert await storage.read("Patient", "never") is None
    _, total = await storage.history(None, None, None, 10, 0)
    assert total == 0


async def test_deleting_a_deleted_resource_returns_the_tombstone_unchanged(
    storage: ResourceStorage,
) -> None:
    await S.put(storage, "Patient", "p1", S.patient())
    (tomb,) = await storage.write([S.delete("Patient", "p1")])
    (again,) = await storage.write([S.delete("Patient", "p1")])
    assert again == tomb
    (with_match,) = await storage.write([S.delete("Patient", "p1", if_match=2)])
    assert with_match == tomb
    _, total = await storage.history("Patient", "p1", None, 10, 0)
    assert total == 2


async def test_update_revives_a_deleted_resource(storage: ResourceStorage) -> None:
    await S.put(storage, "Patient", "p1", S.patient("Dupont"))
    await storage.write([S.delete("Patient", "p1")])
    (revived,) = await storage.write([S.update("Patient", "p1", S.patient("Durand"), if_match=2)])
    assert revived.version == 3
    assert not revived.deleted
    assert await storage.read("Patient", "p1") == revived
    query = S.query("Patient", ("family", [S.text("durand")]))
    assert await S.ids(storage, query) == ["p1"]


async def test_a_write_is_all_or_nothing(storage: ResourceStorage) -> None:
    await S.put(storage, "Patient", "existing", S.patient("Existing"))
    ops = [S.create("Patient", f"new{i}", S.patient("Nouveau")) for i in range(50)]
    ops.append(S.update("Patient", "existing", S.patient("Changed")))
    ops.append(S.create("Patient", "existing", S.patient("Clash")))
    with pytest.raises(VersionConflictError):
        await storage.write(ops)
    for i in range(50):
        assert await storage.read("Patient", f"new{i}") is None
    read = await storage.read("Patient", "existing")
    assert read is not None
    assert read.version == 1
    _, total = await storage.history(None, None, None, 100, 0)
    assert total == 1
    # The index rows went with them: nothing to find by the new name.
    assert await S.ids(storage, S.query("Patient", ("family", [S.text("nouveau")]))) == []
    assert await S.ids(storage, S.query("Patient", ("family", [S.text("changed")]))) == []


async def test_results_come_in_op_order(storage: ResourceStorage) -> None:
    await S.put(storage, "Patient", "b", S.patient())
    results = await storage.write(
        [
            S.create("Observation", "o1", S.observation()),
            S.update("Patient", "b", S.patient("B2")),
            S.delete("Patient", "absent"),
            S.update("Patient", "a", S.patient("A")),
        ]
    )
    assert [(r.type, r.id, r.version) for r in results] == [
        ("Observation", "o1", 1),
        ("Patient", "b", 2),
        ("Patient", "absent", 0),
        ("Patient", "a", 1),
    ]
    # One transaction, one instant, except where a resource's own history needs later.
    assert results[0].last_updated == results[3].last_updated


async def test_one_resource_twice_in_a_write_gets_consecutive_versions(
    storage: ResourceStorage,
) -> None:
    results = await storage.write(
        [
            S.update("Patient", "p1", S.patient("Un")),
            S.update("Patient", "p1", S.patient("Deux"), if_match=1),
            S.delete("Patient", "p1", if_match=2),
            S.update("Patient", "p1", S.patient("Quatre"), if_match=3),
        ]
    )
    assert [r.version for r in results] == [1, 2, 3, 4]
    instants = [r.last_updated for r in results]
    assert instants == sorted(set(instants))
    versions, total = await storage.history("Patient", "p1", None, 10, 0)
    assert total == 4
    assert [v.version for v in versions] == [4, 3, 2, 1]
    assert await S.ids(storage, S.query("Patient", ("family", [S.text("quatre")]))) == ["p1"]
    assert await S.ids(storage, S.query("Patient", ("family", [S.text("deux")]))) == []


async def test_last_updated_strictly_increases_per_resource(storage: ResourceStorage) -> None:
    instants = [
        (await S.put(storage, "Patient", "p1", S.patient())).last_updated for _ in range(30)
    ]
    assert all(a < b for a, b in itertools.pairwise(instants))


async def test_an_empty_write_does_nothing(storage: ResourceStorage) -> None:
    assert await storage.write([]) == []


async def test_data_survives_closing_and_reopening(storage_factory: StorageFactory) -> None:
    first = storage_factory()
    await first.open()
    try:
        await first.write([S.create("Patient", "p1", S.patient("Persistant"))])
        await first.write([S.update("Patient", "p1", S.patient("Persistant"))])
    finally:
        await first.close()
    second = storage_factory()
    await second.open()
    try:
        read = await second.read("Patient", "p1")
        assert read is not None
        assert read.version == 2
        (v3,) = await second.write([S.update("Patient", "p1", S.patient(), if_match=2)])
        assert v3.version == 3
        assert v3.last_updated > read.last_updated
    finally:
        await second.close()
