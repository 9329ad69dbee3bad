"""Bundle entries (search and history) as :class:`RemoteVersion`, whatever the server."""

from collections.abc import Iterator
from typing import Any

from app.store.remote_version import RemoteVersion
from sync.fhir_reply import FhirReply

EDITED_BY_URL = "https://fhir.cabinet.example/StructureDefinition/edited-by"


class BundleReader:
    """Reads what servers put in Bundles; tolerant of what they leave out."""

    @staticmethod
    def edited_by(resource: dict[str, Any]) -> str | None:
        for ext in (resource.get("meta") or {}).get("extension") or []:
            if isinstance(ext, dict) and ext.get("url") == EDITED_BY_URL:
                value = ext.get("valueString")
                return value if isinstance(value, str) else None
        return None

    @classmethod
    def of_resource(cls, resource: dict[str, Any]) -> RemoteVersion | None:
        rtype, rid = resource.get("resourceType"), resource.get("id")
        if not isinstance(rtype, str) or not isinstance(rid, str):
            return None
        meta = resource.get("meta") or {}
        version = meta.get("versionId")
        updated = meta.get("lastUpdated")
        return RemoteVersion(
            rtype,
            rid,
            str(version) if version is not None else None,
            updated if isinstance(updated, str) else None,
            resource,
            cls.edited_by(resource),
        )

    @classmethod
    def entries(cls, bundle: Any) -> Iterator[RemoteVersion]:
        """Resources of a searchset, and versions (deletions too) of a history."""
        if not isinstance(bundle, dict):
            return
        for entry in bundle.get("entry") or []:
            if not isinstance(entry, dict):
                continue
            request = entry.get("request") or {}
            resource = entry.get("resource")
            if isinstance(resource, dict) and request.get("method") != "DELETE":
                if (entry.get("search") or {}).get("mode", "match") != "match":
                    continue
                found = cls.of_resource(resource)
                if found is not None:
                    yield found
            elif request.get("method") == "DELETE":
                deleted = cls._deletion(entry, request)
                if deleted is not None:
                    yield deleted

    @staticmethod
    def _deletion(entry: dict[str, Any], request: dict[str, Any]) -> RemoteVersion | None:
        url = str(request.get("url") or entry.get("fullUrl") or "")
        parts = [p for p in url.split("?", maxsplit=1)[0].split("/") if p]
        if "_history" in parts:
            parts = parts[: parts.index("_history")]
        if len(parts) < 2:
            return None
        response = entry.get("response") or {}
        return RemoteVersion(
            parts[-2],
            parts[-1],
            FhirReply.parse_etag(response.get("etag")),
            response.get("lastModified"),
            None,
        )

    @staticmethod
    def as_of(bundle: Any) -> str | None:
        """``Bundle.meta.lastUpdated``: when the server ran the query, if it says."""
        if not isinstance(bundle, dict):
            return None
        stamp = (bundle.get("meta") or {}).get("lastUpdated")
        return stamp if isinstance(stamp, str) else None

    @staticmethod
    def next_link(bundle: Any) -> str | None:
        if not isinstance(bundle, dict):
            return None
        for link in bundle.get("link") or []:
            if isinstance(link, dict) and link.get("relation") == "next" and link.get("url"):
                return str(link["url"])
        return None
