"""One change inside an atomic write: create, update (or update-as-create), delete."""

from dataclasses import dataclass
from enum import StrEnum
from typing import Any


class WriteKind(StrEnum):
    """What a write does to ``type/id``."""

    CREATE = "create"  # a new id chosen by the caller (server-assigned on POST); must not exist
    UPDATE = "update"  # PUT: creates version 1 when absent (update-as-create)
    DELETE = "delete"  # a tombstone version; deleting an absent or deleted resource is a no-op


@dataclass(frozen=True, slots=True)
class WriteOp:
    """``if_match`` is the version the caller based the change on (If-Match), or None."""

    kind: WriteKind
    type: str
    id: str
    json: dict[str, Any] | None = None
    if_match: int | None = None
