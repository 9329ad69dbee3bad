"""SQL of searches and history, built once for both engines.

A search is ``SELECT … FROM resource r WHERE r.type = ? AND r.deleted = 0`` and, per
clause, one condition (clauses are ANDed, the values of a clause ORed):

- ``_id``: ``r.id IN (…)``; ``_lastUpdated``: a comparison on ``r.last_updated``;
- any other parameter: ``r.rkey IN (SELECT s.skey >> 24 FROM search_index s WHERE
  s.type = ? AND s.param = ? AND (value OR value …))`` (an index row's key starts with
  its resource's, see :class:`Schema`), driven from the partial index of the
  parameter's kind: the matching rows are found once, then joined to their resources
  (SQLite builds a temporary index of their keys and probes it; PostgreSQL, once it has
  statistics, hashes them — :class:`PlannerStatistics` sees that it has them).
  ``s.param IN (…)`` for a parameter that includes others
  (:meth:`SearchParameters.included`: their values are stored under them only). Index
  rows exist only for live current versions, so old versions and tombstones never match.
  A correlated form (``EXISTS`` over each resource's own ``skey`` range) was tried for
  PostgreSQL and is worse there: it plans a nested loop that scans the matching index
  rows again for every resource of the type.

Values:

- string: folded like the index (:meth:`SearchIndexer.fold`), then a range scan
  ``value_string >= prefix AND value_string < next(prefix)``: "equals or starts with,
  case- and accent-insensitive", FHIR's default string match;
- token: ``code`` alone matches any system, ``|code`` (system ``""``) only values
  without one, ``system|code`` both, ``system|`` any code of that system;
- reference: ``Type/id`` (or an absolute URL ending in it); a bare ``id`` matches that id
  in the parameter's target type, or in any type when the parameter has no target;
- date: FHIR R4's prefix rules on ranges. With the resource's value the range
  [rl, rh) and the search value [ql, qh) (the precision it was given with):

  ==== ====================================================================
  eq   the search range contains the value's: ``rl >= ql AND rh <= qh``
  ne   it does not: ``rl < ql OR rh > qh``
  gt   the value's range reaches past the search range: ``rh > qh``
  lt   the value's range starts before it: ``rl < ql``
  ge   gt or eq: ``rh > qh OR (rl >= ql AND rh <= qh)``
  le   lt or eq: ``rl < ql OR (rl >= ql AND rh <= qh)``
  ==== ====================================================================

  ``_lastUpdated`` is an instant t, the range [t, t + 1 µs), for which these reduce to
  eq ``ql <= t < qh``, ne the opposite, gt ``t >= qh``, lt ``t < ql``, ge ``t >= ql``,
  le ``t < qh``.

Order: ``last_updated`` then ``id`` (ascending by default and for ``asc``, both
descending for ``desc``), a stable order for offset paging.

History: newest first, ``last_updated`` then ``hkey`` (a stable order for paging);
the versions of one resource are the ``hkey`` range of its ``rkey``, type and system
level read ``history_type_updated`` and ``history_updated`` backwards.
"""

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from backend.search.fhir_date_range import FhirDateRange
from backend.search.search_indexer import SearchIndexer
from backend.search.search_parameters import ParamKind, SearchParameter, SearchParameters
from backend.search.search_query import Prefix, SearchQuery, SearchValue
from backend.storage.schema import Schema
from backend.storage.sql_dialect import SqlDialect

Statement = tuple[str, list[Any]]

RESOURCE_COLUMNS = "r.type, r.id, r.version, r.last_updated, h.json"
HISTORY_COLUMNS = "h.type, h.id, h.version, h.last_updated, h.json"
# The current version's history row, which holds its JSON.
_CURRENT_JSON = f"JOIN resource_history h ON h.hkey = r.rkey * {Schema.KEY_SPAN} + r.version"
_NO_MATCH = "1 = 0"
# The hkey range of one resource's versions (two columns: lo, hi), from its (type, id).
_VERSIONS_OF = (
    f"(SELECT rkey * {Schema.KEY_SPAN} AS lo, rkey * {Schema.KEY_SPAN} + {Schema.KEY_SPAN - 1}"
    " AS hi FROM resource WHERE type = ? AND id = ?) k"
)


class SearchSql:
    """Statements for one engine (placeholders rendered by its dialect)."""

    def __init__(self, dialect: SqlDialect) -> None:
        self._dialect = dialect
        self.read_sql = dialect.render(
            f"SELECT {RESOURCE_COLUMNS} FROM resource r {_CURRENT_JSON}"
            " WHERE r.type = ? AND r.id = ?"
        )
        # The key of a version is computed from its resource's: version must be checked
        # too, or a version number past the span would name another resource's row.
        self._vread_sql = dialect.render(
            f"SELECT {HISTORY_COLUMNS} FROM resource_history h WHERE h.hkey ="
            f" (SELECT rkey FROM resource WHERE type = ? AND id = ?) * {Schema.KEY_SPAN} + ?"
            " AND h.version = ?"
        )

    def vread(self, rtype: str, rid: str, version: int) -> Statement | None:
        """The statement of one version; None when no version can have that number."""
        if not 0 < version < Schema.KEY_SPAN:
            return None
        return self._vread_sql, [rtype, rid, version, version]

    def search(self, query: SearchQuery) -> tuple[Statement, Statement | None]:
        """The page statement, and the count statement when a total is asked for.

        Raises ValueError for a parameter the type does not support.
        """
        where, params = self._where(query)
        direction = " DESC" if query.sort_last_updated == "desc" else ""
        order = f"ORDER BY r.last_updated{direction}, r.id{direction}"
        # The page first, then the JSON of its rows only (not of the rows OFFSET skips).
        page = (
            f"SELECT {RESOURCE_COLUMNS} FROM (SELECT r.rkey, r.type, r.id, r.version,"
            f" r.last_updated FROM resource r WHERE {where} {order} LIMIT ? OFFSET ?) r"
            f" {_CURRENT_JSON} {order}"
        )
        page_params = [*params, max(query.count, 0), max(query.offset, 0)]
        count = None
        if query.include_total:
            count = (self._render(f"SELECT count(*) FROM resource r WHERE {where}"), params)
        return (self._render(page), page_params), count

    def history(
        self, rtype: str | None, rid: str | None, since: datetime | None, count: int, offset: int
    ) -> tuple[Statement, Statement]:
        """Page and count of versions, newest first (``since`` inclusive, as FHIR says)."""
        conds: list[str] = []
        params: list[Any] = []
        source = "resource_history h"
        if rtype is not None and rid is not None:
            # One resource: its range of keys, found from its current row.
            source = f"{_VERSIONS_OF} JOIN resource_history h ON h.hkey BETWEEN k.lo AND k.hi"
            params.extend((rtype, rid))
        elif rtype is not None:
            conds.append("h.type = ?")
            params.append(rtype)
        if since is not None:
            conds.append("h.last_updated >= ?")
            params.append(self._dialect.instant(since))
        where = (" WHERE " + " AND ".join(conds)) if conds else ""
        page = (
            f"SELECT {HISTORY_COLUMNS} FROM {source}{where}"
            " ORDER BY h.last_updated DESC, h.hkey DESC"
            " LIMIT ? OFFSET ?"
        )
        return (
            (self._render(page), [*params, max(count, 0), max(offset, 0)]),
            (self._render(f"SELECT count(*) FROM {source}{where}"), params),
        )

    # -- conditions --------------------------------------------------------------------

    def _render(self, sql: str) -> str:
        return self._dialect.render(sql)

    def _where(self, query: SearchQuery) -> tuple[str, list[Any]]:
        conds = ["r.type = ?", "r.deleted = 0"]
        params: list[Any] = [query.type]
        for clause in query.clauses:
            param = SearchParameters.get(query.type, clause.param)
            if param is None:
                raise ValueError(f"{query.type} has no search parameter {clause.param!r}")
            if not clause.values:
                continue
            if param.name == "_id":
                ids = [SearchIndexer.storable(v.code or v.text or "") for v in clause.values]
                conds.append("r.id IN (" + ", ".join("?" * len(ids)) + ")")
                params.extend(ids)
            elif param.name == "_lastUpdated":
                ors = [self._instant_condition("r.last_updated", v, params) for v in clause.values]
                conds.append(_any(ors))
            else:
                values: list[Any] = []
                ors = [self._value_condition(param, v, values) for v in clause.values]
                names = (param.name, *SearchParameters.included(query.type, param.name))
                where_param = "s.param = ?" if len(names) == 1 else _in(len(names), "s.param")
                conds.append(
                    f"r.rkey IN (SELECT s.skey >> {Schema.KEY_BITS} FROM search_index s"
                    f" WHERE s.type = ? AND {where_param} AND {_any(ors)})"
                )
                params.extend((query.type, *names, *values))
        return " AND ".join(conds), params

    def _value_condition(self, param: SearchParameter, v: SearchValue, params: list[Any]) -> str:
        match param.kind:
            case ParamKind.STRING:
                return self._string_condition(v, params)
            case ParamKind.TOKEN:
                return self._token_condition(v, params)
            case ParamKind.REFERENCE:
                return self._reference_condition(param, v, params)
            case ParamKind.DATE:
                return self._range_condition(v, params)

    @staticmethod
    def _string_condition(v: SearchValue, params: list[Any]) -> str:
        prefix = SearchIndexer.fold(v.text or "")
        end = _prefix_end(prefix)
        if not prefix:
            return "s.value_string IS NOT NULL"
        params.append(prefix)
        if end is None:
            return "s.value_string >= ?"
        params.append(end)
        return "(s.value_string >= ? AND s.value_string < ?)"

    @staticmethod
    def _token_condition(v: SearchValue, params: list[Any]) -> str:
        code = v.code if v.code is not None else v.text
        system = v.system
        if code:
            params.append(SearchIndexer.storable(code))
            if system is None:
                return "s.token_code = ?"
            params.append(SearchIndexer.storable(system))
            return "(s.token_code = ? AND s.token_system = ?)"
        if system:
            params.append(SearchIndexer.storable(system))
            return "(s.token_code IS NOT NULL AND s.token_system = ?)"
        return "s.token_code IS NOT NULL"

    @staticmethod
    def _reference_condition(param: SearchParameter, v: SearchValue, params: list[Any]) -> str:
        text = (v.text or "").strip()
        parts = SearchIndexer.parse_reference(text)
        if parts is None:
            if not text or "/" in text:
                return _NO_MATCH
            rtype, rid = param.target, text
        else:
            rtype, rid = parts
        params.append(SearchIndexer.storable(rid))
        if rtype is None:
            return "s.ref_id = ?"
        params.append(rtype)
        return "(s.ref_id = ? AND s.ref_type = ?)"

    def _range_condition(self, v: SearchValue, params: list[Any]) -> str:
        ql, qh = self._bounds(v)
        rl, rh = "s.date_low", "s.date_high"
        inside = f"({rl} >= ? AND {rh} <= ?)"
        match v.prefix:
            case Prefix.EQ:
                params.extend((ql, qh))
                return inside
            case Prefix.NE:
                params.extend((ql, qh))
                return f"({rl} < ? OR {rh} > ?)"
            case Prefix.GT:
                params.append(qh)
                return f"{rh} > ?"
            case Prefix.LT:
                params.append(ql)
                return f"{rl} < ?"
            case Prefix.GE:
                params.extend((qh, ql, qh))
                return f"({rh} > ? OR {inside})"
            case Prefix.LE:
                params.extend((ql, ql, qh))
                return f"({rl} < ? OR {inside})"

    def _instant_condition(self, column: str, v: SearchValue, params: list[Any]) -> str:
        ql, qh = self._bounds(v)
        match v.prefix:
            case Prefix.EQ:
                params.extend((ql, qh))
                return f"({column} >= ? AND {column} < ?)"
            case Prefix.NE:
                params.extend((ql, qh))
                return f"({column} < ? OR {column} >= ?)"
            case Prefix.GT:
                params.append(qh)
                return f"{column} >= ?"
            case Prefix.LT:
                params.append(ql)
                return f"{column} < ?"
            case Prefix.GE:
                params.append(ql)
                return f"{column} >= ?"
            case Prefix.LE:
                params.append(qh)
                return f"{column} < ?"

    def _bounds(self, v: SearchValue) -> tuple[Any, Any]:
        low = v.low if v.low is not None else FhirDateRange.MIN
        high = v.high if v.high is not None else FhirDateRange.MAX
        return self._dialect.instant(low), self._dialect.instant(high)


def _in(count: int, column: str) -> str:
    return f"{column} IN (" + ", ".join("?" * count) + ")"


def _any(conditions: Sequence[str]) -> str:
    return conditions[0] if len(conditions) == 1 else "(" + " OR ".join(conditions) + ")"


def _prefix_end(prefix: str) -> str | None:
    """The smallest string above every string that starts with ``prefix`` (code-point
    order); None when there is none (a prefix of only U+10FFFF)."""
    chars = list(prefix)
    while chars:
        point = ord(chars[-1]) + 1
        if 0xD800 <= point <= 0xDFFF:
            # Surrogates cannot be stored; the next storable code point follows them.
            point = 0xE000
        if point <= 0x10FFFF:
            chars[-1] = chr(point)
            return "".join(chars)
        chars.pop()
    return None
