"""The file test keyring as a child process selects it, through ``PYTHON_KEYRING_BACKEND``.

``keyring`` loads a backend named in that variable only if the class says it is viable
(its ``priority`` does not raise). :class:`tests.fakes.file_keyring.FileKeyring` declares
itself never viable so that keyring's auto-detection cannot pick it in-process; this
subclass is viable exactly when ``CABINET_TEST_KEYRING`` names its file, which is how
the tests start their children (see :class:`tests.helpers.child_env.ChildEnv`).
"""

import os

from keyring.compat import properties

from tests.fakes.file_keyring import FileKeyring


class ChildFileKeyring(FileKeyring):
    """FileKeyring, selectable by name when its file is configured."""

    @properties.classproperty
    def priority(cls) -> float:
        if not os.environ.get("CABINET_TEST_KEYRING"):
            raise RuntimeError("test keyring: CABINET_TEST_KEYRING names no file")
        return 1
