"""The demo profile's key, kept in a file inside the profile folder.

Only the synthetic demo profile may do this (its data is made up, and the window
says so with a banner); every real profile keeps its key in the OS keyring.
"""

import os
import secrets
from pathlib import Path

from app.store.lock_reason import LockReason
from app.store.store_key import KEY_BYTES
from app.store.store_locked_error import StoreLockedError


class DemoKeyFile:
    """Same interface as :class:`StoreKey`, backed by ``demo.key``."""

    def __init__(self, key_path: Path, db_path: Path) -> None:
        self._path = key_path
        self._db_path = db_path

    def load(self) -> bytes | None:
        try:
            text = self._path.read_text(encoding="ascii").strip()
        except FileNotFoundError:
            return None
        try:
            key = bytes.fromhex(text)
        except ValueError:
            raise StoreLockedError(LockReason.WRONG_KEY, self._db_path, "malformed key") from None
        if len(key) != KEY_BYTES:
            raise StoreLockedError(LockReason.WRONG_KEY, self._db_path, "key of wrong length")
        return key

    def create(self) -> bytes:
        key = secrets.token_bytes(KEY_BYTES)
        # The key comes before the database, so the profile folder may not exist yet.
        self._path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        fd = os.open(self._path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="ascii") as f:
            f.write(key.hex())
        return key
