"""Turns a resource into the search-index rows of its type's parameters.

Each non-common parameter of :class:`SearchParameters` is followed along its dotted
paths (through arrays at any step) and every value found becomes one row:

- string: the value folded (case and accents removed) so that FHIR's default string
  match, "equals or starts with, ignoring case and accents", is a prefix range scan;
- token: ``system`` and ``code`` of a Coding, of each coding of a CodeableConcept, of an
  Identifier (``value``), or a bare code/string/boolean with no system;
- reference: the ``Type`` and ``id`` of ``Reference.reference`` (a version suffix and a
  base URL dropped), only references to ``target`` when the parameter names one;
  contained (``#x``) and ``urn:`` references are not searchable;
- date: the UTC range [low, high) of a date, dateTime, instant or Period
  (:class:`FhirDateRange`).

``_id`` and ``_lastUpdated`` need no rows: the storage reads them from its own columns.

A value of a parameter that another one includes (:meth:`SearchParameters.included`:
Patient ``name`` includes ``family`` and ``given``) is stored once, under the included
parameter: the search on the wider one looks there too.
"""

import re
import unicodedata
from collections.abc import Callable
from typing import Any, NamedTuple

from backend.search.fhir_date_range import FhirDateRange
from backend.search.index_row import IndexRow
from backend.search.search_parameters import (
    COMMON,
    ParamKind,
    SearchParameter,
    SearchParameters,
)

# Type/id at the end of a relative or absolute reference, with an optional version.
_REFERENCE = re.compile(
    r"(?:^|/)(?P<type>[A-Z][A-Za-z]{1,63})/(?P<id>[A-Za-z0-9\-.]{1,64})"
    r"(?:/_history/[A-Za-z0-9\-.]{1,64})?$"
)
_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")
_COMMON = frozenset(p.name for p in COMMON)

# An index row without its parameter's name: the fields after ``param`` of IndexRow.
_Value = tuple[Any, ...]
# The rows' values of one element found at a parameter's path: (element, target) → values.
_Values = Callable[[Any, str | None], list[_Value]]


class _ParamPlan(NamedTuple):
    """How to index one parameter of a type.

    ``paths`` are the ones to walk: a path of an included parameter with the same target
    is not, its values being that parameter's. ``included`` are the parameters whose
    values may still repeat some of these (the same element, a narrower target): a row
    they have too is left out. ``values`` turns one element into its rows' values, after
    the parameter's kind.
    """

    name: str
    target: str | None
    paths: tuple[tuple[str, ...], ...]
    included: tuple[str, ...]
    values: _Values


class SearchIndexer:
    """Index rows of a resource; one instance serves every type (its paths pre-split)."""

    def __init__(self) -> None:
        # A parameter after those it includes: their values are known when its own are
        # found (inclusion is transitive, so a wider parameter includes more).
        self._plans: dict[str, tuple[_ParamPlan, ...]] = {
            rtype: tuple(
                sorted(
                    (
                        _plan(rtype, p)
                        for p in SearchParameters.for_type(rtype)
                        if p.name not in _COMMON
                    ),
                    key=lambda plan: len(plan.included),
                )
            )
            for rtype in SearchParameters.TYPES
        }

    def rows(self, rtype: str, resource: dict[str, Any]) -> list[IndexRow]:
        """Every index row of ``resource``, without duplicates; none for unknown types."""
        rows: list[IndexRow] = []
        # The values of each parameter (its rows without the name), to leave out repeats.
        values_of: dict[str, set[_Value]] = {}
        for plan in self._plans.get(rtype, ()):
            elements: list[Any] = []
            for path in plan.paths:
                _collect(resource, path, elements)
            seen: set[_Value] = set()
            values_of[plan.name] = seen
            if not elements:
                continue
            repeats = [values_of[other] for other in plan.included]
            for element in elements:
                for value in plan.values(element, plan.target):
                    if value in seen or (repeats and any(value in other for other in repeats)):
                        continue
                    seen.add(value)
                    rows.append(IndexRow(plan.name, *value))
        return rows

    @staticmethod
    def fold(text: str) -> str:
        """Case- and accent-insensitive form: ``"  Hélène  DUPONT"`` → ``"helene dupont"``.

        Compatibility decomposition first, so that ligatures and styled letters compare
        like their plain forms (``ﬁ`` → ``fi``), then case folding (``ß`` → ``ss``), then
        decomposition again because folding can produce composed letters; spaces are
        collapsed, since where a name puts two spaces is not what a search means.
        """
        if text.isascii():
            # Most values: nothing to decompose, and ASCII case folding is lower().
            return SearchIndexer.storable(" ".join(text.lower().split()))
        text = _strip_marks(unicodedata.normalize("NFKD", text)).casefold()
        text = _strip_marks(unicodedata.normalize("NFKD", text))
        return SearchIndexer.storable(" ".join(text.split()))

    @staticmethod
    def parse_reference(text: str) -> tuple[str, str] | None:
        """(``Type``, ``id``) of ``Type/id``, ``Type/id/_history/n`` or ``http://base/Type/id``."""
        m = _REFERENCE.search(text)
        return None if m is None else (m["type"], m["id"])

    @staticmethod
    def storable(text: str) -> str:
        """``text`` as both engines can store it: PostgreSQL refuses NUL characters, and
        neither engine can encode a lone surrogate (which JSON's ``\\udXXX`` allows)."""
        if text.isascii() and "\x00" not in text:
            return text
        return _UNSTORABLE.sub("\ufffd", text)


def _strip_marks(text: str) -> str:
    return "".join(c for c in text if not unicodedata.combining(c))


def _plan(rtype: str, param: SearchParameter) -> _ParamPlan:
    included = [
        SearchParameters.get(rtype, name) for name in SearchParameters.included(rtype, param.name)
    ]
    covered = {
        path for q in included if q is not None and q.target == param.target for path in q.paths
    }
    return _ParamPlan(
        param.name,
        param.target,
        tuple(tuple(path.split(".")) for path in param.paths if path not in covered),
        tuple(q.name for q in included if q is not None),
        _VALUES[param.kind],
    )


def _collect(node: Any, path: tuple[str, ...], out: list[Any]) -> None:
    """Append the values at ``path`` below ``node`` to ``out``, arrays flattened at every
    step, None left out. Objects are walked in a loop, arrays by recursion."""
    if isinstance(node, list):
        for item in node:
            _collect(item, path, out)
        return
    for step, key in enumerate(path):
        if not isinstance(node, dict):
            return
        node = node.get(key)
        if isinstance(node, list):
            rest = path[step + 1 :]
            for item in node:
                _collect(item, rest, out)
            return
    if node is not None:
        out.append(node)


def _string_values(element: Any, _target: str | None) -> list[_Value]:
    if isinstance(element, str):
        return [(SearchIndexer.fold(element), None, None, None, None, None, None)]
    return []


def _token_values(element: Any, _target: str | None) -> list[_Value]:
    if isinstance(element, bool):
        return [_token(None, "true" if element else "false")]
    if isinstance(element, str):
        return [_token(None, element)]
    if not isinstance(element, dict):
        return []
    if "coding" in element:
        codings = element["coding"]
        return [
            _token(coding.get("system"), coding["code"])
            for coding in (codings if isinstance(codings, list) else ())
            if isinstance(coding, dict) and isinstance(coding.get("code"), str)
        ]
    if "code" in element:
        code = element["code"]
        return [_token(element.get("system"), code)] if isinstance(code, str) else []
    value = element.get("value")
    if isinstance(value, str):
        # An Identifier: its value is the code of the token.
        return [_token(element.get("system"), value)]
    return []


def _reference_values(element: Any, target: str | None) -> list[_Value]:
    ref = element.get("reference") if isinstance(element, dict) else None
    parts = SearchIndexer.parse_reference(ref) if isinstance(ref, str) else None
    if parts is not None and (target is None or parts[0] == target):
        return [(None, None, None, parts[0], parts[1], None, None)]
    return []


def _date_values(element: Any, _target: str | None) -> list[_Value]:
    if isinstance(element, str):
        found = FhirDateRange.parse(element)
    elif isinstance(element, dict):
        found = FhirDateRange.of_period(element)
    else:
        return []
    if found is None:
        return []
    return [(None, None, None, None, None, found.low, found.high)]


def _token(system: Any, code: str) -> _Value:
    sys_text = SearchIndexer.storable(system) if isinstance(system, str) else ""
    return (None, sys_text, SearchIndexer.storable(code), None, None, None, None)


_VALUES: dict[ParamKind, _Values] = {
    ParamKind.STRING: _string_values,
    ParamKind.TOKEN: _token_values,
    ParamKind.REFERENCE: _reference_values,
    ParamKind.DATE: _date_values,
}
