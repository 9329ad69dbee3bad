"""The parameters of a history interaction: ``_since``, ``_count`` and ``_offset``."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from backend.http.fhir_error import FhirError
from backend.http.http_limits import HttpLimits
from backend.http.search_parser import IGNORED_PARAMS
from backend.search.fhir_date_range import FhirDateRange


@dataclass(frozen=True, slots=True)
class HistoryQuery:
    """``since`` is the low end of the ``_since`` value's precision (FHIR: inclusive)."""

    since: datetime | None
    count: int
    offset: int
    applied: tuple[tuple[str, str], ...]

    @staticmethod
    def parse(params: Iterable[tuple[str, str]], limits: HttpLimits) -> "HistoryQuery":
        since: datetime | None = None
        count, offset = limits.default_count, 0
        applied: list[tuple[str, str]] = []
        for name, value in params:
            if name in IGNORED_PARAMS:
                continue
            if name == "_since":
                span = FhirDateRange.parse(value.replace(" ", "+"))
                if span is None:
                    raise FhirError(400, "_since needs an instant like 2026-03-14T10:30:00Z")
                since = span.low
                applied.append((name, value))
            elif name in {"_count", "_offset"}:
                if not (value.isascii() and value.isdigit()) or len(value) > 9:
                    raise FhirError(400, f"{name} must be a whole number from 0")
                if name == "_count":
                    count = min(int(value), limits.max_count)
                else:
                    offset = int(value)
            else:
                raise FhirError(400, f"'{name}' is not supported on history (_since, _count)")
        return HistoryQuery(since, count, offset, tuple(applied))
