"""What the storage knows of a resource's current version before a write changes it."""

from datetime import datetime
from typing import NamedTuple


class CurrentVersion(NamedTuple):
    """The ``resource`` row of (type, id): version, tombstone flag, instant."""

    version: int
    deleted: bool
    last_updated: datetime
