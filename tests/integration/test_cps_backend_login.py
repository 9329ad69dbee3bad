"""Card login against the real backend: ``python -m backend --cps-trust-anchors`` as the
workstation starts it (EmbeddedBackend), CpsBackendLogin over HTTP, LoginService over the
real encrypted store. The card is FakeCpsCard with the TEST PKI's real key (the PC/SC
card itself is tested over pcscd and the simulator).

One story, in order: online login; a card of another authority refused by the server;
the server stopped, the known practitioner logs in offline and an unknown one cannot;
the server back (on a new port, its old tokens dead), the still-open card renews the
session without a PIN and sync's token works again. Then SessionKeeper does the same by
itself: retries after an offline login, renews before expiry, locks when the card goes.
"""

import asyncio
import secrets
import socket
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import pytest_asyncio

from app.domain.login_refused_error import LoginRefusedError
from app.domain.login_refused_reason import LoginRefusedReason
from app.domain.workstation_lock_reason import WorkstationLockReason
from app.ports.login_gateway import LoginGateway
from app.ports.server_state import ServerState
from app.services.login_service import LoginService
from app.services.session_keeper import SessionKeeper
from app.services.workstation_lock import WorkstationLock
from app.store.encrypted_store import EncryptedStore
from cardreader.simulator.test_pki import CA_CERTIFICATE_FILE, TestPki
from sync.cps_backend_login import CpsBackendLogin
from sync.embedded_backend import EmbeddedBackend
from tests.fakes.fake_card_reader import FakeCardReader
from tests.fakes.fake_cps_card import FakeCpsCard
from tests.helpers.backend_probe import BackendProbe
from tests.helpers.pcsc_fixtures import PkiFiles
from tests.helpers.store_fixtures import store

__all__ = ["store"]

PIN = "1234"


def _backend(tmp_path: Path, pki_files: PkiFiles) -> EmbeddedBackend:
    return EmbeddedBackend(
        db_path=tmp_path / "backend.db",
        db_key=secrets.token_bytes(32),
        practitioner="Practitioner/bootstrap",
        display="Cabinet",
        log_path=tmp_path / "backend.log",
        cps_trust_anchors=pki_files.directory / CA_CERTIFICATE_FILE,
    )


@pytest_asyncio.fixture
async def backend(tmp_path: Path, pki_files: PkiFiles) -> AsyncIterator[EmbeddedBackend]:
    server = _backend(tmp_path, pki_files)
    await server.start()
    try:
        assert server.state is ServerState.RUNNING
        yield server
    finally:
        await server.stop()


@pytest.mark.asyncio
async def test_online_refused_offline_and_renewed(
    store: EncryptedStore, backend: EmbeddedBackend, pki_files: PkiFiles
) -> None:
    gateway = CpsBackendLogin(lambda: backend.base_url)
    _: LoginGateway = gateway  # the port, as the composition root will hand it over
    service = LoginService(store, FakeCardReader(), gateway, "poste-1")

    # Online: the server checks the chain to the trusted TEST CA and issues a token.
    card = FakeCpsCard(pki_files.authentication)
    outcome = await service.login(card, PIN)
    assert outcome.online
    assert card.verifies == 1
    assert gateway.has_token and gateway.expires_at is not None
    backend.use_token_source(gateway)
    assert await BackendProbe.patients_status(backend) == 200
    assert await store.known_card(pki_files.authentication.id_nat_ps) is not None

    # A card from an authority the server does not trust: refused, no offline fallback.
    stranger = FakeCpsCard(TestPki.create_ca().issue_practitioner("810005555555", "X", "Y"))
    with pytest.raises(LoginRefusedError) as refused:
        await service.login(stranger, PIN)
    assert refused.value.reason is LoginRefusedReason.SERVER_REFUSED
    assert "HTTP 401" in str(refused.value) and "trusted authority" in str(refused.value)
    assert await store.known_card("810005555555") is None

    # The server stops: the known practitioner logs in offline, an unknown one cannot.
    await backend.stop()
    with pytest.raises(ConnectionError):
        await backend.token()
    again = FakeCpsCard(pki_files.authentication)
    offline = await service.login(again, PIN)
    assert not offline.online
    assert offline.session.practitioner_ref == outcome.session.practitioner_ref
    unknown = FakeCpsCard(pki_files.pki.issue_practitioner("810006666666", "Z", "W"))
    with pytest.raises(LoginRefusedError) as caught:
        await service.login(unknown, PIN)
    assert caught.value.reason is LoginRefusedReason.UNKNOWN_OFFLINE
    assert await service.renew_online(offline) is False

    # Back on a new port: the old token died with the old process and is not handed out;
    # the still-open card renews the session without a PIN.
    await backend.start()
    assert backend.state is ServerState.RUNNING
    with pytest.raises(ConnectionError):
        await backend.token()
    assert await service.renew_online(offline) is True
    assert again.verifies == 1
    assert await BackendProbe.patients_status(backend) == 200
    assert (await store.verify_audit()).ok
    assert [e.outcome for e in await store.audit_entries() if e.action == "E"] == [
        "0",  # online login
        "4",  # stranger refused by the server
        "0",  # offline login
        "4",  # unknown card offline
        "0",  # renewed online
    ]


@pytest.mark.asyncio
async def test_unreachable_is_connection_error_and_no_card_login_is_refusal(
    tmp_path: Path,
) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        closed_port = probe.getsockname()[1]
    with pytest.raises(ConnectionError):
        await CpsBackendLogin(f"http://127.0.0.1:{closed_port}").challenge()
    with pytest.raises(ConnectionError):
        await CpsBackendLogin(lambda: None).challenge()

    # A backend started without trust anchors answers 501: reachable, but no card login.
    plain = EmbeddedBackend(
        db_path=tmp_path / "plain.db",
        db_key=secrets.token_bytes(32),
        practitioner="Practitioner/bootstrap",
        display="Cabinet",
        log_path=tmp_path / "plain.log",
    )
    await plain.start()
    try:
        url = plain.base_url
        assert url is not None
        with pytest.raises(PermissionError, match="does not offer card login"):
            await CpsBackendLogin(url).challenge()
    finally:
        await plain.stop()


@pytest.mark.asyncio
async def test_an_expired_token_is_not_handed_out(
    backend: EmbeddedBackend, pki_files: PkiFiles
) -> None:
    now = [1000.0]
    gateway = CpsBackendLogin(lambda: backend.base_url, clock=lambda: now[0])
    card = FakeCpsCard(pki_files.authentication)
    await card.verify_pin(PIN)
    nonce = await gateway.challenge()
    signature = await card.sign(gateway.signed_message(nonce))
    id_nat_ps = await gateway.login(pki_files.authentication.certificate_der, nonce, signature)
    assert id_nat_ps == pki_files.authentication.id_nat_ps
    assert gateway.expires_at is not None and gateway.expires_at > now[0]
    backend.use_token_source(gateway)
    assert await BackendProbe.patients_status(backend) == 200
    # The same challenge twice: the server spent it, and the gateway forgot it.
    with pytest.raises(PermissionError):
        await gateway.login(pki_files.authentication.certificate_der, nonce, signature)
    now[0] = gateway.expires_at
    with pytest.raises(ConnectionError, match="renewed"):
        await backend.token()
    backend.use_token_source(None)  # logout: back to the bootstrap token
    assert await BackendProbe.patients_status(backend) == 200


@pytest.mark.asyncio
async def test_the_session_keeper_renews_before_expiry_and_after_an_offline_login(
    store: EncryptedStore, backend: EmbeddedBackend, pki_files: PkiFiles
) -> None:
    gateway = CpsBackendLogin(lambda: backend.base_url)
    service = LoginService(store, FakeCardReader(), gateway, "poste-1")
    online = await service.login(FakeCpsCard(pki_files.authentication), PIN)
    assert online.online

    # Offline login (server stopped), then the keeper retries until the server is back.
    await backend.stop()
    card = FakeCpsCard(pki_files.authentication)
    outcome = await service.login(card, PIN)
    assert not outcome.online
    lock = WorkstationLock()
    # A margin of almost the whole token life: once online, it renews at once again.
    keeper = SessionKeeper(service, lock, lambda: gateway.expires_at, margin_s=899, retry_s=0.2)
    seen: list[bool] = []
    renewed, locked = asyncio.Event(), asyncio.Event()

    def on_online(online: bool) -> None:
        seen.append(online)
        if seen.count(True) >= 2:  # back online, then renewed before expiry
            renewed.set()

    keeper.on_online_change(on_online)
    lock.on_change(lambda reason: locked.set() if reason is not None else None)
    keeper.begin(outcome)
    assert not lock.locked and seen == [False]
    await asyncio.sleep(0.5)
    assert seen == [False]  # retried, still offline
    await backend.start()
    backend.use_token_source(gateway)
    await asyncio.wait_for(renewed.wait(), 10)
    assert keeper.online and card.verifies == 1  # never a PIN again
    assert await BackendProbe.patients_status(backend) == 200

    # The card pulled: the next renewal cannot sign, and the workstation locks.
    card.remove()
    await asyncio.wait_for(locked.wait(), 10)
    assert lock.reason is WorkstationLockReason.CARD_REMOVED
    await keeper.end()
    assert card.closed


@pytest.mark.asyncio
async def test_a_login_while_the_backend_starts_waits_for_it_and_goes_online(
    store: EncryptedStore, tmp_path: Path, pki_files: PkiFiles
) -> None:
    server = _backend(tmp_path, pki_files)
    starting = asyncio.get_running_loop().create_task(server.start())
    try:
        await asyncio.sleep(0)  # the start is under way, the backend not yet answering
        assert server.base_url is None
        gateway = CpsBackendLogin(lambda: server.base_url, until_ready=server.until_started)
        service = LoginService(store, FakeCardReader(), gateway, "poste-1")
        outcome = await service.login(FakeCpsCard(pki_files.authentication), PIN)
        assert outcome.online
        await starting
    finally:
        await server.stop()
