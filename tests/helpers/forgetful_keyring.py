"""A keyring backend that accepts every secret and keeps none of them.

Some misconfigured keyrings behave like this (a session keyring that is not persisted,
a backend that silently drops writes); the store must stay locked rather than create a
database whose key is already lost.
"""

from keyring.backend import KeyringBackend
from keyring.compat import properties


class ForgetfulKeyring(KeyringBackend):
    """``set_password`` succeeds, ``get_password`` never finds anything."""

    @properties.classproperty
    def priority(cls) -> float:  # noqa: N805 (a classproperty, as keyring declares it)
        # Never chosen by keyring's own detection: a test registers it explicitly.
        raise RuntimeError("test double, set explicitly with keyring.set_keyring")

    def __init__(self) -> None:
        super().__init__()
        self.accepted = 0

    def get_password(self, service: str, username: str) -> str | None:
        return None

    def set_password(self, service: str, username: str, password: str) -> None:
        self.accepted += 1

    def delete_password(self, service: str, username: str) -> None:
        return None
