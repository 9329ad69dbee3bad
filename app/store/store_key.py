"""The store's 32-byte raw key, kept in the OS keyring under a per-profile name.

No key is ever written in plaintext. When the keyring cannot be reached the store
stays locked: Cabinet never falls back to a file for a real profile.
"""

import secrets
from pathlib import Path

import keyring
import keyring.errors

from app.store.lock_reason import LockReason
from app.store.store_locked_error import StoreLockedError

KEY_BYTES = 32
SERVICE = "Cabinet"


class StoreKey:
    """Loads or creates the key of one profile in the keyring."""

    def __init__(self, profile: str, db_path: Path) -> None:
        self._username = f"store-key/{profile}"
        self._db_path = db_path

    def load(self) -> bytes | None:
        """The key, or None when the keyring holds none for this profile."""
        try:
            value = keyring.get_password(SERVICE, self._username)
        except keyring.errors.KeyringError as exc:
            raise StoreLockedError(
                LockReason.KEYRING_UNAVAILABLE, self._db_path, type(exc).__name__
            ) from None
        if value is None:
            return None
        try:
            key = bytes.fromhex(value)
        except ValueError:
            raise StoreLockedError(LockReason.WRONG_KEY, self._db_path, "malformed key") from None
        if len(key) != KEY_BYTES:
            raise StoreLockedError(LockReason.WRONG_KEY, self._db_path, "key of wrong length")
        return key

    def create(self) -> bytes:
        """Make a fresh random key, store it, and read it back before anyone relies on it."""
        key = secrets.token_bytes(KEY_BYTES)
        try:
            keyring.set_password(SERVICE, self._username, key.hex())
        except keyring.errors.KeyringError as exc:
            raise StoreLockedError(
                LockReason.KEYRING_UNAVAILABLE, self._db_path, type(exc).__name__
            ) from None
        if self.load() != key:
            # A keyring that accepts a secret and loses it would leave an unreadable store.
            raise StoreLockedError(
                LockReason.KEYRING_UNAVAILABLE, self._db_path, "keyring did not keep the key"
            )
        return key
