"""Responses in FHIR JSON, with the version headers FHIR asks for."""

import json
from collections.abc import Mapping
from datetime import UTC, datetime
from email.utils import format_datetime
from typing import Any, ClassVar

from aiohttp import web

from backend.storage.stored_resource import StoredResource

FHIR_JSON = "application/fhir+json"


class FhirResponse:
    """Builds aiohttp responses; bodies are compact UTF-8 JSON."""

    # The last instant (to the second) given an HTTP date, and that date: one tuple,
    # replaced whole, so a reader on another thread never sees half of it.
    _last_http_date: ClassVar[tuple[datetime, str]] = (datetime.min.replace(tzinfo=UTC), "")

    @staticmethod
    def dumps(body: Any) -> bytes:
        return json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode("utf-8")

    @staticmethod
    def json(
        body: Any,
        status: int = 200,
        headers: Mapping[str, str] | None = None,
        content_type: str = FHIR_JSON,
    ) -> web.Response:
        return web.Response(
            body=FhirResponse.dumps(body),
            status=status,
            headers=headers,
            content_type=content_type,
            charset="utf-8",
        )

    @staticmethod
    def version_headers(stored: StoredResource, base: str) -> dict[str, str]:
        """ETag, Last-Modified and Location of one version."""
        return {
            "ETag": stored.etag,
            "Last-Modified": FhirResponse.http_date(stored),
            "Location": f"{base}/{stored.type}/{stored.id}/_history/{stored.version}",
        }

    @staticmethod
    def http_date(stored: StoredResource) -> str:
        moment = stored.last_updated.astimezone(UTC).replace(microsecond=0)
        # Every write and read names one: formatted once per second, not per response
        # (format_datetime costs more than the rest of the headers together).
        last = FhirResponse._last_http_date
        if last[0] != moment:
            last = (moment, format_datetime(moment, usegmt=True))
            FhirResponse._last_http_date = last
        return last[1]

    @staticmethod
    def instant(stored: StoredResource) -> str:
        """``lastUpdated`` as a FHIR instant in UTC, to the microsecond the storage keeps.

        Full precision, so a client that feeds it back as ``_since`` misses nothing.
        """
        moment = stored.last_updated.astimezone(UTC)
        text = moment.strftime("%Y-%m-%dT%H:%M:%S")
        if moment.microsecond:
            text += f".{moment.microsecond:06d}"
        return text + "Z"
