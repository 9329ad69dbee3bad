"""The OpenID provider standing in for Pro Santé Connect, one per test module that asks.

Import ``provider`` into the test module and list it in its ``__all__``, as
tests/helpers/keyring_fixtures.py is used.
"""

from collections.abc import Iterator

import pytest

from tests.helpers.psc_provider_process import PscProviderProcess


@pytest.fixture(scope="module")
def provider(tmp_path_factory: pytest.TempPathFactory) -> Iterator[PscProviderProcess]:
    """oidc-provider (Node.js) on loopback, its log in the module's temporary folder."""
    log = tmp_path_factory.mktemp("psc") / "provider.log"
    with PscProviderProcess.start(log) as running:
        yield running
