"""What one operation changed, so that views redraw only what they show (Anki's OpChanges)."""

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class ChangeSet:
    """The references (``Type/id``) an operation created, updated or deleted."""

    refs: frozenset[str] = frozenset()

    @classmethod
    def of(cls, *refs: str) -> "ChangeSet":
        return cls(frozenset(refs))

    def touches(self, resource_type: str) -> bool:
        """Whether any resource of this type changed."""
        prefix = resource_type + "/"
        return any(r.startswith(prefix) for r in self.refs)

    def __or__(self, other: "ChangeSet") -> "ChangeSet":
        return ChangeSet(self.refs | other.refs)

    def __bool__(self) -> bool:
        return bool(self.refs)
