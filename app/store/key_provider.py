"""What the store needs from wherever its key lives (keyring, or the demo file)."""

from typing import Protocol


class KeyProvider(Protocol):
    """Loads an existing key or creates a new one; raises StoreLockedError on failure."""

    def load(self) -> bytes | None: ...

    def create(self) -> bytes: ...
