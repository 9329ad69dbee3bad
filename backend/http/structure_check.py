"""A fast proof that a resource passes the R4 structure checks, for the common case.

:class:`ResourceValidator` checks structure with fhirclient's models in strict mode,
which build an object for every element and a new list of its properties each time:
about a fifth of the server's time per create. This walks the JSON against the same
element properties instead, read from the models once per class, and answers True only
when the models would accept the resource AND every primitive array holds items of one
JSON type, so that the validator would find no issue at all.

It answers False for anything it does not settle: a fault of any kind, an unknown key, a
contained resource, a primitive's ``_name`` sibling, a null inside an array, a choice
element's bare name. The validator then runs the models and its own checks exactly as
before, which find the issues (or none). So this can only skip work on a resource the
full check accepts; it never accepts one the full check refuses, nor changes an issue.

The rules mirrored are those of ``FHIRAbstractBase.update_with_json``: a null is as good
as absent; an element is a JSON object checked against its own class; an array property
must be an array and any other must not be one; a primitive must be an instance of its
Python type (int and float accepted for each other, as ``_matches_type`` does); a date,
time or instant must be a string its fhirclient class accepts (the class itself is
called); every required element (or one choice of a required ``[x]``) must be present.
"""

from collections.abc import Iterable
from typing import Any, NamedTuple

from fhirclient.models.fhirabstractbase import FHIRAbstractBase
from fhirclient.models.fhirabstractresource import FHIRAbstractResource
from fhirclient.models.fhirdate import FHIRDate

_ELEMENT = 0
_DATE = 1
_PRIMITIVE = 2
_RESOURCE = 3  # a contained resource: left to the models (they pick its class)
_NUMBERS = (int, float)


class _Property(NamedTuple):
    kind: int
    typ: Any
    is_list: bool


class _Shape(NamedTuple):
    """One model class: its properties by JSON name, and for each required element
    (or ``[x]`` choice) the JSON names of which one must be present."""

    properties: dict[str, _Property]
    required: tuple[tuple[str, ...], ...]


class StructureCheck:
    """Per-class shapes, compiled from the models on first use."""

    def __init__(self) -> None:
        self._shapes: dict[type, _Shape | None] = {}

    def passes(self, resource: dict[str, Any], model: type) -> bool:
        """True: ``model(resource, strict=True)`` raises nothing and no primitive array
        mixes JSON types. False: not known (the full check must run)."""
        expected = getattr(model, "resource_type", None)
        if resource.get("resourceType", expected) != expected:
            return False
        return self._element(resource, model)

    def _element(self, node: dict[str, Any], cls: type) -> bool:
        shape = self._shapes[cls] if cls in self._shapes else self._compile(cls)
        if shape is None:
            return False
        properties = shape.properties
        for key, value in node.items():
            prop = properties.get(key)
            if prop is None:
                # resourceType is allowed on any element; anything else is not settled.
                if key == "resourceType" and isinstance(value, str):
                    continue
                return False
            if value is None:
                continue
            kind, typ, is_list = prop
            if is_list:
                if not isinstance(value, list):
                    return False
                if not self._items(value, kind, typ):
                    return False
            elif isinstance(value, list) or not self._item(value, kind, typ):
                return False
        return all(any(node.get(name) is not None for name in names) for names in shape.required)

    def _items(self, values: list[Any], kind: int, typ: Any) -> bool:
        if not values:
            return True
        if kind == _PRIMITIVE:
            # One JSON type for every item (the validator's own array rule), each an
            # instance of the property's type (the models only look at the first).
            first = _json_kind(values[0])
            return all(_json_kind(v) == first and _matches(v, typ) for v in values)
        return all(v is not None and self._item(v, kind, typ) for v in values)

    def _item(self, value: Any, kind: int, typ: Any) -> bool:
        if kind == _ELEMENT:
            return isinstance(value, dict) and self._element(value, typ)
        if kind == _PRIMITIVE:
            return _matches(value, typ)
        if kind == _DATE:
            if not isinstance(value, str):
                return False
            try:
                typ(value)
            except Exception:  # noqa: BLE001 (the models turn any of them into an issue)
                return False
            return True
        return False

    def _compile(self, cls: type) -> _Shape | None:
        try:
            shape = _shape(cls().elementProperties())
        except Exception:  # noqa: BLE001 (a model this check cannot read is left to the models)
            shape = None
        # Recorded either way: a class that cannot be compiled is not tried again.
        self._shapes[cls] = shape
        return shape


def _shape(properties: Iterable[tuple[str, str, Any, bool, str | None, bool]]) -> _Shape | None:
    by_name: dict[str, _Property] = {}
    groups: dict[str, list[str]] = {}
    required: list[str] = []
    for _name, jsname, typ, is_list, of_many, not_optional in properties:
        if jsname in by_name or jsname.startswith("_"):
            return None  # not a shape this check knows how to mirror
        by_name[jsname] = _Property(_kind(typ), typ, bool(is_list))
        group = of_many or jsname
        groups.setdefault(group, []).append(jsname)
        if not_optional and group not in required:
            required.append(group)
    # The models count a required name as found when any present property has it as
    # its JSON name or as its choice name.
    return _Shape(
        by_name,
        tuple(tuple(dict.fromkeys([*groups[g], *([g] if g in by_name else [])])) for g in required),
    )


def _kind(typ: Any) -> int:
    if isinstance(typ, type):
        if issubclass(typ, FHIRAbstractResource):
            return _RESOURCE
        if issubclass(typ, FHIRAbstractBase):
            return _ELEMENT
        if issubclass(typ, FHIRDate):
            return _DATE
    return _PRIMITIVE


def _matches(value: Any, typ: Any) -> bool:
    """fhirclient's ``_matches_type``, but refusing None (an array's null is not settled)."""
    if value is None:
        return False
    if isinstance(value, typ):
        return True
    return typ in _NUMBERS and isinstance(value, _NUMBERS)


def _json_kind(value: Any) -> str:
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int | float):
        return "number"
    if isinstance(value, str):
        return "string"
    return "other"
