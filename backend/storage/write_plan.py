"""The rows one atomic write puts in the database, decided the same way for both engines.

Given the ops and the current version of every resource they touch (read under the
engine's write lock), :meth:`WritePlan.build` checks every ``if_match``, numbers the new
versions, stamps ``meta`` and builds the rows; the engine then only executes them in
batches. Nothing here touches the database, so a conflict raises before any row exists.

Rules (see :class:`backend.storage.write_op.WriteKind`):

- CREATE on an id that exists, even as a tombstone, is a conflict: ids are never reused
  for another resource, and history stays one resource's story;
- UPDATE creates version 1 when the id is new (update-as-create); on a tombstone it
  revives the resource with the next version;
- DELETE writes a tombstone version; on an already deleted resource it is a no-op that
  returns the current tombstone, and on an id that never existed it returns a synthetic
  tombstone of version 0 (nothing is written, so there is no history entry);
- ``if_match`` on any kind must equal the current version, tombstones included; with no
  current version at all it is a conflict.

``lastUpdated`` is the transaction's instant, except that a resource's new version is
always at least one microsecond after its previous one (a clock that went back, or the
same resource twice in one write), so it is strictly increasing per resource.

The stored JSON is the given resource with ``resourceType`` and ``id`` set from the op and
``meta.versionId`` / ``meta.lastUpdated`` set by the storage (other ``meta`` kept).
"""

import json
from collections.abc import Mapping, Sequence
from datetime import datetime, timedelta
from typing import Any

from backend.search.search_indexer import SearchIndexer
from backend.storage.current_version import CurrentVersion
from backend.storage.sql_dialect import SqlDialect
from backend.storage.storage_errors import VersionConflictError
from backend.storage.stored_resource import StoredResource
from backend.storage.write_op import WriteKind, WriteOp

Key = tuple[str, str]
_TICK = timedelta(microseconds=1)
_OWN_KEYS = frozenset(("resourceType", "id", "meta"))

# SQLite executes these with executemany; PostgreSQL sends the same rows as arrays in
# one statement (postgres_storage._WRITE_SQL), one round trip whatever the write's size.
UPSERT_SQL = (
    "INSERT INTO resource (type, id, version, last_updated, deleted, json)"
    " VALUES (?, ?, ?, ?, ?, ?)"
    " ON CONFLICT (type, id) DO UPDATE SET version = excluded.version,"
    " last_updated = excluded.last_updated, deleted = excluded.deleted, json = excluded.json"
)
HISTORY_SQL = (
    "INSERT INTO resource_history (type, id, version, last_updated, json) VALUES (?, ?, ?, ?, ?)"
)
INDEX_DELETE_SQL = "DELETE FROM search_index WHERE type = ? AND id = ?"
INDEX_INSERT_SQL = (
    "INSERT INTO search_index (type, id, param, value_string, token_system, token_code,"
    " ref_type, ref_id, date_low, date_high) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)


class WritePlan:
    """Results and rows of one write, in the order the engine executes them."""

    def __init__(self) -> None:
        self.results: list[StoredResource] = []
        self.resource_rows: list[tuple[Any, ...]] = []
        self.history_rows: list[tuple[Any, ...]] = []
        self.index_deletes: list[Key] = []
        self.index_rows: list[tuple[Any, ...]] = []
        self.latest: datetime | None = None

    @classmethod
    def build(
        cls,
        ops: Sequence[WriteOp],
        current: Mapping[Key, CurrentVersion],
        now: datetime,
        dialect: SqlDialect,
        indexer: SearchIndexer,
    ) -> "WritePlan":
        """Raises VersionConflictError on the first op whose precondition fails."""
        plan = cls()
        state: dict[Key, CurrentVersion | None] = {}
        final_docs: dict[Key, tuple[CurrentVersion, str | None, dict[str, Any] | None]] = {}
        for op in ops:
            key = (op.type, op.id)
            cur = state[key] if key in state else current.get(key)
            result = plan._apply(op, cur, now)
            if result is None:
                # A no-op delete: nothing changes.
                plan.results.append(
                    StoredResource(op.type, op.id, cur.version, cur.last_updated, None)
                    if cur is not None
                    else StoredResource(op.type, op.id, 0, now, None)
                )
                continue
            version, doc = result
            text = None if doc is None else json.dumps(doc, separators=(",", ":"))
            new = CurrentVersion(version.version, doc is None, version.last_updated)
            state[key] = new
            final_docs[key] = (new, text, doc)
            plan.results.append(StoredResource(op.type, op.id, new.version, new.last_updated, doc))
            plan.history_rows.append(
                (op.type, op.id, new.version, dialect.instant(new.last_updated), text)
            )
            if plan.latest is None or new.last_updated > plan.latest:
                plan.latest = new.last_updated
        for key, (new, text, doc) in final_docs.items():
            rtype, rid = key
            before = current.get(key)
            if before is not None and not before.deleted:
                plan.index_deletes.append(key)
            plan.resource_rows.append(
                (rtype, rid, new.version, dialect.instant(new.last_updated), int(new.deleted), text)
            )
            if doc is not None:
                plan.index_rows.extend(cls._index_rows(rtype, rid, doc, dialect, indexer))
        return plan

    @staticmethod
    def _apply(
        op: WriteOp, cur: CurrentVersion | None, now: datetime
    ) -> tuple[CurrentVersion, dict[str, Any] | None] | None:
        """The new version (and its document, None for a tombstone), or None for a no-op."""
        if op.if_match is not None and (cur is None or cur.version != op.if_match):
            raise VersionConflictError(op.type, op.id, None if cur is None else cur.version)
        if op.kind is WriteKind.CREATE and cur is not None:
            raise VersionConflictError(op.type, op.id, cur.version)
        if op.kind is WriteKind.DELETE and (cur is None or cur.deleted):
            return None
        instant = now if cur is None else max(now, cur.last_updated + _TICK)
        version = CurrentVersion(1 if cur is None else cur.version + 1, False, instant)
        if op.kind is WriteKind.DELETE:
            return version, None
        if op.json is None:
            raise ValueError(f"{op.kind} of {op.type}/{op.id} without a resource")
        return version, WritePlan._stamped(op, version)

    @staticmethod
    def _stamped(op: WriteOp, version: CurrentVersion) -> dict[str, Any]:
        src = op.json or {}
        given = src.get("meta")
        meta = dict(given) if isinstance(given, dict) else {}
        meta["versionId"] = str(version.version)
        meta["lastUpdated"] = version.last_updated.isoformat(timespec="microseconds")
        doc: dict[str, Any] = {"resourceType": op.type, "id": op.id, "meta": meta}
        doc.update((k, v) for k, v in src.items() if k not in _OWN_KEYS)
        return doc

    @staticmethod
    def _index_rows(
        rtype: str, rid: str, doc: dict[str, Any], dialect: SqlDialect, indexer: SearchIndexer
    ) -> list[tuple[Any, ...]]:
        rows = []
        for r in indexer.rows(rtype, doc):
            low = None if r.date_low is None else dialect.instant(r.date_low)
            high = None if r.date_high is None else dialect.instant(r.date_high)
            rows.append(
                (
                    rtype,
                    rid,
                    r.param,
                    r.value_string,
                    r.token_system,
                    r.token_code,
                    r.ref_type,
                    r.ref_id,
                    low,
                    high,
                )
            )
        return rows
