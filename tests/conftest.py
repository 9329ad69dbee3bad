"""Settings shared by every test: Qt offscreen, no real keyring, no user data touched,
a private sound server."""

import os
import sys
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


@pytest.fixture(autouse=True)
def aioice_mdns_per_event_loop() -> Iterator[None]:
    """aioice resolves a browser's ``….local`` candidates (Firefox hides its addresses
    behind mDNS names) with a lock and a socket it keeps per thread, bound to the event
    loop that first used them; each test runs its own loop. The workstation has one loop
    for its life, so only the tests let go of that state after each test."""
    yield
    ice = sys.modules.get("aioice.ice")  # loaded only by tests that made calls
    state = getattr(ice, "_mdns", None)
    protocol = getattr(state, "protocol", None)
    if protocol is not None and protocol.transport is not None:
        protocol.transport.close()
    for name in ("lock", "protocol", "subscribers"):
        if state is not None and hasattr(state, name):
            delattr(state, name)
