"""A fresh encrypted store per test, its key in the test keyring (``keyring_path``).

Import ``store`` (and ``keyring_path`` where no conftest provides it) into a test module
and list them in its ``__all__``, as tests/helpers/keyring_fixtures.py is used.
"""

from collections.abc import AsyncIterator
from pathlib import Path

import pytest_asyncio

from app.store.encrypted_store import EncryptedStore
from app.store.store_key import StoreKey


@pytest_asyncio.fixture
async def store(tmp_path: Path, keyring_path: Path) -> AsyncIterator[EncryptedStore]:
    """A new SQLCipher store under ``tmp_path``, closed after the test."""
    path = tmp_path / "profile" / "store.db"
    opened = await EncryptedStore.open(path, StoreKey("test", path))
    try:
        yield opened
    finally:
        await opened.close()
