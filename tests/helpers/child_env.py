"""Environment of a child process that must find the repository and the test keyring.

The child selects its keyring backend the way the keyring library documents it, through
``PYTHON_KEYRING_BACKEND``: the file-backed test keyring, which reads the file named by
``CABINET_TEST_KEYRING`` (the same file the parent's in-process FileKeyring uses).
"""

import os
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
FILE_KEYRING = "tests.fakes.file_keyring.FileKeyring"


class ChildEnv:
    """Builds the environment and working directory of a ``python -m`` child."""

    @staticmethod
    def with_keyring(keyring_path: Path, backend: str = FILE_KEYRING) -> dict[str, str]:
        env = {
            k: v
            for k, v in os.environ.items()
            # Nothing of the parent's store or keyring choice leaks into the child.
            if not k.startswith(("PYTHON_KEYRING", "CABINET_"))
        }
        env["PYTHON_KEYRING_BACKEND"] = backend
        env["CABINET_TEST_KEYRING"] = str(keyring_path)
        env["PYTHONPATH"] = str(REPO_ROOT)
        env["PYTHONDONTWRITEBYTECODE"] = "1"
        return env
