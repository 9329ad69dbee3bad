"""The outbox and merge state machine's findings, each reduced to its smallest case.

Each test drives a real store (:class:`StoreDatabase` with the demo key file) through
:class:`SyncLedger` the way the pusher and the puller do.
"""

import copy
import uuid
from dataclasses import replace
from pathlib import Path
from typing import Any

from app.audit.audit_entry import AuditAction
from app.domain.conflict_side import ConflictSide
from app.domain.field_conflict import ElementPath
from app.services.conflict_service import ConflictService
from app.services.session import Session
from app.store.demo_key_file import DemoKeyFile
from app.store.remote_version import RemoteVersion
from app.store.resource_write import ResourceWrite
from app.store.store_database import StoreDatabase

FhirJson = dict[str, Any]

THERE = "Dr Autre (accueil)"
SESSION = Session("Practitioner/ici", "Dr Ici", "cabinet")
MOBILE: ElementPath = ("telecom", "[phone|mobile]", "value")
EMAIL: ElementPath = ("telecom", "[email|null]", "value")
_TELECOM = {MOBILE: ("phone", "mobile"), EMAIL: ("email", None)}


def _id(name: str) -> str:
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"urn:cabinet:state-machine:{name}"))


def _with(json: FhirJson, path: ElementPath, value: str | None) -> FhirJson:
    """``json`` with one telecom value set (an item added, changed or removed)."""
    out = copy.deepcopy(json)
    system, use = _TELECOM[path]
    telecom = out.setdefault("telecom", [])
    item = next((t for t in telecom if t.get("system") == system and t.get("use") == use), None)
    if value is None and item is not None:
        telecom.remove(item)
    elif value is not None and item is not None:
        item["value"] = value
    elif value is not None:
        telecom.append({"system": system} | ({"use": use} if use else {}) | {"value": value})
    if not telecom:
        del out["telecom"]
    return out


PID = _id("regression")
STAMP = "2026-11-23T08:00:0{}.000000+00:00"


def _patient(**values: str | None) -> FhirJson:
    """Martin with ``mobile``/``email`` set (telecom values)."""
    json: FhirJson = {"resourceType": "Patient", "id": PID, "name": [{"family": "Martin"}]}
    for name, value in values.items():
        json = _with(json, {"mobile": MOBILE, "email": EMAIL}[name], value)
    return json


def _version(n: int, json: FhirJson | None, stamp: str | None = None) -> RemoteVersion:
    return RemoteVersion("Patient", PID, str(n), stamp or STAMP.format(n), json, THERE)


def _store(tmp_path: Path) -> StoreDatabase:
    path = tmp_path / "store.db"
    return StoreDatabase.open(path, DemoKeyFile(tmp_path / "demo.key", path))


def _edit(db: StoreDatabase, json: FhirJson | None) -> None:
    action = AuditAction.DELETE if json is None else AuditAction.UPDATE
    db.commit([ResourceWrite("Patient", PID, json)], [SESSION.record(action, f"Patient/{PID}")])


def test_a_merge_that_leaves_their_version_as_it_is_queues_nothing(tmp_path: Path) -> None:
    """The same edit made there, with another one: their version holds all of ours.

    SyncLedger._merge kept the outbox after a clean merge whose result is their
    version, so the next push wrote a copy of it as a new version.
    """
    db = _store(tmp_path)
    try:
        db.ledger.apply_remote([_version(1, _patient(mobile="06 00"))])
        _edit(db, _with(_patient(mobile="06 00"), MOBILE, "06 22"))
        theirs = _with(_with(_patient(mobile="06 00"), MOBILE, "06 22"), EMAIL, "b@x.fr")
        result = db.ledger.apply_remote([_version(2, theirs)])
        assert result.conflicts == 0
        assert db.ledger.pending() == []
        assert db.ledger.held_version("Patient", PID) == ("2", theirs)
    finally:
        db.close()


def test_a_write_answered_with_an_http_date_still_orders_versions(tmp_path: Path) -> None:
    """A server answering a write without its body gives Last-Modified, an HTTP date.

    OutboxPusher stores it as the version's instant; SyncLedger could not read it, so
    any older version pulled afterwards replaced the newer one held.
    """
    db = _store(tmp_path)
    try:
        v1 = _patient(mobile="06 00")
        db.ledger.apply_remote([_version(1, v1)])
        _edit(db, _with(v1, MOBILE, "06 22"))
        (change,) = db.ledger.pending()
        ours = _with(v1, MOBILE, "06 22")
        db.ledger.acknowledge([(change, _version(2, ours, "Mon, 23 Nov 2026 08:00:02 GMT"))])
        db.ledger.apply_remote([_version(1, v1)])
        assert db.ledger.held_version("Patient", PID) == ("2", ours)
    finally:
        db.close()


def test_a_deletion_made_while_a_conflict_is_open_survives_its_resolution(
    tmp_path: Path,
) -> None:
    """Deleted here after the conflict opened, then the conflict resolved: still deleted.

    SyncLedger.resolve_conflict keeps later local edits on top of the result, but a
    later deletion was overwritten by the result: the patient came back, and the
    deletion was never pushed.
    """
    db = _store(tmp_path)
    try:
        v1 = _patient(mobile="06 00")
        db.ledger.apply_remote([_version(1, v1)])
        _edit(db, _with(v1, MOBILE, "06 11"))
        db.ledger.apply_remote([_version(2, _with(v1, MOBILE, "06 22"))])
        (conflict,) = db.ledger.conflicts()
        _edit(db, None)
        result = ConflictService.result_of(conflict, {MOBILE: ConflictSide.THEIRS})
        changes = db.ledger.resolve_conflict(
            conflict, result, SESSION.record(AuditAction.UPDATE, conflict.ref)
        )
        assert changes is not None
        assert db.read("Patient", PID) is None
        assert [(c.ref, c.is_delete, c.base_version) for c in db.ledger.pending()] == [
            (f"Patient/{PID}", True, "2")
        ]
    finally:
        db.close()


def test_binary_comes_first_even_beyond_one_rounds_limit(tmp_path: Path) -> None:
    """pending(limit) cut the oldest edits first and ordered them after: a Binary edited
    after a round's worth of other edits went out in a later round than the Media
    pointing to it.
    """
    db = _store(tmp_path)
    try:
        _edit(db, _patient(mobile="06 00"))
        binary = {"resourceType": "Binary", "id": _id("bin"), "contentType": "image/png"}
        db.commit([ResourceWrite("Binary", binary["id"], binary)], [])
        assert [c.type for c in db.ledger.pending(limit=1)] == ["Binary"]
    finally:
        db.close()


def test_an_acknowledged_deletion_is_not_undone_by_an_older_version(tmp_path: Path) -> None:
    """A DELETE is answered 204 with an ETag and no instant (our backend among others).

    The tombstone acknowledged had no lastUpdated, so an older version of the patient
    pulled afterwards (history overlap, pages split) looked newer: the deleted patient
    came back here, at its old version.
    """
    db = _store(tmp_path)
    try:
        v1 = _patient(mobile="06 00")
        db.ledger.apply_remote([_version(1, v1)])
        _edit(db, None)
        (change,) = db.ledger.pending()
        db.ledger.acknowledge([(change, RemoteVersion("Patient", PID, "2", None, None))])
        db.ledger.apply_remote([_version(2, None), _version(1, v1)])
        assert db.read("Patient", PID) is None
        assert db.ledger.held_version("Patient", PID) == ("2", None)
        # A version made after the tombstone is still taken.
        v3 = _with(v1, MOBILE, "06 33")
        db.ledger.apply_remote([_version(3, v3)])
        assert db.ledger.held_version("Patient", PID) == ("3", v3)
    finally:
        db.close()


def test_edits_undone_while_their_push_was_unanswered_are_not_pushed(tmp_path: Path) -> None:
    """Edited, pushed (no answer), edited and edited back: the push had landed.

    Settling acknowledged the landed push and kept the later edits queued although
    they came back to what the server held: the next push wrote a copy of it.
    """
    db = _store(tmp_path)
    try:
        v1 = _patient(mobile="06 00")
        db.ledger.apply_remote([_version(1, v1)])
        ours = _with(v1, MOBILE, "06 22")
        _edit(db, ours)
        db.ledger.mark_in_flight(db.ledger.pending())
        _edit(db, _with(v1, MOBILE, "06 33"))
        _edit(db, ours)
        (unsure,) = db.ledger.pending()
        assert unsure.sent_upto_seq is not None
        landed = replace(unsure, upto_seq=unsure.sent_upto_seq)
        db.ledger.acknowledge([(landed, _version(2, ours))])
        assert db.ledger.pending() == []
        assert db.ledger.held_version("Patient", PID) == ("2", ours)
    finally:
        db.close()


def test_a_deletion_read_after_a_412_is_not_undone_by_an_older_version(
    tmp_path: Path,
) -> None:
    """A push meets a 412; the server's copy is read: 410, with an ETag and no instant.

    The deletion was merged (a conflict: deleted there) and stored without an instant,
    so an older version pulled afterwards looked newer: the conflict turned into one
    against that old version, and the deletion was forgotten here.
    """
    db = _store(tmp_path)
    try:
        v1 = _patient(mobile="06 00")
        db.ledger.apply_remote([_version(1, v1)])
        _edit(db, _with(v1, MOBILE, "06 22"))
        db.ledger.apply_remote([RemoteVersion("Patient", PID, "2", None, None)])
        db.ledger.apply_remote([_version(2, None), _version(1, v1)])
        (conflict,) = db.ledger.conflicts()
        assert conflict.theirs is None
        assert db.ledger.held_version("Patient", PID)[0] == "2"
    finally:
        db.close()


def test_a_version_held_without_its_instant_learns_it_when_pulled(tmp_path: Path) -> None:
    """The server's copy read after a 412 is a 410 with an ETag (v3) and no instant.

    Recorded just after the version held (v1), it was older than v2, which the other
    side made before deleting: a pull bringing v3 (skipped, held) and then v2 put the
    conflict back on v2. Seeing v3 again with its instant, the ledger now keeps it.
    """
    db = _store(tmp_path)
    try:
        v1 = _patient(mobile="06 00")
        db.ledger.apply_remote([_version(1, v1)])
        _edit(db, _with(v1, MOBILE, "06 22"))
        db.ledger.apply_remote([RemoteVersion("Patient", PID, "3", None, None)])
        db.ledger.apply_remote([_version(3, None), _version(2, _with(v1, EMAIL, "b@x.fr"))])
        (conflict,) = db.ledger.conflicts()
        assert conflict.theirs is None
        assert db.ledger.held_version("Patient", PID)[0] == "3"
    finally:
        db.close()


def test_a_conflict_on_a_whole_list_stays_open_when_they_edit_elsewhere(
    tmp_path: Path,
) -> None:
    """No telecom in the base; two mobiles added here (a list kept whole), one there.

    The conflict is on ("telecom",). Their next version, changing only something else,
    was merged from a base rebuilt out of their previous version where the conflict's
    element was to be absent; their telecom, held as keyed leaves, stayed in it. Ours
    then looked like the only change: the conflict closed and our numbers were pushed
    over theirs.
    """
    db = _store(tmp_path)
    try:
        v1 = _patient()
        db.ledger.apply_remote([_version(1, v1)])
        ours = copy.deepcopy(v1)
        ours["telecom"] = [
            {"system": "phone", "use": "mobile", "value": "06 11"},
            {"system": "phone", "use": "mobile", "value": "06 22"},
        ]
        _edit(db, ours)
        theirs = _with(v1, MOBILE, "06 99")
        db.ledger.apply_remote([_version(2, theirs)])
        (found,) = db.ledger.conflicts()
        assert [f.path for f in found.fields] == [("telecom",)]
        db.ledger.apply_remote([_version(3, theirs | {"birthDate": "1961-04-02"})])
        (still,) = db.ledger.conflicts()
        assert [f.path for f in still.fields] == [("telecom",)]
        assert still.fields[0].theirs == theirs["telecom"]
        assert db.ledger.pending() == []
    finally:
        db.close()
