"""A keyring backend for tests, registered the way the keyring library documents.

Select it with ``keyring.set_keyring(FileKeyring())`` in-process, or with the
environment variable ``PYTHON_KEYRING_BACKEND=tests.fakes.file_keyring.FileKeyring``
in child processes. Secrets go to the JSON file named by ``CABINET_TEST_KEYRING``
(a temporary folder of the test): this stands in for the OS secret service, which a
headless CI machine does not run.
"""

import json
import os
from pathlib import Path

from keyring.backend import KeyringBackend
from keyring.errors import PasswordDeleteError


class FileKeyring(KeyringBackend):
    """Secrets in a JSON file, for tests only."""

    priority = 1  # type: ignore[assignment]

    def __init__(self, path: Path | None = None) -> None:
        super().__init__()
        self._path = path or Path(os.environ["CABINET_TEST_KEYRING"])

    def _load(self) -> dict[str, str]:
        try:
            return dict(json.loads(self._path.read_text()))
        except FileNotFoundError:
            return {}

    def get_password(self, service: str, username: str) -> str | None:
        return self._load().get(f"{service}\0{username}")

    def set_password(self, service: str, username: str, password: str) -> None:
        data = self._load()
        data[f"{service}\0{username}"] = password
        self._path.write_text(json.dumps(data))

    def delete_password(self, service: str, username: str) -> None:
        data = self._load()
        if data.pop(f"{service}\0{username}", None) is None:
            raise PasswordDeleteError(username)
        self._path.write_text(json.dumps(data))
