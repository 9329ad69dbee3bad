"""A parsed FHIR search: clauses ANDed together, each an OR of values."""

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum


class Prefix(StrEnum):
    """Comparison prefixes of date searches (``_lastUpdated=gt2026-01-01``)."""

    EQ = "eq"
    NE = "ne"
    GT = "gt"
    GE = "ge"
    LT = "lt"
    LE = "le"


@dataclass(frozen=True, slots=True)
class SearchValue:
    """One value of a clause; which fields are set depends on the parameter's kind.

    - string: ``text`` (case- and accent-insensitive prefix match, as FHIR says);
    - token: ``code`` and optionally ``system`` (``system|code``; ``|code`` = no system);
    - reference: ``text`` = ``Type/id``;
    - date: ``prefix`` and the instant range [``low``, ``high``) the given precision covers.
    """

    text: str | None = None
    system: str | None = None
    code: str | None = None
    prefix: Prefix = Prefix.EQ
    low: datetime | None = None
    high: datetime | None = None


@dataclass(frozen=True, slots=True)
class SearchClause:
    """``param`` as named in SearchParameters (``_id``, ``_lastUpdated`` included)."""

    param: str
    values: tuple[SearchValue, ...]


@dataclass(frozen=True, slots=True)
class SearchQuery:
    """What to find, how many, from where, in which order."""

    type: str
    clauses: tuple[SearchClause, ...] = ()
    count: int = 50
    offset: int = 0
    sort_last_updated: str | None = None  # "asc" (``_sort=_lastUpdated``) / "desc" / None
    include_total: bool = True
    extra: dict[str, str] = field(default_factory=dict)
