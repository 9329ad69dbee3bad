"""Pytest fixtures that register a test keyring backend the way ``keyring`` documents.

A test may switch backends again (``keyring.set_keyring(...)``) while it runs: the
backend that was in place before the test is put back when it ends, whatever it set.
"""

from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest

from tests.fakes.file_keyring import FileKeyring


@pytest.fixture
def keyring_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """The JSON file of a FileKeyring registered in-process for this test."""
    path = tmp_path / "keyring.json"
    # The same file for any FileKeyring built without a path during the test.
    monkeypatch.setenv("CABINET_TEST_KEYRING", str(path))
    previous = keyring.get_keyring()
    keyring.set_keyring(FileKeyring(path))
    try:
        yield path
    finally:
        keyring.set_keyring(previous)
