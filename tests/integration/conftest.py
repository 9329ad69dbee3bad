"""Fixtures of the integration tests: a test keyring registered the documented way."""

from tests.helpers.keyring_fixtures import keyring_path

__all__ = ["keyring_path"]
