"""An EncryptedStore that runs its database calls on the caller's thread.

:class:`EncryptedStore` hands every call to its one worker thread. A Hypothesis state
machine drives the store synchronously between awaits of the real sync code: running
the same :class:`StoreDatabase` calls inline keeps one thread (SQLCipher connections
stay on theirs), makes every interleaving deterministic, and changes nothing else: an
awaited call still runs whole, in the order asked.
"""

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

from app.store.encrypted_store import EncryptedStore
from app.store.store_database import StoreDatabase


class InlineStore(EncryptedStore):
    """``EncryptedStore`` over an open ``StoreDatabase``, on the calling thread."""

    def __init__(self, db: StoreDatabase) -> None:
        # Never given work, so it never starts a thread.
        super().__init__(db, ThreadPoolExecutor(max_workers=1))

    async def _run[T](self, fn: Callable[[], T]) -> T:
        return fn()
