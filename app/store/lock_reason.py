"""Why the store refuses to open. The UI turns each reason into a sentence."""

from enum import StrEnum


class LockReason(StrEnum):
    """Each reason the store stays locked, with the file left untouched."""

    KEYRING_UNAVAILABLE = "keyring_unavailable"
    KEY_MISSING = "key_missing"
    WRONG_KEY = "wrong_key"
    CORRUPT = "corrupt"
    NEWER_SCHEMA = "newer_schema"
    UNREADABLE = "unreadable"
