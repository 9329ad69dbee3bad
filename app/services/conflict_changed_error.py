"""Raised when a conflict changed between reading it and resolving it."""


class ConflictChangedError(Exception):
    """Resolved elsewhere, or a newer version from the other side: read it again."""
