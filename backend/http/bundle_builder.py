"""Search and history results as FHIR Bundles, with absolute paging links.

``Bundle.meta.lastUpdated`` says when the query ran (taken before it did), so that a
client syncing with ``_since`` can use it as its next cursor. Paging is by offset:
``next`` repeats the request with ``_offset`` moved on by ``_count``. Links carry only
the parameters that were applied, and the ``_count`` applied (after the cap), so
following them gives the same query.
"""

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlencode

from backend.http.fhir_response import FhirResponse
from backend.storage.stored_resource import StoredResource

_SAFE = "|,:/$"


class BundleBuilder:
    """Builds Bundles whose URLs start with ``base`` (the server's own address)."""

    def __init__(self, base: str) -> None:
        self._base = base

    def searchset(
        self,
        path: str,
        applied: Sequence[tuple[str, str]],
        count: int,
        offset: int,
        results: Sequence[StoredResource],
        total: int | None,
        *,
        as_of: datetime | None = None,
    ) -> dict[str, Any]:
        bundle: dict[str, Any] = {"resourceType": "Bundle", "type": "searchset"}
        if as_of is not None:
            bundle["meta"] = {"lastUpdated": self._instant(as_of)}
        if total is not None:
            bundle["total"] = total
        bundle["link"] = self._links(path, applied, count, offset, len(results), total)
        bundle["entry"] = [
            {
                "fullUrl": f"{self._base}/{r.type}/{r.id}",
                "resource": r.json,
                "search": {"mode": "match"},
            }
            for r in results
            if r.json is not None
        ]
        return bundle

    def history(
        self,
        path: str,
        applied: Sequence[tuple[str, str]],
        count: int,
        offset: int,
        versions: Sequence[StoredResource],
        total: int,
        *,
        as_of: datetime | None = None,
    ) -> dict[str, Any]:
        return {
            "resourceType": "Bundle",
            **({"meta": {"lastUpdated": self._instant(as_of)}} if as_of is not None else {}),
            "type": "history",
            "total": total,
            "link": self._links(path, applied, count, offset, len(versions), total),
            "entry": [self._history_entry(v) for v in versions],
        }

    @staticmethod
    def _instant(moment: datetime) -> str:
        """When the query ran (``Bundle.meta.lastUpdated``), UTC, to the microsecond."""
        return moment.astimezone(UTC).isoformat(timespec="microseconds").replace("+00:00", "Z")

    def _history_entry(self, version: StoredResource) -> dict[str, Any]:
        # The store does not keep which interaction made a version: version 1 is shown
        # as a create, a tombstone as a delete, anything else as an update.
        if version.deleted:
            method, url, status = "DELETE", f"{version.type}/{version.id}", "204 No Content"
        elif version.version == 1:
            method, url, status = "POST", version.type, "201 Created"
        else:
            method, url, status = "PUT", f"{version.type}/{version.id}", "200 OK"
        entry: dict[str, Any] = {"fullUrl": f"{self._base}/{version.type}/{version.id}"}
        if version.json is not None:
            entry["resource"] = version.json
        entry["request"] = {"method": method, "url": url}
        entry["response"] = {
            "status": status,
            "etag": version.etag,
            "lastModified": FhirResponse.instant(version),
        }
        return entry

    def _links(
        self,
        path: str,
        applied: Sequence[tuple[str, str]],
        count: int,
        offset: int,
        returned: int,
        total: int | None,
    ) -> list[dict[str, str]]:
        def url(at: int) -> str:
            paging = [("_count", str(count))] + ([("_offset", str(at))] if at else [])
            return f"{self._base}{path}?{urlencode([*applied, *paging], safe=_SAFE)}"

        links = [{"relation": "self", "url": url(offset)}]
        more = offset + returned < total if total is not None else returned == count
        if count > 0 and returned > 0 and more:
            links.append({"relation": "next", "url": url(offset + count)})
        if offset > 0 and count > 0:
            links.append({"relation": "previous", "url": url(max(0, offset - count))})
        return links
