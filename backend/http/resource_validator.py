"""Checks each resource against FHIR R4 before it is stored.

The structure is checked by fhirclient's generated R4 models in strict mode: unknown
elements, wrong JSON types, malformed dates and missing mandatory elements. Its errors
come as a tree of property paths, turned here into FHIRPath expressions
(``Patient.contact[0].name.family``) on OperationOutcome issues.

fhirclient looks only at the first item of an array of primitives, so this module
checks the rest (``"given": ["Jean", 3]`` would otherwise pass), and adds what FHIR
requires and the models leave out: the id's syntax and base64 in ``Binary.data``.

Most resources are valid, and for them :class:`StructureCheck` proves it without
building the models (it mirrors their rules and answers only when sure); anything it
cannot settle goes through the models and the array check as before, so the issues
reported never depend on it.
"""

import base64
import binascii
import importlib
import re
from collections.abc import Iterator
from typing import Any

from backend.http.fhir_error import FhirError, Issue
from backend.http.structure_check import StructureCheck

ID_PATTERN = re.compile(r"[A-Za-z0-9\-.]{1,64}")
MAX_ISSUES = 20
_QUOTED = re.compile(r'"([^"]+)"')
_EXPECTING = re.compile(r"expecting <class '([\w.]+)'>")
_PRIMITIVES = (str, bool, int, float)
_TYPE_NAMES = {
    "str": "a string",
    "int": "a number",
    "float": "a number",
    "bool": "a boolean",
    "list": "an array",
}


class ResourceValidator:
    """Validates resources of the types the backend serves; models load on first use."""

    def __init__(self) -> None:
        self._models: dict[str, Any] = {}
        self._fast = StructureCheck()

    def validate(self, resource: dict[str, Any], rtype: str) -> None:
        """Raise FhirError 422 naming each offending path (at most MAX_ISSUES)."""
        issues: list[Issue] = []
        if not self._fast.passes(resource, self._model(rtype)):
            issues = _without_echoes(list(self._structure_issues(resource, rtype)))
            issues += self._array_issues(resource, rtype)
        rid = resource.get("id")
        if rid is not None and not (isinstance(rid, str) and ID_PATTERN.fullmatch(rid)):
            issues.append(
                Issue("The id must be 1 to 64 letters, digits, '-' or '.'", "value", f"{rtype}.id")
            )
        if rtype == "Binary" and isinstance(resource.get("data"), str):
            try:
                base64.b64decode(resource["data"], validate=True)
            except (binascii.Error, ValueError):
                issues.append(Issue("Binary.data is not valid base64", "value", "Binary.data"))
        if issues:
            raise FhirError(
                422,
                f"{rtype} is not valid FHIR R4: {issues[0].diagnostics}",
                issues=issues[:MAX_ISSUES],
            )

    def _model(self, rtype: str) -> Any:
        model = self._models.get(rtype)
        if model is None:
            module = importlib.import_module(f"fhirclient.models.{rtype.lower()}")
            model = getattr(module, rtype)
            self._models[rtype] = model
        return model

    def _structure_issues(self, resource: dict[str, Any], rtype: str) -> Iterator[Issue]:
        from fhirclient.models.fhirabstractbase import FHIRValidationError

        try:
            self._model(rtype)(resource, strict=True)
        except FHIRValidationError as exc:
            yield from _flatten(exc, [rtype])
        except (TypeError, ValueError, KeyError, AttributeError):
            # The models raise bare errors on a few malformed shapes at the root.
            yield Issue(f"{rtype} has a malformed structure", "structure", rtype)

    @staticmethod
    def _array_issues(resource: dict[str, Any], rtype: str) -> list[Issue]:
        """Arrays of primitives: every item of the first item's JSON type, no nulls.

        A null is allowed where FHIR allows one: when a ``_name`` sibling array carries
        that item's id or extensions instead. Paths are worked out only for a fault,
        by a second walk: the first one, run on every resource, builds no strings.
        """
        stack: list[Any] = [resource]
        while stack:
            node = stack.pop()
            if isinstance(node, list):
                stack.extend(item for item in node if isinstance(item, dict | list))
                continue
            for key, value in node.items():
                if isinstance(value, dict):
                    stack.append(value)
                elif isinstance(value, list) and value:
                    if _mixed(node, key, value):
                        return _array_faults(resource, rtype)
                    stack.append(value)
        return []


def _mixed(node: dict[str, Any], key: str, items: list[Any]) -> bool:
    """Whether a primitive array holds items of another JSON type (or a stray null)."""
    first = next((item for item in items if item is not None), None)
    if isinstance(first, dict) or first is None:
        return False
    kind = _kind(first)
    return any(_kind(item) != kind for item in items if item is not None or f"_{key}" not in node)


def _array_faults(resource: dict[str, Any], rtype: str) -> list[Issue]:
    issues: list[Issue] = []
    stack: list[tuple[Any, str]] = [(resource, rtype)]
    while stack and len(issues) < MAX_ISSUES:
        node, path = stack.pop()
        if isinstance(node, list):
            stack.extend((item, f"{path}[{i}]") for i, item in enumerate(node))
            continue
        if not isinstance(node, dict):
            continue
        for key, value in node.items():
            if isinstance(value, dict | list):
                stack.append((value, f"{path}.{key}"))
            if isinstance(value, list) and value and _mixed(node, key, value):
                kind = _kind(next(item for item in value if item is not None))
                index = next(
                    i
                    for i, item in enumerate(value)
                    if _kind(item) != kind and (item is not None or f"_{key}" not in node)
                )
                issues.append(
                    Issue(
                        f"Every item of {key} must be {_TYPE_NAMES[kind]}",
                        "structure",
                        f"{path}.{key}[{index}]",
                    )
                )
    return issues


def _without_echoes(issues: list[Issue]) -> list[Issue]:
    """Drop "missing" for an element that is there but wrong (fhirclient says both)."""
    wrong = [issue.expression or "" for issue in issues if issue.code != "required"]

    def echoed(missing: str) -> bool:
        return any(w == missing or w.startswith((f"{missing}.", f"{missing}[")) for w in wrong)

    return [i for i in issues if i.code != "required" or not echoed(i.expression or "")]


def _kind(value: Any) -> str:
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int | float):
        return "float"
    if isinstance(value, str):
        return "str"
    return "list" if isinstance(value, list) else "object"


def _flatten(exc: Any, path: list[str]) -> Iterator[Issue]:
    """The leaves of fhirclient's error tree, each with its FHIRPath expression."""
    from fhirclient.models.fhirabstractbase import FHIRValidationError

    here = [*path, *_segments(exc.path)]
    for error in exc.errors:
        if isinstance(error, FHIRValidationError):
            yield from _flatten(error, here)
        else:
            yield _issue(error, here)


def _segments(path: str | None) -> list[str]:
    if not path:
        return []
    segments: list[str] = []
    for part in path.split("."):
        if part.isdigit() and segments:
            segments[-1] += f"[{part}]"
        else:
            # fhirclient renames elements that are Python keywords (class_fhir).
            segments.append(part.removesuffix("_fhir"))
    return segments


def _issue(error: Exception, path: list[str]) -> Issue:
    text = str(error)
    quoted = _QUOTED.search(text)
    where = ".".join(path)
    if isinstance(error, AttributeError) and quoted and text.startswith("Superfluous"):
        return Issue(f"Unknown element '{quoted.group(1)}'", "structure", f"{where}.{quoted[1]}")
    if isinstance(error, KeyError) and quoted:
        name = quoted.group(1)
        return Issue(f"Missing required element '{name}'", "required", f"{where}.{name}")
    if isinstance(error, ValueError) and "format" in text:
        return Issue("Malformed date, time or instant", "value", where)
    if isinstance(error, TypeError):
        expected = _EXPECTING.search(text)
        if text.startswith("Wrong type") and "list property" in text:
            return Issue("Must be an array", "structure", where)
        if text.startswith("Expecting string") or "only takes string" in text:
            return Issue("Wrong type: must be a string", "structure", where)
        if expected is not None:
            name = expected.group(1).rsplit(".", 1)[-1]
            wanted = _TYPE_NAMES.get(name, "an object" if "." in expected.group(1) else name)
            if "fhirdate" in expected.group(1) or name.startswith("FHIR"):
                wanted = "a date or time string"
            return Issue(f"Wrong type: must be {wanted}", "structure", where)
        return Issue("Wrong type: must be an object (or an array of them)", "structure", where)
    return Issue("Invalid value", "value", where)
