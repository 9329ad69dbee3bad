"""Responses in FHIR JSON, with the version headers FHIR asks for."""

import json
from collections.abc import Mapping
from datetime import UTC
from email.utils import format_datetime
from typing import Any

from aiohttp import web

from backend.storage.stored_resource import StoredResource

FHIR_JSON = "application/fhir+json"


class FhirResponse:
    """Builds aiohttp responses; bodies are compact UTF-8 JSON."""

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
        return format_datetime(stored.last_updated.astimezone(UTC), usegmt=True)

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
