"""From HTTP search parameters to a :class:`SearchQuery`.

FHIR's rules: a comma inside one value is OR, a repeated parameter is AND; ``\\,``,
``\\|`` and ``\\\\`` escape; a parameter with an empty value is ignored. Tokens are
``system|code``, ``|code`` (no system) or ``code`` (any system); references are
``Type/id``, an absolute URL ending in ``Type/id``, or a bare id (the parameter's
target type, or else any type; ``subject:Patient=id`` names it).
Dates take the prefixes ``eq ne gt ge lt le``.

Strict by default: an unknown parameter, an unsupported modifier or result parameter
is 400, so that a client never mistakes an ignored filter for an empty result.
``Prefer: handling=lenient`` (FHIR's way to ask) ignores those instead; the Bundle's
self link then shows only what was applied.
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass

from backend.http.fhir_error import FhirError
from backend.http.http_limits import HttpLimits
from backend.search.fhir_date_range import FhirDateRange
from backend.search.search_parameters import ParamKind, SearchParameter, SearchParameters
from backend.search.search_query import Prefix, SearchClause, SearchQuery, SearchValue

# Far above what a person or the workstation asks; keeps one query's SQL bounded.
MAX_CLAUSES = 50
MAX_VALUES = 200
RESULT_PARAMS = frozenset({"_count", "_offset", "_sort", "_total", "_summary"})
IGNORED_PARAMS = frozenset({"_format", "_pretty"})
_PREFIXES = {p.value: p for p in Prefix}
_UNSUPPORTED_PREFIXES = frozenset({"sa", "eb", "ap"})
_UNESCAPE = re.compile(r"\\([,|$\\])")
_SPLIT_COMMA = re.compile(r"(?<!\\),")
_SPLIT_PIPE = re.compile(r"(?<!\\)\|")


@dataclass(frozen=True, slots=True)
class ParsedSearch:
    """The query, and the parameters applied (for the Bundle's links)."""

    query: SearchQuery
    applied: tuple[tuple[str, str], ...]


class SearchParser:
    """Parses the parameters of a type-level search."""

    def __init__(self, limits: HttpLimits) -> None:
        self._limits = limits

    def parse(
        self, rtype: str, params: Iterable[tuple[str, str]], *, lenient: bool = False
    ) -> ParsedSearch:
        clauses: list[SearchClause] = []
        applied: list[tuple[str, str]] = []
        count = self._limits.default_count
        offset = 0
        sort: str | None = None
        total = True
        for name, value in params:
            if name in IGNORED_PARAMS:
                continue
            try:
                if name in RESULT_PARAMS:
                    if name == "_count":
                        count = min(_natural(name, value), self._limits.max_count)
                    elif name == "_offset":
                        offset = _natural(name, value)
                    elif name == "_sort":
                        sort = _sort(value)
                        applied.append((name, value))
                    elif name == "_total":
                        total = _total(value)
                        applied.append((name, value))
                    elif _summary_count(value):  # _summary=count: the total alone
                        count = 0
                        applied.append((name, value))
                    continue
                clause = self._clause(rtype, name, value)
            except FhirError:
                if lenient:
                    continue
                raise
            if clause is not None:
                clauses.append(clause)
                applied.append((name, value))
        if len(clauses) > MAX_CLAUSES:
            raise FhirError(400, f"At most {MAX_CLAUSES} search parameters in one search")
        query = SearchQuery(
            type=rtype,
            clauses=tuple(clauses),
            count=count,
            offset=offset,
            sort_last_updated=sort,
            include_total=total,
        )
        return ParsedSearch(query, tuple(applied))

    def _clause(self, rtype: str, name: str, value: str) -> SearchClause | None:
        base, _, modifier = name.partition(":")
        param = SearchParameters.get(rtype, base)
        if param is None:
            supported = ", ".join(p.name for p in SearchParameters.for_type(rtype))
            raise FhirError(
                400,
                f"Unknown or unsupported search parameter '{base}' for {rtype} "
                f"(supported: {supported}; results: _count, _offset, _sort, _total, _summary)",
            )
        type_modifier: str | None = None
        if modifier:
            if param.kind is ParamKind.REFERENCE and SearchParameters.supports(modifier):
                type_modifier = modifier
            else:
                raise FhirError(400, f"The modifier ':{modifier}' is not supported on '{base}'")
        if value == "":
            return None
        raw_values = _SPLIT_COMMA.split(value)
        if len(raw_values) > MAX_VALUES:
            raise FhirError(400, f"At most {MAX_VALUES} values in one parameter")
        values: list[SearchValue] = []
        for raw in raw_values:
            values.extend(_values(param, raw, type_modifier))
        return SearchClause(base, tuple(values))


def _values(param: SearchParameter, raw: str, type_modifier: str | None) -> list[SearchValue]:
    if param.kind is ParamKind.STRING:
        return [SearchValue(text=_unescape(raw))]
    if param.kind is ParamKind.TOKEN:
        return [_token(param.name, raw)]
    if param.kind is ParamKind.DATE:
        return [_date(param.name, raw)]
    return _reference(param, _unescape(raw), type_modifier)


def _token(name: str, raw: str) -> SearchValue:
    parts = _SPLIT_PIPE.split(raw, maxsplit=1)
    if len(parts) == 1:
        code = _unescape(raw)
        if not code:
            raise FhirError(400, f"Empty value in '{name}'")
        return SearchValue(code=code)
    system, code = _unescape(parts[0]), _unescape(parts[1])
    if not system and not code:
        raise FhirError(400, f"'{name}' needs a code, a system or both around '|'")
    return SearchValue(system=system, code=code or None)


def _date(name: str, raw: str) -> SearchValue:
    prefix = Prefix.EQ
    head = raw[:2]
    if head in _PREFIXES:
        prefix, raw = _PREFIXES[head], raw[2:]
    elif head in _UNSUPPORTED_PREFIXES:
        raise FhirError(400, f"The prefix '{head}' is not supported on '{name}'")
    # A '+' of a time zone that was not percent-encoded arrives as a space.
    span = FhirDateRange.parse(raw.replace(" ", "+"))
    if span is None:
        raise FhirError(
            400, f"'{name}' needs a date like 2026, 2026-03, 2026-03-14 or 2026-03-14T10:30Z"
        )
    return SearchValue(prefix=prefix, low=span.low, high=span.high)


def _reference(param: SearchParameter, raw: str, type_modifier: str | None) -> list[SearchValue]:
    """``Type/id``, a URL ending in it, or a bare id, which the storage resolves against
    the parameter's target type (or any type); ``:Type`` names the type of a bare id."""
    if not raw:
        raise FhirError(400, f"Empty value in '{param.name}'")
    if type_modifier is not None and "/" not in raw:
        return [SearchValue(text=f"{type_modifier}/{raw}")]
    return [SearchValue(text=raw)]


def _natural(name: str, value: str) -> int:
    if not (value.isascii() and value.isdigit()) or len(value) > 9:
        raise FhirError(400, f"{name} must be a whole number from 0")
    return int(value)


def _sort(value: str) -> str:
    if value == "_lastUpdated":
        return "asc"
    if value == "-_lastUpdated":
        return "desc"
    raise FhirError(400, "Only _sort=_lastUpdated and _sort=-_lastUpdated are supported")


def _total(value: str) -> bool:
    if value in {"accurate", "estimate"}:
        return True
    if value == "none":
        return False
    raise FhirError(400, "_total must be none, estimate or accurate")


def _summary_count(value: str) -> bool:
    if value not in {"count", "false"}:
        raise FhirError(400, f"_summary={value[:32]} is not supported (only count)")
    return value == "count"


def _unescape(value: str) -> str:
    return _UNESCAPE.sub(r"\1", value)
