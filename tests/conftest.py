"""Settings shared by every test: Qt offscreen, no real keyring, no user data touched,
a private sound server."""

import os
from collections.abc import Iterator

import pytest

from tests.helpers.pulse_server import PulseServer

# Before any Qt import: tests never need a screen, and screenshots still work offscreen.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# A test must never read or write the developer's own profiles.
os.environ.pop("CABINET_DATA_DIR", None)

# Registered once for the whole suite: PC/SC fixtures hold one pcscd per session, and
# libpcsclite in this process can only ever talk to one (see tests/helpers/pcsc_daemon.py).
pytest_plugins = ["tests.helpers.pcsc_fixtures"]


@pytest.fixture(scope="session", autouse=True)
def sound_server() -> Iterator[None]:
    """Before Qt Multimedia first looks (it asks the sound server once per process): a
    loudspeaker and a microphone of our own, the same on every machine (see PulseServer)."""
    with PulseServer.running():
        yield
