"""What the storage knows of a resource's current version before a write changes it."""

from datetime import datetime
from typing import NamedTuple


class CurrentVersion(NamedTuple):
    """The ``resource`` row of (type, id): its key, version, tombstone flag, instant."""

    rkey: int
    version: int
    deleted: bool
    last_updated: datetime
