"""Pytest fixtures for tests over real PC/SC: a private pcscd, the card simulator, a TEST PKI.

Registered for the whole suite by tests/conftest.py (``pytest_plugins``), never imported
by a test module: a second definition would start a second pcscd that this process's
libpcsclite could not reach.

``pcsc_daemon`` runs one pcscd for the whole session (see PcscDaemon) and points this
process's libpcsclite at it; ``card_simulator`` gives each test fresh links to its two
vpcd slots, with no card inserted; ``pki_files`` makes a TEST CA and one practitioner's
credentials into a session folder (never into the source tree).
"""

import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from cardreader.simulator.card_simulator import CardSimulator
from cardreader.simulator.test_pki import DEFAULT_ID_NAT_PS, PractitionerCredentials, TestPki
from tests.helpers.pcsc_client import PcscClient
from tests.helpers.pcsc_daemon import PcscDaemon


@dataclass(frozen=True)
class PkiFiles:
    """A TEST CA and one practitioner's two credentials, also saved in ``directory``."""

    directory: Path
    pki: TestPki
    authentication: PractitionerCredentials
    signature: PractitionerCredentials


@pytest.fixture(scope="session")
def pcsc_daemon(tmp_path_factory: pytest.TempPathFactory) -> Iterator[PcscDaemon]:
    reason = PcscDaemon.unavailable_reason()
    if reason is not None:
        pytest.skip(reason)
    daemon = PcscDaemon(tmp_path_factory.mktemp("pcscd"))
    daemon.start()
    previous = os.environ.get("PCSCLITE_CSOCK_NAME")
    # Before this process's first PC/SC call: libpcsclite reads it only once.
    daemon.apply_environment()
    try:
        yield daemon
    finally:
        daemon.stop()
        if previous is None:
            os.environ.pop("PCSCLITE_CSOCK_NAME", None)
        else:
            os.environ["PCSCLITE_CSOCK_NAME"] = previous


@pytest.fixture
def card_simulator(pcsc_daemon: PcscDaemon) -> Iterator[CardSimulator]:
    if not pcsc_daemon.running or not pcsc_daemon.readers_configured:
        # A test that stopped, killed or unplugged it does not break the next one.
        pcsc_daemon.restart()
    simulator = CardSimulator(pcsc_daemon.vpcd_port).start()
    try:
        yield simulator
    finally:
        simulator.stop()
        if not pcsc_daemon.running or not pcsc_daemon.readers_configured:
            pcsc_daemon.restart()
        # The next test starts with empty readers, as pcscd sees them.
        with PcscClient() as client:
            for reader in pcsc_daemon.reader_names:
                client.wait_for_card(reader, present=False)


@pytest.fixture(scope="session")
def pki_files(tmp_path_factory: pytest.TempPathFactory) -> PkiFiles:
    directory = tmp_path_factory.mktemp("test-pki")
    pki, authentication, signature = TestPki.create_into(
        directory, DEFAULT_ID_NAT_PS, "MEDECIN", "Test"
    )
    return PkiFiles(directory, pki, authentication, signature)
