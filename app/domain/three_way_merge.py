"""Three-way merge of two versions of a resource made from one base, element by element.

For every element path (see :class:`ElementPaths`): if both sides agree, that value;
if only one side changed it, that side's value; if both changed it differently, a
:class:`FieldConflict` — the merged resource then holds our value there, provisionally,
until the practitioner chooses. ``meta`` and ``text`` belong to the server: the merge
keeps theirs.

Without a base (a resource both sides created, which UUIDs make impossible unless one
side's create was replayed), every difference is a conflict, an element on one side
only too; the identity fields of a keyed item (``telecom[phone|mobile].system``) are
not elements to choose: they follow their item.
"""

from dataclasses import dataclass
from typing import Any

from app.domain.element_paths import IGNORED_TOP_LEVEL, ElementPaths
from app.domain.field_conflict import ElementPath, FieldConflict

FhirJson = dict[str, Any]
_ABSENT: Any = None


@dataclass(frozen=True, slots=True)
class MergeOutcome:
    """The merged resource and the elements that need a human."""

    merged: FhirJson
    conflicts: tuple[FieldConflict, ...]

    @property
    def clean(self) -> bool:
        return not self.conflicts


class ThreeWayMerge:
    """``merge(base, mine, theirs)``; pure, no I/O."""

    @classmethod
    def merge(cls, base: FhirJson | None, mine: FhirJson, theirs: FhirJson) -> MergeOutcome:
        b = ElementPaths.flatten(base or {})
        m = ElementPaths.flatten(mine)
        t = ElementPaths.flatten(theirs)
        b, m, t = cls._align(base or {}, mine, theirs, b, m, t)
        leaves: dict[ElementPath, Any] = {}
        conflicts: list[FieldConflict] = []
        for path in cls._paths(t, m, b):
            bv, mv, tv = b.get(path, _ABSENT), m.get(path, _ABSENT), t.get(path, _ABSENT)
            if base is None and mv != tv:
                if ElementPaths.is_identity(path):
                    # Follows its item: build() puts it back on an item that keeps
                    # anything, whichever side the practitioner chooses for it.
                    continue
                # Without a base an element on one side only may have been added there
                # or removed on the other: only the practitioner can tell.
                conflicts.append(FieldConflict(path, _ABSENT, mv, tv))
                value = mv
            elif mv in (tv, bv):
                value = tv
            elif tv == bv:
                value = mv
            else:
                conflicts.append(FieldConflict(path, bv, mv, tv))
                value = mv
            if value is not _ABSENT:
                leaves[path] = value
        merged = ElementPaths.build(leaves, order=theirs)
        merged = {"resourceType": theirs.get("resourceType", mine.get("resourceType"))} | {
            k: v for k, v in merged.items() if k != "resourceType"
        }
        for name in IGNORED_TOP_LEVEL:
            if name in theirs:
                merged[name] = theirs[name]
        return MergeOutcome(merged, tuple(conflicts))

    @staticmethod
    def _paths(*sides: dict[ElementPath, Any]) -> list[ElementPath]:
        seen: dict[ElementPath, None] = {}
        for side in sides:
            for path in side:
                seen.setdefault(path, None)
        return list(seen)

    @staticmethod
    def _align(
        base: FhirJson,
        mine: FhirJson,
        theirs: FhirJson,
        *flat: dict[ElementPath, Any],
    ) -> tuple[dict[ElementPath, Any], dict[ElementPath, Any], dict[ElementPath, Any]]:
        """Make the three maps comparable where their shapes differ.

        A list can be keyed in one version and whole in another (two items that share
        an identity); its paths then nest inside each other. Such a top-level element is
        compared whole on all three sides.
        """
        every = set().union(*flat)
        clashing = {p[0] for p in every if any(p[: i + 1] in every for i in range(len(p) - 1))}
        if not clashing:
            return flat[0], flat[1], flat[2]
        out = []
        for side, resource in zip(flat, (base, mine, theirs), strict=True):
            kept = {p: v for p, v in side.items() if p[0] not in clashing}
            for name in clashing:
                if name in resource:
                    kept[(name,)] = resource[name]
            out.append(kept)
        return out[0], out[1], out[2]
