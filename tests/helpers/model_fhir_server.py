"""An in-memory model of a FHIR R4 server's versions, for the sync state machine.

Every resource is its list of versions (tombstones included), each with a version id
the server made up (integers as HAPI FHIR and our backend count them, or UUIDs as a
foreign server may), a strictly increasing ``lastUpdated`` and who wrote it. Writes
follow the rules of our backend (:mod:`backend.storage.write_plan`):

- ``If-Match`` must name the current version (a tombstone's too): anything else is
  refused, 412, and nothing changes. The model cannot store a stale write;
- a write without ``If-Match`` over an existing resource is accepted, as servers do, but
  counted: from sync it would be a silent overwrite of someone's version;
- a DELETE of a deleted or unknown resource is a no-op.

Every accepted write is logged with the version it replaced, so a test can check what
each of its writes changed.
"""

import copy
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

FhirJson = dict[str, Any]
Ref = tuple[str, str]

_EPOCH = datetime(2026, 11, 23, 8, 0, tzinfo=UTC)
# Versions more than a second apart: an HTTP date (whole seconds) still orders them.
_TICK = timedelta(milliseconds=1250)


@dataclass(frozen=True, slots=True)
class ModelVersion:
    """One version as stored; ``json`` None for a tombstone; ``serial`` orders all writes."""

    version_id: str
    last_updated: datetime
    json: FhirJson | None
    by: str
    serial: int

    @property
    def stamp(self) -> str:
        return self.last_updated.isoformat(timespec="microseconds")

    @property
    def http_date(self) -> str:
        return self.last_updated.strftime("%a, %d %b %Y %H:%M:%S GMT")


@dataclass(frozen=True, slots=True)
class ModelWrite:
    """An accepted write: the version it replaced (None: new resource) and the new one."""

    ref: Ref
    before: ModelVersion | None
    after: ModelVersion


class ModelFhirServer:
    """The versions of every resource; :meth:`write` is PUT/DELETE with If-Match."""

    def __init__(self, *, uuid_versions: bool = False) -> None:
        self._uuid_versions = uuid_versions
        self._history: dict[Ref, list[ModelVersion]] = {}
        self.serial = 0
        self.writes: list[ModelWrite] = []
        self.stale_refused = 0
        self.silent_overwrites = 0

    # -- reading ----------------------------------------------------------------------

    def refs(self) -> list[Ref]:
        return list(self._history)

    def history(self, ref: Ref) -> list[ModelVersion]:
        return list(self._history.get(ref, []))

    def current(self, ref: Ref) -> ModelVersion | None:
        versions = self._history.get(ref)
        return versions[-1] if versions else None

    def version(self, ref: Ref, version_id: str) -> ModelVersion | None:
        return next((v for v in self._history.get(ref, []) if v.version_id == version_id), None)

    def index_of(self, ref: Ref, version_id: str) -> int | None:
        """Position of a version in its resource's history (0 is the first)."""
        for i, v in enumerate(self._history.get(ref, [])):
            if v.version_id == version_id:
                return i
        return None

    def live(self) -> list[Ref]:
        return [r for r, vs in self._history.items() if vs[-1].json is not None]

    def stored(self, ref: Ref, version: ModelVersion) -> FhirJson | None:
        """The resource as the server returns it: ``meta`` with version and instant."""
        if version.json is None:
            return None
        out = copy.deepcopy(version.json)
        meta = out.setdefault("meta", {})
        meta["versionId"] = version.version_id
        meta["lastUpdated"] = version.stamp
        out["resourceType"], out["id"] = ref
        return out

    # -- writing ----------------------------------------------------------------------

    def write(
        self, ref: Ref, json: FhirJson | None, if_match: str | None, by: str
    ) -> tuple[int, ModelVersion | None]:
        """(HTTP status, the version now current); ``json`` None deletes."""
        current = self.current(ref)
        if if_match is not None and (current is None or current.version_id != if_match):
            self.stale_refused += 1
            return 412, current
        if if_match is None and current is not None:
            self.silent_overwrites += 1
        if json is None and (current is None or current.json is None):
            return 204, current
        body = None if json is None else self._without_server_meta(json)
        self.serial += 1
        versions = self._history.setdefault(ref, [])
        version = ModelVersion(
            self._version_id(ref, len(versions) + 1),
            _EPOCH + self.serial * _TICK,
            body,
            by,
            self.serial,
        )
        versions.append(version)
        self.writes.append(ModelWrite(ref, current, version))
        if json is None:
            return 204, version
        return (201 if current is None else 200), version

    def _version_id(self, ref: Ref, number: int) -> str:
        if not self._uuid_versions:
            return str(number)
        return str(uuid.uuid5(uuid.NAMESPACE_URL, f"urn:model:{ref[0]}/{ref[1]}/{number}"))

    @staticmethod
    def _without_server_meta(json: FhirJson) -> FhirJson:
        out = copy.deepcopy(json)
        meta = {
            k: v
            for k, v in (out.get("meta") or {}).items()
            if k not in {"versionId", "lastUpdated"}
        }
        out.pop("meta", None)
        if meta:
            out["meta"] = meta
        return out
