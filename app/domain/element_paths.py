"""A FHIR resource as a flat map from element path to value, and back.

Three-way merge compares resources element by element. Objects are followed key by
key. A repeating element whose items have an identity (a phone number is
``telecom`` with system ``phone`` and use ``mobile``; an identifier is known by its
system; an extension by its url) is followed item by item under that identity, so two
people editing the mobile number and the e-mail address do not collide, and nor do a
reordering and an edit. Any other list (given names, an address's lines, codings
without a system) is one value: its items mean something only together.

Only the elements that carry data are paths; the identity fields of a keyed item are
leaves like the others, and :meth:`ElementPaths.build` puts them back on any item that
keeps at least one other element.
"""

import json
from collections.abc import Iterator, Mapping
from typing import Any

from app.domain.field_conflict import ElementPath

FhirJson = dict[str, Any]

# Identity of the items of repeating elements, by element name (any resource type):
# the fields whose values together name an item.
_ITEM_KEYS: dict[str, tuple[str, ...]] = {
    "telecom": ("system", "use"),
    "identifier": ("system",),
    "name": ("use",),
    "address": ("use",),
    "extension": ("url",),
    "modifierExtension": ("url",),
    "coding": ("system",),
    "participant": ("actor.reference",),
    "contact": ("relationship",),
    "communication": ("language",),
}
# Elements that are not the practitioner's data: the server owns them.
IGNORED_TOP_LEVEL = frozenset({"meta", "text"})


class ElementPaths:
    """Pure functions between FHIR JSON and ``{ElementPath: value}``."""

    @classmethod
    def flatten(cls, resource: Mapping[str, Any]) -> dict[ElementPath, Any]:
        """Every leaf of ``resource`` but ``meta`` and ``text``, by path."""
        out: dict[ElementPath, Any] = {}
        for name, value in resource.items():
            if name not in IGNORED_TOP_LEVEL:
                cls._walk((name,), value, out)
        return out

    @classmethod
    def _walk(cls, path: ElementPath, value: Any, out: dict[ElementPath, Any]) -> None:
        if isinstance(value, dict):
            if not value:
                out[path] = value
            for name, child in value.items():
                cls._walk((*path, name), child, out)
            return
        if isinstance(value, list):
            keys = cls._item_keys(path[-1], value)
            if keys is None:
                out[path] = value
                return
            for key, item in zip(keys, value, strict=True):
                cls._walk((*path, key), item, out)
            return
        out[path] = value

    @staticmethod
    def _item_keys(name: str, items: list[Any]) -> list[str] | None:
        """``[key]`` steps for the items, or None when the list is one value."""
        fields = _ITEM_KEYS.get(name)
        if fields is None or not items or not all(isinstance(i, dict) for i in items):
            return None
        keys = []
        for item in items:
            parts = []
            for field in fields:
                value: Any = item
                for step in field.split("."):
                    value = value.get(step) if isinstance(value, dict) else None
                parts.append(value if isinstance(value, str) else json.dumps(value, sort_keys=True))
            keys.append("[" + "|".join(parts) + "]")
        # Two items with one identity cannot be told apart: the list stays whole.
        return keys if len(set(keys)) == len(keys) else None

    @staticmethod
    def is_item_step(step: str) -> bool:
        return step.startswith("[") and step.endswith("]")

    @classmethod
    def is_identity(cls, path: ElementPath) -> bool:
        """Whether ``path`` is an identity field of a keyed item (``telecom[…].system``).

        Its value is the item's key: it changes only with the item's presence.
        """
        return any(
            cls.is_item_step(path[i]) and ".".join(path[i + 1 :]) in _ITEM_KEYS.get(path[i - 1], ())
            for i in range(1, len(path) - 1)
        )

    @classmethod
    def build(
        cls, leaves: Mapping[ElementPath, Any], order: Mapping[str, Any] | None = None
    ) -> FhirJson:
        """The resource made of ``leaves``; ``order`` (a version of it) orders the items.

        Keyed items keep the order they have in ``order``; items it lacks come after,
        in the order of ``leaves``.
        """
        tree: dict[str, Any] = {}
        for path, value in leaves.items():
            node = tree
            for step in path[:-1]:
                node = node.setdefault(step, {})
            node[path[-1]] = value
        return cls._materialise(tree, order)

    @classmethod
    def _materialise(cls, node: dict[str, Any], order: Any) -> dict[str, Any]:
        out: dict[str, Any] = {}
        names = list(node)
        if isinstance(order, dict):
            # The other version's element order first, so an untouched resource comes
            # back exactly as it was.
            known = [n for n in order if n in node]
            names = known + [n for n in names if n not in order]
        for name in names:
            child = node[name]
            hint = order.get(name) if isinstance(order, dict) else None
            if isinstance(child, dict) and child and all(cls.is_item_step(k) for k in child):
                out[name] = cls._items(name, child, hint)
            elif isinstance(child, dict) and child:
                out[name] = cls._materialise(child, hint)
            else:
                out[name] = child
        return out

    @classmethod
    def _items(cls, name: str, keyed: dict[str, Any], order: Any) -> list[Any]:
        hints: dict[str, Any] = {}
        if isinstance(order, list):
            keys = cls._item_keys(name, order) or []
            hints = dict(zip(keys, order, strict=True))
        ordered = [k for k in hints if k in keyed] + [k for k in keyed if k not in hints]
        items = []
        for key in ordered:
            item = cls._materialise(keyed[key], hints.get(key))
            items.append(cls._with_identity(name, key, item))
        return items

    @staticmethod
    def _with_identity(name: str, key: str, item: dict[str, Any]) -> dict[str, Any]:
        """Put back the identity fields of an item that lost some in a merge."""
        fields = _ITEM_KEYS.get(name, ())
        parts = key[1:-1].split("|")
        if len(parts) != len(fields):
            return item
        for field, raw in zip(fields, parts, strict=True):
            if raw == "null":
                # The item never had this identity field: nothing to put back, and no
                # empty parent object to make (``actor: {}`` is not valid FHIR).
                continue
            steps = field.split(".")
            holder = item
            for step in steps[:-1]:
                holder = holder.setdefault(step, {})
            if steps[-1] not in holder:
                try:
                    holder[steps[-1]] = json.loads(raw) if raw[:1] in '{["' else raw
                except ValueError:
                    holder[steps[-1]] = raw
        return item

    @staticmethod
    def walk_pairs(
        a: Mapping[ElementPath, Any], b: Mapping[ElementPath, Any]
    ) -> Iterator[ElementPath]:
        """Every path of either side, in a's order then b's new ones."""
        yield from a
        yield from (p for p in b if p not in a)
