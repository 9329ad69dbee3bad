"""Errors the storage raises; the HTTP layer maps them to FHIR statuses."""


class StorageError(Exception):
    """Base class; never carries resource content."""


class VersionConflictError(StorageError):
    """If-Match did not match the current version (HTTP 412), or a create hit an id in use."""

    def __init__(self, rtype: str, rid: str, current: int | None) -> None:
        super().__init__(f"{rtype}/{rid}: current version {current}")
        self.type = rtype
        self.id = rid
        self.current = current


class StorageUnavailableError(StorageError):
    """The database cannot be reached (HTTP 503); nothing was written."""
