"""e-CPS login at the workstation, end to end: a real OpenID provider configured like Pro
Santé Connect (oidc-provider), the backend as the workstation starts it with PSC login on
(EmbeddedBackend), ``EcpsBackendGateway`` and ``LoginService`` over the real encrypted
store. The practitioner's browser is played by :class:`OidcUserAgent`; their phone by the
provider's CIBA test routes.

The story: a login in the browser opens a session (Practitioner created with FR Core
identifiers, audited) whose token sync can use; the token is renewed without PSC; an
unlock goes to the owner's phone (CIBA); a login given up is ECPS_CANCELLED; the session
keeper renews before expiry and locks (SESSION_ENDED) once the server no longer renews.
"""

import asyncio
import secrets
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path

import pytest
import pytest_asyncio

from app.audit.audit_entry import AuditAction
from app.domain.identifier_system import IdentifierSystem
from app.domain.login_refused_error import LoginRefusedError
from app.domain.login_refused_reason import LoginRefusedReason
from app.domain.workstation_lock_reason import WorkstationLockReason
from app.ports.ecps_gateway import EcpsGateway
from app.services.login_service import LoginService
from app.services.session_keeper import SessionKeeper
from app.services.workstation_lock import WorkstationLock
from app.store.encrypted_store import EncryptedStore
from sync.cps_backend_login import CpsBackendLogin
from sync.ecps_backend_gateway import EcpsBackendGateway
from sync.embedded_backend import EmbeddedBackend
from sync.psc_login import PscLogin
from sync.psc_settings import PscSettings
from sync.server_token import ServerToken
from tests.fakes.fake_card_reader import FakeCardReader
from tests.helpers.backend_probe import BackendProbe
from tests.helpers.keyring_fixtures import keyring_path
from tests.helpers.oidc_user_agent import OidcUserAgent
from tests.helpers.psc_fixtures import provider
from tests.helpers.psc_provider_process import CLIENT_ID, CLIENT_SECRET, PscProviderProcess
from tests.helpers.store_fixtures import store

__all__ = ["keyring_path", "provider", "store"]

pytestmark = pytest.mark.asyncio

ID_NAT_PS = "810001234567"
RPPS = "10001234567"


@pytest_asyncio.fixture
async def backend(tmp_path: Path, provider: PscProviderProcess) -> AsyncIterator[EmbeddedBackend]:
    server = EmbeddedBackend(
        db_path=tmp_path / "backend.db",
        db_key=secrets.token_bytes(32),
        practitioner="Practitioner/bootstrap",
        display="Cabinet",
        log_path=tmp_path / "backend.log",
        psc=(provider.discovery_url, CLIENT_ID),
    )
    await server.start()
    try:
        yield server
    finally:
        await server.stop()


class Workstation:
    """What the composition root wires for e-CPS, with a scripted browser."""

    def __init__(
        self, store: EncryptedStore, backend: EmbeddedBackend, provider: PscProviderProcess
    ) -> None:
        self.agent = OidcUserAgent(ID_NAT_PS)
        # Who answers when the system browser is opened; a test may put someone else.
        self.browser: Callable[[str], Awaitable[None]] = self.agent.open
        self.tokens = ServerToken(lambda: backend.base_url)
        self.psc = PscLogin(
            PscSettings(
                provider.discovery_url,
                CLIENT_ID,
                CLIENT_SECRET,
                browser_timeout_s=20.0,
                leeway_s=5.0,
            ),
            self._open_browser,
        )
        self.gateway = EcpsBackendGateway(self.psc, self.tokens, until_ready=backend.until_started)
        _: EcpsGateway = self.gateway  # the port, as the composition root hands it over
        cards = CpsBackendLogin(self.tokens)
        self.service = LoginService(store, FakeCardReader(), cards, "poste-1", ecps=self.gateway)
        backend.use_token_source(self.tokens)

    async def _open_browser(self, url: str) -> None:
        await self.browser(url)


@pytest_asyncio.fixture
async def workstation(
    store: EncryptedStore, backend: EmbeddedBackend, provider: PscProviderProcess
) -> AsyncIterator[Workstation]:
    station = Workstation(store, backend, provider)
    try:
        yield station
    finally:
        await station.psc.close()


async def test_browser_login_opens_an_audited_session_that_sync_can_use(
    workstation: Workstation, store: EncryptedStore, backend: EmbeddedBackend
) -> None:
    service = workstation.service
    assert service.ecps_available
    assert not workstation.tokens.has_token

    outcome = await service.login_ecps(asyncio.Event())
    await workstation.agent.finished()

    assert outcome.by_ecps and outcome.online and outcome.card is None
    assert outcome.identity.id_nat_ps == ID_NAT_PS
    assert outcome.identity.display_name == "Claire MARTIN"
    assert outcome.identity.certificate == b""
    # The browser went to PSC with what PSC expects, with the server's nonce.
    (url,) = workstation.agent.opened
    assert "acr_values=eidas1" in url and "code_challenge_method=S256" in url
    # The Practitioner is in the store under FR Core identifiers, the session under it.
    (practitioner,) = await store.with_identifier(
        "Practitioner", IdentifierSystem.IDNATPS.value, ID_NAT_PS
    )
    assert outcome.session.practitioner_ref == f"Practitioner/{practitioner['id']}"
    systems = {i["system"]: i["value"] for i in practitioner["identifier"]}
    assert systems[IdentifierSystem.RPPS.value] == RPPS
    logins = [e for e in await store.audit_entries() if e.action == AuditAction.EXECUTE]
    assert [(e.who, e.outcome) for e in logins] == [(outcome.session.practitioner_ref, "0")]
    assert (await store.verify_audit()).ok
    # No certificate to remember: an e-CPS practitioner cannot log in offline later.
    assert await store.known_card(ID_NAT_PS) is None
    # Sync's next request goes under the practitioner's token.
    assert workstation.tokens.usable() is not None
    assert await BackendProbe.patients_status(backend) == 200

    # Renewed with the server alone (no browser, no PSC): a new token that works.
    before = await workstation.tokens.token()
    assert await service.renew_online(outcome)
    assert await workstation.tokens.token() != before
    assert await BackendProbe.patients_status(backend) == 200
    assert len(workstation.agent.opened) == 1


async def test_unlock_goes_to_the_owners_phone(
    workstation: Workstation, provider: PscProviderProcess
) -> None:
    first = await workstation.service.login_ecps(asyncio.Event())
    await workstation.agent.finished()

    unlock = asyncio.create_task(
        workstation.service.login_ecps(asyncio.Event(), owner_id_nat_ps=ID_NAT_PS)
    )
    request = await provider.wait_for_ciba(ID_NAT_PS)
    await provider.answer_ciba(request["auth_req_id"], approve=True)
    again = await asyncio.wait_for(unlock, 20)

    assert again.session.practitioner_ref == first.session.practitioner_ref
    assert len(workstation.agent.opened) == 1  # no browser for the unlock


async def test_denied_on_the_phone_and_given_up_in_the_browser(
    workstation: Workstation, provider: PscProviderProcess, store: EncryptedStore
) -> None:
    denied = asyncio.create_task(
        workstation.service.login_ecps(asyncio.Event(), owner_id_nat_ps=ID_NAT_PS)
    )
    request = await provider.wait_for_ciba(ID_NAT_PS)
    await provider.answer_ciba(request["auth_req_id"], approve=False)
    with pytest.raises(LoginRefusedError) as refused:
        await asyncio.wait_for(denied, 20)
    assert refused.value.reason is LoginRefusedReason.ECPS_DENIED

    # The browser is opened, the practitioner walks away, the screen's « Annuler »:
    opened = asyncio.Event()

    async def open_and_walk_away(_url: str) -> None:
        opened.set()

    workstation.browser = open_and_walk_away
    cancel = asyncio.Event()
    attempt = asyncio.create_task(workstation.service.login_ecps(cancel))
    await asyncio.wait_for(opened.wait(), 10)
    cancel.set()
    with pytest.raises(LoginRefusedError) as cancelled:
        await asyncio.wait_for(attempt, 10)
    assert cancelled.value.reason is LoginRefusedReason.ECPS_CANCELLED
    assert not workstation.tokens.has_token
    # Nobody was named: nothing to audit.
    assert [e for e in await store.audit_entries() if e.action == AuditAction.EXECUTE] == []


async def test_the_keeper_renews_then_locks_when_the_server_stops_renewing(
    workstation: Workstation,
) -> None:
    outcome = await workstation.service.login_ecps(asyncio.Event())
    await workstation.agent.finished()
    lock = WorkstationLock(idle_s=3600)
    locked = asyncio.Event()
    lock.on_change(lambda reason: locked.set() if reason is not None else None)
    # A margin of almost the whole lifetime: the first renewal is due at once.
    keeper = SessionKeeper(
        workstation.service, lock, lambda: workstation.tokens.expires_at, margin_s=899.0
    )
    renewed = asyncio.Event()
    keeper.on_online_change(lambda online: renewed.set() if online else None)
    first = await workstation.tokens.token()
    keeper.begin(outcome)
    renewed.clear()  # begin() announces the login itself
    await asyncio.wait_for(renewed.wait(), 10)
    assert await workstation.tokens.token() != first
    assert not locked.is_set()

    workstation.tokens.forget()  # as if the token had lapsed while the server was away
    await asyncio.wait_for(locked.wait(), 10)
    assert lock.reason is WorkstationLockReason.SESSION_ENDED
    await keeper.end()
