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
from keyring.compat import properties
from keyring.errors import KeyringError, PasswordDeleteError


class FileKeyring(KeyringBackend):
    """Secrets in a JSON file, for tests only."""

    @properties.classproperty
    def priority(cls) -> float:  # noqa: N805 (a class property takes the class)
        # keyring weighs every backend class it knows when it auto-detects: this one is
        # viable only where a test named its file (children selecting it by name).
        if not os.environ.get("CABINET_TEST_KEYRING"):
            raise RuntimeError("test keyring: CABINET_TEST_KEYRING names no file")
        return 1

    def __init__(self, path: Path | None = None) -> None:
        super().__init__()
        configured = os.environ.get("CABINET_TEST_KEYRING")
        self._path = path or (Path(configured) if configured else None)

    def _load(self) -> dict[str, str]:
        if self._path is None:
            raise KeyringError("test keyring has no file")
        try:
            return dict(json.loads(self._path.read_text()))
        except FileNotFoundError:
            return {}

    def get_password(self, service: str, username: str) -> str | None:
        return self._load().get(f"{service}\0{username}")

    def set_password(self, service: str, username: str, password: str) -> None:
        data = self._load()
        data[f"{service}\0{username}"] = password
        self._save(data)

    def delete_password(self, service: str, username: str) -> None:
        data = self._load()
        if data.pop(f"{service}\0{username}", None) is None:
            raise PasswordDeleteError(username)
        self._save(data)

    def _save(self, data: dict[str, str]) -> None:
        if self._path is None:
            raise KeyringError("test keyring has no file")
        # Write then rename: a child killed mid-write (crash tests) leaves the old file
        # whole, as a real secret service would.
        tmp = self._path.with_name(f".{self._path.name}.{os.getpid()}.tmp")
        tmp.write_text(json.dumps(data))
        tmp.replace(self._path)
