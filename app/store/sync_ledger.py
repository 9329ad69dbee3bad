"""The store's side of sync: outbox, acknowledgements, pulled versions, conflicts, cursors.

Every method runs on the store's thread inside one transaction, so a crash at any point
leaves either the state before the call or the state after it. The invariants:

- an outbox entry leaves only when the server has acknowledged a version containing it
  (``acknowledge``), when a pulled version already contains it (the answer to a push
  was lost but the push landed), or when the practitioner resolves a conflict by
  taking the other side;
- a pulled version never replaces a resource with pending local edits: it is merged
  three ways with the base those edits started from, and what overlaps becomes a
  conflict, whose resource is not pushed until resolved;
- a version older than the one held (by ``lastUpdated``; version ids need not be
  numbers) is ignored, and the same version twice is applied once.
"""

import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime
from typing import TYPE_CHECKING, Any

from app.audit.audit_entry import AuditEntry, AuditRecord
from app.domain.change_set import ChangeSet
from app.domain.element_paths import ElementPaths
from app.domain.field_conflict import FieldConflict
from app.domain.sync_conflict import ConflictKind, SyncConflict
from app.domain.three_way_merge import ThreeWayMerge
from app.store.pending_change import PendingChange
from app.store.remote_version import RemoteVersion
from app.store.resource_indexer import ResourceIndexer

if TYPE_CHECKING:
    from app.domain.three_way_merge import MergeOutcome
    from app.store.resource_write import ResourceWrite
    from app.store.store_database import StoreDatabase

FhirJson = dict[str, Any]
Connection = Any


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="microseconds")


def _dumps(value: Any) -> str:
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False)


def _instant(text: str | None) -> datetime | None:
    if not text:
        return None
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        # An HTTP date: the Last-Modified of a write answered without its body.
        try:
            moment = parsedate_to_datetime(text)
        except (TypeError, ValueError):
            return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def same_content(a: FhirJson | None, b: FhirJson | None) -> bool:
    """Equal as data: ``meta`` and ``text`` (the server's) aside."""
    if a is None or b is None:
        return a is b
    return ElementPaths.flatten(a) == ElementPaths.flatten(b)


@dataclass(slots=True)
class ApplyResult:
    """What a batch of pulled versions did to the store."""

    applied: int = 0
    merged: int = 0
    conflicts: int = 0
    skipped: int = 0
    changes: set[str] = field(default_factory=set)

    @property
    def change_set(self) -> ChangeSet:
        return ChangeSet(frozenset(self.changes))


@dataclass(frozen=True, slots=True)
class _Local:
    json: FhirJson | None
    version_id: str | None
    last_updated: str | None
    base_json: FhirJson | None
    pending: bool
    sent_json: FhirJson | None
    in_flight: bool
    in_flight_upto: int


class SyncLedger:
    """Sync's operations on a :class:`StoreDatabase` (same connection, same thread)."""

    def __init__(self, db: "StoreDatabase") -> None:
        self._db = db

    # -- the outbox -------------------------------------------------------------------

    def pending(self, limit: int = 500) -> list[PendingChange]:
        """Resources to push, Binary first and deletes last, each in first-edit order.

        A resource with an open conflict waits for the practitioner.
        """
        conn = self._db.connection
        rows = conn.execute(
            "SELECT o.type, o.id, max(o.seq), min(o.seq), r.json, r.deleted, r.version_id,"
            " f.sent_json, f.base_version, f.type IS NOT NULL, f.upto_seq"
            " FROM outbox o JOIN resource r ON r.type = o.type AND r.id = o.id"
            " LEFT JOIN in_flight f ON f.type = o.type AND f.id = o.id"
            " WHERE NOT EXISTS (SELECT 1 FROM conflict c WHERE c.type = o.type"
            " AND c.id = o.id AND c.resolved_at IS NULL)"
            # Ordered by rank (PendingChange.rank) before the limit, so that a limit
            # cuts the last to go, never a Binary that what comes first points to.
            " GROUP BY o.type, o.id ORDER BY CASE WHEN o.type = 'Binary'"
            " THEN (CASE WHEN r.deleted THEN 3 ELSE 0 END)"
            " ELSE (CASE WHEN r.deleted THEN 2 ELSE 1 END) END, min(o.seq) LIMIT ?",
            (limit,),
        ).fetchall()
        out = [
            PendingChange(
                type=str(r[0]),
                id=str(r[1]),
                json=None if r[5] else json.loads(r[4]),
                base_version=r[6],
                upto_seq=int(r[2]),
                in_flight=bool(r[9]),
                sent_json=json.loads(r[7]) if r[7] else None,
                sent_base=r[8],
                sent_upto_seq=None if r[10] is None else int(r[10]),
            )
            for r in rows
        ]
        return sorted(out, key=lambda c: c.rank)

    def pending_count(self) -> int:
        """Resources with changes the server has not acknowledged."""
        return int(
            self._db.connection.execute(
                "SELECT count(*) FROM (SELECT DISTINCT type, id FROM outbox)"
            ).fetchone()[0]
        )

    def mark_in_flight(self, changes: Sequence[PendingChange]) -> None:
        """Remember what is about to be sent, before it is: a lost answer is then known."""
        with self._db.transaction() as conn:
            conn.executemany(
                "INSERT INTO in_flight (type, id, sent_json, base_version, upto_seq)"
                " VALUES (?, ?, ?, ?, ?) ON CONFLICT (type, id) DO UPDATE SET"
                " sent_json = excluded.sent_json, base_version = excluded.base_version,"
                " upto_seq = excluded.upto_seq",
                [
                    (
                        c.type,
                        c.id,
                        None if c.json is None else _dumps(c.json),
                        c.base_version,
                        c.upto_seq,
                    )
                    for c in changes
                ],
            )

    def clear_in_flight(self, change: PendingChange) -> None:
        """The server's copy shows the lost push did not land: send it again normally."""
        with self._db.transaction() as conn:
            conn.execute(
                "DELETE FROM in_flight WHERE type = ? AND id = ?", (change.type, change.id)
            )

    def drop_local_only(self, change: PendingChange) -> ChangeSet:
        """A resource created and deleted here before any push: nothing to send."""
        with self._db.transaction() as conn:
            self._forget_outbox(conn, change.type, change.id, change.upto_seq)
        return ChangeSet.of(change.ref)

    def acknowledge(self, acks: Sequence[tuple[PendingChange, RemoteVersion]]) -> ChangeSet:
        """The server stored these changes as these versions."""
        with self._db.transaction() as conn:
            for change, remote in acks:
                self._acknowledge(conn, change.type, change.id, change.upto_seq, remote)
        return ChangeSet(frozenset(c.ref for c, _ in acks))

    def _acknowledge(
        self, conn: Connection, rtype: str, rid: str, upto_seq: int, remote: RemoteVersion
    ) -> None:
        if remote.last_updated is None:
            remote = replace(remote, last_updated=self._just_after_held(conn, rtype, rid))
        self._forget_outbox(conn, rtype, rid, upto_seq)
        still_pending = self._has_outbox(conn, rtype, rid)
        if still_pending and same_content(self._local_json(conn, rtype, rid), remote.json):
            # The later edits came back to what the server now holds (an edit undone
            # while the push was on its way): nothing is left to push.
            self._forget_outbox(conn, rtype, rid, 1 << 62)
            still_pending = False
        if still_pending:
            # Later edits wait; what the server now holds is their base.
            conn.execute(
                "UPDATE resource SET version_id = ?, last_updated = ?, base_json = ?"
                " WHERE type = ? AND id = ?",
                (
                    remote.version_id,
                    remote.last_updated,
                    None if remote.json is None else _dumps(remote.json),
                    rtype,
                    rid,
                ),
            )
        else:
            self._put_server_copy(conn, remote)

    @staticmethod
    def _local_json(conn: Connection, rtype: str, rid: str) -> FhirJson | None:
        row = conn.execute(
            "SELECT json, deleted FROM resource WHERE type = ? AND id = ?", (rtype, rid)
        ).fetchone()
        return None if row is None or row[1] else dict(json.loads(row[0]))

    @staticmethod
    def _just_after_held(conn: Connection, rtype: str, rid: str) -> str | None:
        """A lower bound for the instant of the version that replaced the one held.

        A DELETE's answer, or a 410 read after a 412, has an ETag but no instant.
        Without one, any older version pulled later (history overlap, pages split)
        looked newer than the tombstone and the deleted resource came back. The
        server's new version came after the one it replaced: by at least a
        microsecond, as lastUpdated increases per resource.
        """
        row = conn.execute(
            "SELECT last_updated FROM resource WHERE type = ? AND id = ?", (rtype, rid)
        ).fetchone()
        held = None if row is None else _instant(row[0])
        if held is None:
            return None
        return (held + timedelta(microseconds=1)).isoformat(timespec="microseconds")

    @staticmethod
    def _forget_outbox(conn: Connection, rtype: str, rid: str, upto_seq: int) -> None:
        conn.execute(
            "DELETE FROM outbox WHERE type = ? AND id = ? AND seq <= ?", (rtype, rid, upto_seq)
        )
        conn.execute("DELETE FROM in_flight WHERE type = ? AND id = ?", (rtype, rid))

    @staticmethod
    def _has_outbox(conn: Connection, rtype: str, rid: str) -> bool:
        row = conn.execute(
            "SELECT 1 FROM outbox WHERE type = ? AND id = ? LIMIT 1", (rtype, rid)
        ).fetchone()
        return row is not None

    def _put_server_copy(self, conn: Connection, remote: RemoteVersion) -> None:
        """The server's version becomes the local one (no pending edits)."""
        if remote.json is None:
            conn.execute(
                "INSERT INTO resource (type, id, version_id, last_updated, deleted, json)"
                " VALUES (?, ?, ?, ?, 1, '{}') ON CONFLICT (type, id) DO UPDATE SET"
                " version_id = excluded.version_id, last_updated = excluded.last_updated,"
                " deleted = 1, json = '{}', base_json = NULL, patient_ref = NULL, date = NULL",
                (remote.type, remote.id, remote.version_id, remote.last_updated),
            )
        else:
            patient_ref, date = ResourceIndexer.generic(remote.json)
            conn.execute(
                "INSERT INTO resource (type, id, version_id, last_updated, json, patient_ref,"
                " date) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (type, id) DO UPDATE SET"
                " version_id = excluded.version_id, last_updated = excluded.last_updated,"
                " deleted = 0, json = excluded.json, base_json = NULL,"
                " patient_ref = excluded.patient_ref, date = excluded.date",
                (
                    remote.type,
                    remote.id,
                    remote.version_id,
                    remote.last_updated,
                    _dumps(remote.json),
                    patient_ref,
                    date,
                ),
            )
        if remote.type == "Patient":
            self._db.index_patient(conn, remote.id, remote.json)

    def _put_local(
        self,
        conn: Connection,
        remote: RemoteVersion,
        local: FhirJson | None,
        base: FhirJson | None,
    ) -> None:
        """Pending edits stay: ``local`` (merged) on top of the server's ``remote``."""
        patient_ref, date = (None, None) if local is None else ResourceIndexer.generic(local)
        conn.execute(
            "UPDATE resource SET version_id = ?, last_updated = ?, base_json = ?,"
            " json = ?, deleted = ?, patient_ref = ?, date = ? WHERE type = ? AND id = ?",
            (
                remote.version_id,
                remote.last_updated,
                None if base is None else _dumps(base),
                "{}" if local is None else _dumps(local),
                int(local is None),
                patient_ref,
                date,
                remote.type,
                remote.id,
            ),
        )
        if remote.type == "Patient":
            self._db.index_patient(conn, remote.id, local)

    # -- pulled versions --------------------------------------------------------------

    def apply_remote(
        self,
        versions: Iterable[RemoteVersion],
        wanted: Callable[[RemoteVersion], bool] | None = None,
    ) -> ApplyResult:
        """Apply the server's versions (one transaction); ``wanted`` filters new ones.

        A resource already held is always kept up to date, in scope or not.
        """
        result = ApplyResult()
        with self._db.transaction() as conn:
            for remote in versions:
                self._apply_one(conn, remote, wanted, result)
        return result

    def _local(self, conn: Connection, rtype: str, rid: str) -> _Local | None:
        row = conn.execute(
            "SELECT r.json, r.deleted, r.version_id, r.last_updated, r.base_json,"
            " EXISTS (SELECT 1 FROM outbox o WHERE o.type = r.type AND o.id = r.id),"
            " f.sent_json, f.type IS NOT NULL, coalesce(f.upto_seq, 0)"
            " FROM resource r LEFT JOIN in_flight f ON f.type = r.type AND f.id = r.id"
            " WHERE r.type = ? AND r.id = ?",
            (rtype, rid),
        ).fetchone()
        if row is None:
            return None
        return _Local(
            json=None if row[1] else json.loads(row[0]),
            version_id=row[2],
            last_updated=row[3],
            base_json=json.loads(row[4]) if row[4] else None,
            pending=bool(row[5]),
            sent_json=json.loads(row[6]) if row[6] else None,
            in_flight=bool(row[7]),
            in_flight_upto=int(row[8]),
        )

    def _apply_one(
        self,
        conn: Connection,
        remote: RemoteVersion,
        wanted: Callable[[RemoteVersion], bool] | None,
        result: ApplyResult,
    ) -> None:
        local = self._local(conn, remote.type, remote.id)
        if local is None:
            if remote.json is None or (wanted is not None and not wanted(remote)):
                result.skipped += 1
                return
            self._put_server_copy(conn, remote)
            result.applied += 1
            result.changes.add(remote.ref)
            return
        held, came = _instant(local.last_updated), _instant(remote.last_updated)
        if local.version_id is not None and local.version_id == remote.version_id:
            if came is not None and (held is None or came > held):
                # Held with no instant, a lower bound or whole seconds: now known.
                conn.execute(
                    "UPDATE resource SET last_updated = ? WHERE type = ? AND id = ?",
                    (remote.last_updated, remote.type, remote.id),
                )
            result.skipped += 1
            return
        if held is not None and came is not None and came < held:
            result.skipped += 1
            return
        if came is None:
            # Taken as newer than the version held, though it gives no instant (the
            # server's copy read after a 412: a 410 says only its ETag): so recorded.
            remote = replace(
                remote, last_updated=self._just_after_held(conn, remote.type, remote.id)
            )
        result.changes.add(remote.ref)
        if not local.pending:
            self._put_server_copy(conn, remote)
            result.applied += 1
            return
        if local.in_flight and same_content(local.sent_json, remote.json):
            # The push whose answer was lost did land: this version is it.
            self._acknowledge(conn, remote.type, remote.id, local.in_flight_upto, remote)
            result.applied += 1
            return
        self._merge(conn, local, remote, result)

    def _merge(
        self, conn: Connection, local: _Local, remote: RemoteVersion, result: ApplyResult
    ) -> None:
        mine, theirs = local.json, remote.json
        base = local.base_json
        open_row = conn.execute(
            "SELECT seq, base_json, fields_json FROM conflict WHERE type = ? AND id = ?"
            " AND resolved_at IS NULL",
            (remote.type, remote.id),
        ).fetchone()
        if open_row is not None and open_row[1]:
            base = self._base_while_open(
                json.loads(open_row[1]), local.base_json, json.loads(open_row[2])
            )
        if same_content(mine, theirs):
            # Both sides made the same change (or ours landed and its answer was lost).
            self._already_there(conn, remote, "same", result)
            return
        if theirs is None or mine is None:
            kind = ConflictKind.DELETED_THERE if theirs is None else ConflictKind.DELETED_HERE
            self._put_local(conn, remote, mine, theirs)
            self._open_conflict(conn, remote, kind, base, mine, theirs, ())
            result.conflicts += 1
            return
        outcome = ThreeWayMerge.merge(base, mine, theirs)
        if outcome.clean and same_content(outcome.merged, theirs):
            # Their version holds every edit of ours already (the same edits made there
            # among others): pushing it again would only copy it.
            self._already_there(conn, remote, "merged", result)
            return
        self._put_local(conn, remote, outcome.merged, theirs)
        if outcome.clean:
            self._close_conflict(conn, remote.type, remote.id, "merged")
            result.merged += 1
        else:
            # The conflict's "mine" is the merged resource (theirs wherever only they
            # changed something): the practitioner's choices apply to it.
            self._open_conflict(
                conn,
                remote,
                ConflictKind.EDITED_BOTH,
                base,
                outcome.merged,
                theirs,
                outcome.conflicts,
            )
            result.conflicts += 1

    def _already_there(
        self, conn: Connection, remote: RemoteVersion, how: str, result: ApplyResult
    ) -> None:
        """``remote`` contains every pending edit: it acknowledges them all."""
        upto = conn.execute(
            "SELECT max(seq) FROM outbox WHERE type = ? AND id = ?", (remote.type, remote.id)
        ).fetchone()[0]
        self._acknowledge(conn, remote.type, remote.id, int(upto), remote)
        self._close_conflict(conn, remote.type, remote.id, how)
        result.applied += 1

    @staticmethod
    def _base_while_open(
        found_base: FhirJson, merged_theirs: FhirJson | None, fields: list[list[Any]]
    ) -> FhirJson:
        """The base of a newer version from the other side while a conflict is open.

        The local copy already holds their previous version (``merged_theirs``, the
        local base since that merge) wherever only they had changed something: from
        there, their newer version changes only what they changed since. The
        conflicting elements alone keep the base the conflict was found with, so they
        stay conflicts (unless their side now agrees). Taking the first base for every
        element would make an element they changed twice look changed on both sides.
        """
        paths = [tuple(f[0]) for f in fields]
        if merged_theirs is None or not paths or () in paths:
            return found_base
        leaves = ElementPaths.flatten(merged_theirs)
        for path, base_value, _mine, _theirs in fields:
            step = tuple(path)
            # Theirs may hold the element as finer leaves than the conflict names (a
            # list keyed there, whole in another version): all give way to the base.
            for held in [p for p in leaves if p[: len(step)] == step]:
                del leaves[held]
            if base_value is not None:
                leaves[step] = base_value
        rebuilt = ElementPaths.build(leaves, order=merged_theirs)
        rebuilt["resourceType"] = merged_theirs.get("resourceType")
        return rebuilt

    def _open_conflict(
        self,
        conn: Connection,
        remote: RemoteVersion,
        kind: ConflictKind,
        base: FhirJson | None,
        mine: FhirJson | None,
        theirs: FhirJson | None,
        fields: Sequence[FieldConflict],
    ) -> None:
        if not fields:
            fields = (FieldConflict((), base, mine, theirs),)
        encoded = _dumps([[list(f.path), f.base, f.mine, f.theirs] for f in fields])
        values = (
            kind.value,
            None if base is None else _dumps(base),
            "null" if mine is None else _dumps(mine),
            "null" if theirs is None else _dumps(theirs),
            encoded,
            remote.version_id,
            remote.by,
        )
        updated = conn.execute(
            "UPDATE conflict SET kind = ?, base_json = ?, mine_json = ?, theirs_json = ?,"
            " fields_json = ?, theirs_version = ?, theirs_by = ?"
            " WHERE type = ? AND id = ? AND resolved_at IS NULL",
            (*values, remote.type, remote.id),
        ).rowcount
        if not updated:
            conn.execute(
                "INSERT INTO conflict (kind, base_json, mine_json, theirs_json, fields_json,"
                " theirs_version, theirs_by, type, id, created_at)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (*values, remote.type, remote.id, _now()),
            )

    def record_local_conflict(
        self,
        conn: Connection,
        write: "ResourceWrite",
        base: FhirJson,
        current: FhirJson,
        outcome: "MergeOutcome",
    ) -> None:
        """An edit saved over a copy that changed meanwhile, on the same elements.

        Called inside the commit's transaction, after the merged resource is written:
        the practitioner's value stands for now, the other one waits in the inbox, and
        the resource is not pushed until a choice is made.
        """
        row = conn.execute(
            "SELECT version_id, last_updated FROM resource WHERE type = ? AND id = ?",
            (write.type, write.id),
        ).fetchone()
        remote = RemoteVersion(write.type, write.id, row[0], row[1], current)
        self._open_conflict(
            conn,
            remote,
            ConflictKind.EDITED_BOTH,
            base,
            outcome.merged,
            current,
            outcome.conflicts,
        )

    @staticmethod
    def _close_conflict(conn: Connection, rtype: str, rid: str, how: str) -> None:
        conn.execute(
            "UPDATE conflict SET resolved_at = ?, resolution = ?"
            " WHERE type = ? AND id = ? AND resolved_at IS NULL",
            (_now(), how, rtype, rid),
        )

    # -- the inbox --------------------------------------------------------------------

    def conflicts(self) -> list[SyncConflict]:
        rows = self._db.connection.execute(
            "SELECT seq, type, id, kind, fields_json, mine_json, theirs_json, theirs_by,"
            " created_at FROM conflict WHERE resolved_at IS NULL ORDER BY seq"
        ).fetchall()
        return [
            SyncConflict(
                seq=int(r[0]),
                type=str(r[1]),
                id=str(r[2]),
                kind=ConflictKind(r[3]),
                fields=tuple(
                    FieldConflict(tuple(f[0]), f[1], f[2], f[3]) for f in json.loads(r[4])
                ),
                mine=json.loads(r[5]),
                theirs=json.loads(r[6]),
                theirs_by=r[7],
                created_at=str(r[8]),
            )
            for r in rows
        ]

    def open_conflict_count(self) -> int:
        return int(
            self._db.connection.execute(
                "SELECT count(*) FROM conflict WHERE resolved_at IS NULL"
            ).fetchone()[0]
        )

    def resolve_conflict(
        self,
        conflict: SyncConflict,
        result: FhirJson | None,
        audit: AuditRecord,
    ) -> ChangeSet | None:
        """Store the practitioner's result and queue it; the conflict closes.

        None, with nothing written, when the conflict was resolved or changed (a newer
        version from the other side) since it was read.

        ``result`` equal to the other side's version (their edit or their deletion
        accepted) needs no push: the local copy becomes theirs and the outbox forgets.

        ``result`` is made from the conflict as it was found; local edits of the
        resource committed since then are kept on top of it (where such an edit and a
        choice touch the same element, the edit is the later word).
        """
        now = _now()
        with self._db.transaction() as conn:
            row = conn.execute(
                "SELECT theirs_json, fields_json, mine_json FROM conflict WHERE seq = ?"
                " AND resolved_at IS NULL",
                (conflict.seq,),
            ).fetchone()
            current = None if row is None else json.loads(row[0])
            local = self._local(conn, conflict.type, conflict.id)
            if row is None or current != conflict.theirs or local is None:
                return None
            found_mine = json.loads(row[2])
            if found_mine is not None and local.json is None:
                # Deleted here since the conflict was found: the deletion is the later
                # word, as a later edit would be.
                result = None
            if (
                result is not None
                and found_mine is not None
                and local.json is not None
                and not same_content(found_mine, local.json)
            ):
                result = ThreeWayMerge.merge(found_mine, local.json, result).merged
            theirs_version = RemoteVersion(
                conflict.type,
                conflict.id,
                local.version_id,
                local.last_updated,
                conflict.theirs,
            )
            # What the server holds, as far as we know: "theirs" for a conflict found by a
            # pull, the base of the pending edits for one found when saving a form.
            server_copy = local.base_json if local.pending else local.json
            accepted = (result is None and conflict.theirs is None) or (
                server_copy is not None and same_content(result, server_copy)
            )
            if accepted:
                self._forget_outbox(conn, conflict.type, conflict.id, 1 << 62)
                self._put_server_copy(
                    conn,
                    RemoteVersion(
                        conflict.type,
                        conflict.id,
                        local.version_id,
                        local.last_updated,
                        None if result is None else server_copy,
                    ),
                )
                how = "theirs"
            else:
                self._put_local(conn, theirs_version, result, server_copy)
                conn.execute(
                    "INSERT INTO outbox (type, id, op, base_version, created_at)"
                    " VALUES (?, ?, ?, ?, ?)",
                    (
                        conflict.type,
                        conflict.id,
                        "delete" if result is None else "put",
                        local.version_id,
                        now,
                    ),
                )
                how = "chosen"
            self._close_conflict(conn, conflict.type, conflict.id, how)
            self._db.append_audit(conn, [audit], now)
        return ChangeSet.of(conflict.ref)

    # -- scope ------------------------------------------------------------------------

    def seen_patients(self, since: str, until: str) -> frozenset[str]:
        """Patients with an appointment or an encounter between two dates (ISO)."""
        rows = self._db.connection.execute(
            "SELECT DISTINCT patient_ref FROM resource WHERE type IN ('Appointment', 'Encounter')"
            " AND deleted = 0 AND patient_ref IS NOT NULL AND date >= ? AND date < ?",
            (since, until + "\uffff"),
        )
        return frozenset(str(r[0]) for r in rows)

    def missing_binaries(self) -> list[str]:
        """Ids of the Binaries that images held here point to but this store lacks."""
        conn = self._db.connection
        wanted: list[str] = []
        for (raw,) in conn.execute(
            "SELECT json FROM resource WHERE type = 'Media' AND deleted = 0"
        ):
            url = (json.loads(raw).get("content") or {}).get("url")
            if isinstance(url, str) and url.startswith("Binary/"):
                wanted.append(url.removeprefix("Binary/"))
        held = {str(r[0]) for r in conn.execute("SELECT id FROM resource WHERE type = 'Binary'")}
        return sorted({b for b in wanted if b not in held})

    # -- cursors and audit ------------------------------------------------------------

    def cursor(self, server: str, key: str) -> str | None:
        row = self._db.connection.execute(
            "SELECT cursor FROM sync_cursor WHERE server = ? AND type = ?", (server, key)
        ).fetchone()
        return None if row is None else str(row[0])

    def cursor_keys(self, server: str, prefix: str) -> frozenset[str]:
        """The cursor keys starting with ``prefix`` (markers such as ``_media:Patient/x``)."""
        rows = self._db.connection.execute(
            "SELECT type FROM sync_cursor WHERE server = ? AND type >= ? AND type < ?",
            (server, prefix, prefix + "\uffff"),
        )
        return frozenset(str(r[0]) for r in rows)

    def set_cursors(self, server: str, values: Sequence[tuple[str, str]]) -> None:
        with self._db.transaction() as conn:
            conn.executemany(
                "INSERT INTO sync_cursor (server, type, cursor) VALUES (?, ?, ?)"
                " ON CONFLICT (server, type) DO UPDATE SET cursor = excluded.cursor",
                [(server, key, value) for key, value in values],
            )

    def set_cursor(self, server: str, key: str, value: str) -> None:
        with self._db.transaction() as conn:
            conn.execute(
                "INSERT INTO sync_cursor (server, type, cursor) VALUES (?, ?, ?)"
                " ON CONFLICT (server, type) DO UPDATE SET cursor = excluded.cursor",
                (server, key, value),
            )

    def unpushed_audit(self, limit: int = 500) -> list[AuditEntry]:
        cur = self._db.connection.execute(
            "SELECT seq, recorded, who, action, entity, workstation, outcome, prev_hash, hash"
            " FROM audit WHERE pushed = 0 ORDER BY seq LIMIT ?",
            (limit,),
        )
        return [AuditEntry(*row) for row in cur]

    def mark_audit_pushed(self, seqs: Sequence[int]) -> None:
        with self._db.transaction() as conn:
            conn.executemany("UPDATE audit SET pushed = 1 WHERE seq = ?", [(s,) for s in seqs])

    def held_version(self, rtype: str, rid: str) -> tuple[str | None, FhirJson | None]:
        """(version id, local JSON) of a resource, for tests and diagnostics."""
        local = self._local(self._db.connection, rtype, rid)
        return (None, None) if local is None else (local.version_id, local.json)
