"""Fields of a conflict that are chosen together, and what each side makes of them.

An appointment's start and end are one choice: my start with their end could end before
it begins. So are the parts of one address, and an observation's value with its unit.
Any other field is a group of its own. A side's text is what the record will hold if
that side is chosen: the merged record (``conflict.mine``) with that side's values for
the group, so that the GP reads the outcome, not a fragment.
"""

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from app.domain.conflict_side import ConflictSide
from app.domain.element_paths import ElementPaths
from app.domain.field_conflict import ElementPath, FieldConflict
from app.domain.sync_conflict import SyncConflict
from ui.conflicts.element_labels import ElementLabels
from ui.conflicts.element_value_text import ElementValueText

_CONTEXT = "FieldGroup"
_WHEN = ("@when",)
_VALUE = ("@value",)
_TIMED_TYPES = frozenset({"Appointment", "Slot", "Encounter"})
_TIMES = frozenset({("start",), ("end",), ("minutesDuration",)})


@dataclass(frozen=True, slots=True)
class FieldGroup:
    """``fields`` share one choice; ``key`` says how they belong together."""

    key: ElementPath
    fields: tuple[FieldConflict, ...]

    @classmethod
    def of(cls, conflict: SyncConflict) -> list["FieldGroup"]:
        """The conflict's fields in groups, in the order of their first field."""
        groups: dict[ElementPath, list[FieldConflict]] = {}
        for field in conflict.fields:
            groups.setdefault(cls._key(conflict.type, field.path), []).append(field)
        return [cls(key, tuple(fields)) for key, fields in groups.items()]

    @property
    def whole_resource(self) -> bool:
        return any(f.whole_resource for f in self.fields)

    @property
    def paths(self) -> tuple[ElementPath, ...]:
        return tuple(f.path for f in self.fields)

    def label(self, resource_type: str) -> str:
        if self.key == _WHEN:
            if resource_type == "Appointment":
                return self._tr(QT_TRANSLATE_NOOP("FieldGroup", "Horaire du rendez-vous"))
            return self._tr(QT_TRANSLATE_NOOP("FieldGroup", "Horaire"))
        if self.key == _VALUE:
            return self._tr(QT_TRANSLATE_NOOP("FieldGroup", "Valeur"))
        return ElementLabels.label(resource_type, self.key)

    def text(self, conflict: SyncConflict, side: ConflictSide | None) -> str:
        """The group as the record holds it with ``side`` chosen (None: before both edits)."""
        if len(self.fields) == 1 and self.key == self.fields[0].path:
            field = self.fields[0]
            context = conflict.theirs if side is ConflictSide.THEIRS else conflict.mine
            return ElementValueText.text(
                conflict.type, field.path, self._pick(field, side), context or conflict.theirs
            )
        leaves = ElementPaths.flatten(conflict.mine or conflict.theirs or {})
        for field in self.fields:
            value = self._pick(field, side)
            if value is None:
                leaves.pop(field.path, None)
            else:
                leaves[field.path] = value
        if self.key == _WHEN:
            return self._period(leaves.get(("start",)), leaves.get(("end",)))
        if self.key == _VALUE:
            values = {p: v for p, v in leaves.items() if p[0].startswith("value")}
            built = ElementPaths.build(values)
            return ElementValueText.any(next(iter(built.values()), None))
        width = len(self.key)
        part = {p[width:]: v for p, v in leaves.items() if p[:width] == self.key}
        return ElementValueText.any(ElementPaths.build(part) if part else None)

    @staticmethod
    def _pick(field: FieldConflict, side: ConflictSide | None) -> Any:
        if side is ConflictSide.MINE:
            return field.mine
        if side is ConflictSide.THEIRS:
            return field.theirs
        return field.base

    @classmethod
    def _period(cls, start: Any, end: Any) -> str:
        begin = ElementValueText.instant(start) if isinstance(start, str) else None
        finish = ElementValueText.instant(end) if isinstance(end, str) else None
        if begin is None:
            return ElementValueText.empty()
        if finish is None:
            return cls._moment(begin)
        if finish.date() == begin.date():
            return cls._tr(QT_TRANSLATE_NOOP("FieldGroup", "{date} de {start} à {end}")).format(
                date=f"{begin:%d/%m/%Y}", start=f"{begin:%H:%M}", end=f"{finish:%H:%M}"
            )
        return cls._tr(QT_TRANSLATE_NOOP("FieldGroup", "du {start} au {end}")).format(
            start=cls._moment(begin), end=cls._moment(finish)
        )

    @staticmethod
    def _moment(moment: datetime) -> str:
        return f"{moment:%d/%m/%Y %H:%M}"

    @staticmethod
    def _key(resource_type: str, path: ElementPath) -> ElementPath:
        if resource_type in _TIMED_TYPES and path in _TIMES:
            return _WHEN
        if resource_type == "Observation" and path and path[0].startswith("value"):
            return _VALUE
        if len(path) > 2 and path[0] == "address" and ElementPaths.is_item_step(path[1]):
            return path[:2]
        return path

    @staticmethod
    def _tr(text: object) -> str:
        return QCoreApplication.translate(_CONTEXT, str(text))
