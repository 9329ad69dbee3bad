"""One FHIR HTTP answer, read in full."""

import re
from dataclasses import dataclass
from typing import Any

_ETAG = re.compile(r'^(?:W/)?"(.*)"$')


@dataclass(frozen=True, slots=True)
class FhirReply:
    """``body`` is the parsed JSON (None when empty or not JSON)."""

    status: int
    headers: dict[str, str]
    body: Any

    @property
    def ok(self) -> bool:
        return 200 <= self.status < 300

    @property
    def version_from_etag(self) -> str | None:
        """The version in ``ETag``, weak (``W/"3"``) or strong (``"3"``)."""
        return self.parse_etag(self.headers.get("etag"))

    @staticmethod
    def parse_etag(value: str | None) -> str | None:
        if not value:
            return None
        found = _ETAG.match(value.strip())
        return found.group(1) if found else value.strip()
