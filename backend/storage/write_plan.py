"""The rows one atomic write puts in the database, decided the same way for both engines.

A write goes in two steps:

1. :meth:`WritePlan.prepare`, before the engine takes its write lock: what does not
   depend on the current versions (each resource's JSON without its ``meta``, its
   search-index rows) is computed by the caller, so the single writer (SQLite's worker
   thread, a PostgreSQL transaction holding row locks) spends its time on nothing else;
2. :meth:`WritePlan.add`, given the current version of every resource the ops touch
   (read under the engine's write lock, or checked under it before a row is written:
   see :class:`SqliteStorage`): checks every ``if_match``, numbers the new versions,
   gives each new resource its ``rkey`` (from keys the engine knows to be free) and
   stamps ``meta``. The engine then executes the plan's rows in a few batched
   statements.

One plan can take several writes (SQLite's group commit): each :meth:`WritePlan.add` is
all or nothing on its own, sees the versions the writes added before it made, and a
write that raises leaves the plan exactly as it was, so the others still commit.
Nothing here touches the database, so a conflict raises before any row exists.

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

``lastUpdated`` is the plan's instant, except that a resource's new version is always at
least one microsecond after its previous one (a clock that went back, or the same
resource twice in one write), so it is strictly increasing per resource.

The stored JSON is the given resource with ``resourceType`` and ``id`` set from the op and
``meta.versionId`` / ``meta.lastUpdated`` set by the storage (other ``meta`` kept, the
server's two last), in that key order, compact: the text ``json.dumps`` would give.
"""

import json
from collections.abc import Iterator, Mapping, Sequence
from datetime import datetime, timedelta
from typing import Any, NamedTuple

from backend.search.search_indexer import SearchIndexer
from backend.storage.current_version import CurrentVersion
from backend.storage.schema import Schema
from backend.storage.sql_dialect import SqlDialect
from backend.storage.storage_errors import StorageError, VersionConflictError
from backend.storage.stored_resource import StoredResource
from backend.storage.write_op import WriteKind, WriteOp

Key = tuple[str, str]
_TICK = timedelta(microseconds=1)
_OWN_KEYS = frozenset(("resourceType", "id", "meta"))
_SERVER_META = frozenset(("versionId", "lastUpdated"))
# One encoder for every call: json.dumps with separators builds a new one each time.
# No check for circular references (a fifth of the encoding): a resource comes from
# parsed JSON or is built here, and JSON cannot hold a cycle; the text is the same.
_ENCODE = json.JSONEncoder(separators=(",", ":"), check_circular=False).encode
_quote = json.encoder.encode_basestring_ascii
_SPAN = Schema.KEY_SPAN


class PreparedOp(NamedTuple):
    """An op with what it stores computed ahead of the write lock.

    The stored JSON is ``head + meta_head + (versionId, lastUpdated) + tail``: ``head``
    opens the object up to ``"meta":``, ``meta_head`` is the given meta without the
    server's keys and without its closing brace, ``tail`` the other members and the
    closing brace. ``meta`` and ``rest`` are the same as objects, for the document the
    write returns. ``index_rows`` are the search-index values (the columns after
    ``skey, type``), instants rendered for the engine. Empty for a delete.
    """

    op: WriteOp
    head: str
    meta_head: str
    tail: str
    meta: dict[str, Any]
    rest: dict[str, Any]
    index_rows: list[tuple[Any, ...]]


class _Version(NamedTuple):
    """One new version in the plan: its row in ``resource_history`` and its result."""

    state: CurrentVersion
    text: str | None
    prepared: PreparedOp


class WritePlan:
    """Results and rows of one or more writes, in the order the engine executes them."""

    def __init__(
        self,
        current: Mapping[Key, CurrentVersion],
        now: datetime,
        dialect: SqlDialect,
        new_keys: Iterator[int],
    ) -> None:
        """``current``: the stored version of every resource the writes touch (read under
        the write lock; absent keys do not exist). ``new_keys``: unused ``rkey`` values,
        in increasing order, for the resources the writes create."""
        self._current = current
        self._now = now
        self._dialect = dialect
        self._new_keys = new_keys
        self._state: dict[Key, CurrentVersion] = {}
        self._final: dict[Key, _Version] = {}
        self.history_rows: list[tuple[Any, ...]] = []
        self.latest: datetime | None = None
        # The greatest rkey of the resources created by the writes in the plan.
        self.last_key: int | None = None

    # -- before the lock ---------------------------------------------------------------

    @staticmethod
    def prepare(
        ops: Sequence[WriteOp], dialect: SqlDialect, indexer: SearchIndexer
    ) -> list[PreparedOp]:
        return [WritePlan._prepared(op, dialect, indexer) for op in ops]

    # -- under the lock ----------------------------------------------------------------

    def add(self, ops: Sequence[PreparedOp]) -> list[StoredResource]:
        """One write's results, its versions added to the plan; or VersionConflictError
        (or ValueError for a create or update without a resource) and no change."""
        state: dict[Key, CurrentVersion] = {}
        versions: list[tuple[Key, _Version]] = []
        results: list[StoredResource] = []
        for prepared in ops:
            op = prepared.op
            key = (op.type, op.id)
            cur = self._latest(key, state)
            new = self._next(op, cur)
            if new is None:
                # A no-op delete: nothing changes.
                results.append(
                    StoredResource(op.type, op.id, cur.version, cur.last_updated, None)
                    if cur is not None
                    else StoredResource(op.type, op.id, 0, self._now, None)
                )
                continue
            doc, text = (None, None) if new.deleted else self._stamped(prepared, new)
            state[key] = new
            versions.append((key, _Version(new, text, prepared)))
            results.append(StoredResource(op.type, op.id, new.version, new.last_updated, doc, text))
        # Nothing raised: the write is in.
        self._state.update(state)
        instant = self._dialect.instant
        for key, version in versions:
            new = version.state
            self._final[key] = version
            self.history_rows.append(
                (
                    new.rkey * _SPAN + new.version,
                    *key,
                    new.version,
                    instant(new.last_updated),
                    version.text,
                )
            )
            if self.latest is None or new.last_updated > self.latest:
                self.latest = new.last_updated
            if key not in self._current and (self.last_key is None or new.rkey > self.last_key):
                self.last_key = new.rkey
        return results

    # -- the rows ----------------------------------------------------------------------

    @property
    def index_deletes(self) -> list[int]:
        """``rkey`` of the resources whose index rows are replaced: those live before."""
        return [
            before.rkey
            for key in self._final
            if (before := self._current.get(key)) is not None and not before.deleted
        ]

    @property
    def new_resource_rows(self) -> list[tuple[Any, ...]]:
        """The ``resource`` rows to insert: resources that did not exist."""
        return [self._resource_row(k, v) for k, v in self._final.items() if k not in self._current]

    @property
    def changed_resource_rows(self) -> list[tuple[Any, ...]]:
        """The ``resource`` rows to update in place: resources that existed."""
        return [self._resource_row(k, v) for k, v in self._final.items() if k in self._current]

    @property
    def index_rows(self) -> list[tuple[Any, ...]]:
        """The index rows of each live current version written, ``skey`` first."""
        return [
            (v.state.rkey * _SPAN + n, key[0], *row)
            for key, v in self._final.items()
            if not v.state.deleted
            for n, row in enumerate(v.prepared.index_rows)
        ]

    # -- helpers -----------------------------------------------------------------------

    def _latest(self, key: Key, pending: Mapping[Key, CurrentVersion]) -> CurrentVersion | None:
        """The version of ``key`` as of now: this write's, the plan's, or the stored one."""
        for versions in (pending, self._state, self._current):
            found = versions.get(key)
            if found is not None:
                return found
        return None

    def _resource_row(self, key: Key, v: _Version) -> tuple[Any, ...]:
        new = v.state
        instant = self._dialect.instant(new.last_updated)
        return (new.rkey, *key, new.version, instant, int(new.deleted))

    def _next(self, op: WriteOp, cur: CurrentVersion | None) -> CurrentVersion | None:
        """The new version (``deleted`` for a tombstone), or None for a no-op."""
        if op.if_match is not None and (cur is None or cur.version != op.if_match):
            raise VersionConflictError(op.type, op.id, None if cur is None else cur.version)
        if op.kind is WriteKind.CREATE and cur is not None:
            raise VersionConflictError(op.type, op.id, cur.version)
        if op.kind is WriteKind.DELETE:
            if cur is None or cur.deleted:
                return None
        elif op.json is None:
            raise ValueError(f"{op.kind} of {op.type}/{op.id} without a resource")
        if cur is None:
            # The first version: a new resource, a new key (taken once per resource, even
            # if this write fails later: keys need not be consecutive, only increasing).
            key = next(self._new_keys)
            return CurrentVersion(key, 1, op.kind is WriteKind.DELETE, self._now)
        if cur.version + 1 >= _SPAN:
            raise StorageError(f"{op.type}/{op.id} has too many versions")
        instant = max(self._now, cur.last_updated + _TICK)
        return CurrentVersion(cur.rkey, cur.version + 1, op.kind is WriteKind.DELETE, instant)

    @staticmethod
    def _stamped(prepared: PreparedOp, version: CurrentVersion) -> tuple[dict[str, Any], str]:
        """The stored document and its JSON text, the text spliced from the prepared parts
        (the same bytes ``json.dumps`` of the document would give, without encoding the
        resource again under the lock)."""
        op = prepared.op
        version_id = str(version.version)
        instant = version.last_updated.isoformat(timespec="microseconds")
        meta = prepared.meta.copy()
        meta["versionId"] = version_id
        meta["lastUpdated"] = instant
        doc: dict[str, Any] = {"resourceType": op.type, "id": op.id, "meta": meta}
        doc.update(prepared.rest)
        text = "".join(
            (
                prepared.head,
                prepared.meta_head,
                '"versionId":"',
                version_id,
                '","lastUpdated":"',
                instant,
                '"}',
                prepared.tail,
            )
        )
        return doc, text

    @staticmethod
    def _prepared(op: WriteOp, dialect: SqlDialect, indexer: SearchIndexer) -> PreparedOp:
        src = op.json
        if op.kind is WriteKind.DELETE or src is None:
            return PreparedOp(op, "", "", "", {}, {}, [])
        given = src.get("meta")
        meta = (
            {k: v for k, v in given.items() if k not in _SERVER_META}
            if isinstance(given, dict)
            else {}
        )
        rest = {k: v for k, v in src.items() if k not in _OWN_KEYS}
        body = _ENCODE(rest)
        # The indexed paths never start at resourceType, id or meta, so the rows of the
        # given resource are those of the stored one.
        rows: list[tuple[Any, ...]] = []
        for r in indexer.rows(op.type, src):
            low = None if r.date_low is None else dialect.instant(r.date_low)
            high = None if r.date_high is None else dialect.instant(r.date_high)
            rows.append(
                (
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
        if len(rows) >= _SPAN:
            raise ValueError(f"{op.type}/{op.id} has too many search values")
        return PreparedOp(
            op,
            head=f'{{"resourceType":{_quote(op.type)},"id":{_quote(op.id)},"meta":',
            meta_head=_ENCODE(meta)[:-1] + "," if meta else "{",
            tail="}" if body == "{}" else "," + body[1:],
            meta=meta,
            rest=rest,
            index_rows=rows,
        )
