"""LoginService over the real encrypted store, a fake reader and a card with a real key.

The gateway here plays the server's part the way the backend does (its challenge, the
signed bytes, the signature checked with the certificate's key) or is unreachable or
refusing; the real backend is in tests/integration/test_cps_backend_login.py.
"""

import asyncio
import secrets

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa

from app.audit.audit_entry import AuditAction, AuditEntry
from app.domain.card_error import CardError
from app.domain.card_error_reason import CardErrorReason
from app.domain.card_kind import CardKind
from app.domain.card_reader_state import CardReaderState
from app.domain.card_slot import CardSlot
from app.domain.cps_identity import CpsIdentity
from app.domain.identifier_system import IdentifierSystem
from app.domain.login_refused_error import LoginRefusedError
from app.domain.login_refused_reason import LoginRefusedReason
from app.services.login_service import OFFLINE_PREFIX, LoginService
from app.store.encrypted_store import EncryptedStore
from app.store.resource_write import ResourceWrite
from cardreader.simulator.test_pki import PractitionerCredentials, TestPki
from tests.fakes.fake_card_reader import FakeCardReader
from tests.fakes.fake_cps_card import FakeCpsCard
from tests.helpers.keyring_fixtures import keyring_path
from tests.helpers.store_fixtures import store

__all__ = ["keyring_path", "store"]

ID_NAT_PS = "810001234567"
OTHER_ID_NAT_PS = "810009876543"
PIN = "1234"
SERVER_PREFIX = b"cabinet-cps-login-v1\x00"
WORKSTATION = "poste-1"


class ServerGateway:
    """The server's side as the backend plays it; ``mode`` switches it off or refusing."""

    def __init__(self, pki: TestPki) -> None:
        self._pki = pki
        self.mode = "online"
        self._nonces: set[bytes] = set()
        self.logins = 0

    def signed_message(self, nonce: bytes) -> bytes:
        return SERVER_PREFIX + nonce

    async def challenge(self) -> bytes:
        if self.mode == "offline":
            raise ConnectionError("server unreachable")
        nonce = secrets.token_bytes(32)
        self._nonces.add(nonce)
        return nonce

    async def login(self, certificate: bytes, nonce: bytes, signature: bytes) -> str:
        if self.mode == "offline":
            raise ConnectionError("server unreachable")
        if self.mode == "refusing":
            raise PermissionError("the server refused the card (HTTP 401)")
        self._nonces.remove(nonce)
        cert = x509.load_der_x509_certificate(certificate)
        ca_key = self._pki.ca_certificate.public_key()
        assert isinstance(ca_key, rsa.RSAPublicKey)
        ca_key.verify(
            cert.signature, cert.tbs_certificate_bytes, padding.PKCS1v15(), hashes.SHA256()
        )
        key = cert.public_key()
        assert isinstance(key, rsa.RSAPublicKey)
        key.verify(signature, self.signed_message(nonce), padding.PKCS1v15(), hashes.SHA256())
        self.logins += 1
        return TestPki.id_nat_ps_of(cert)


@pytest.fixture(scope="module")
def pki() -> TestPki:
    return TestPki.create_ca()


@pytest.fixture(scope="module")
def credentials(pki: TestPki) -> PractitionerCredentials:
    return pki.issue_practitioner(ID_NAT_PS, "LEFÈVRE", "Claire")


@pytest.fixture(scope="module")
def other_credentials(pki: TestPki) -> PractitionerCredentials:
    return pki.issue_practitioner(OTHER_ID_NAT_PS, "MARTIN", "Paul")


@pytest.fixture
def gateway(pki: TestPki) -> ServerGateway:
    return ServerGateway(pki)


def _card(credentials: PractitionerCredentials, **kwargs: object) -> FakeCpsCard:
    family = "LEFÈVRE" if credentials.id_nat_ps == ID_NAT_PS else "MARTIN"
    given = "Claire" if credentials.id_nat_ps == ID_NAT_PS else "Paul"
    return FakeCpsCard(credentials, family_name=family, given_name=given, **kwargs)  # type: ignore[arg-type]


def _service(
    store: EncryptedStore, gateway: ServerGateway | None, reader: FakeCardReader | None = None
) -> LoginService:
    return LoginService(store, reader or FakeCardReader(), gateway, WORKSTATION)


async def _logins(store: EncryptedStore) -> list[AuditEntry]:
    return [e for e in await store.audit_entries() if e.action == AuditAction.EXECUTE]


# -- open_card ---------------------------------------------------------------------------


@pytest.mark.asyncio
async def test_open_card_takes_the_first_reader_holding_a_cps(
    store: EncryptedStore, credentials: PractitionerCredentials
) -> None:
    reader = FakeCardReader(
        CardReaderState(
            service=True,
            slots=(
                CardSlot("Lecteur 0", CardKind.VITALE_2, 1),
                CardSlot("Lecteur 1", CardKind.CPS3_CONTACT, 4),
            ),
        )
    )
    card = _card(credentials, reader="Lecteur 1", insertion=4)
    reader.cps["Lecteur 1"] = card
    assert await _service(store, None, reader).open_card() is card
    assert reader.opened == ["Lecteur 1"]


@pytest.mark.parametrize(
    ("state", "reason"),
    [
        (CardReaderState.unknown(), CardErrorReason.NO_SERVICE),
        (CardReaderState(service=True), CardErrorReason.NO_READER),
        (CardReaderState(service=True, slots=(CardSlot("L0", None),)), CardErrorReason.NO_CARD),
        (
            CardReaderState(service=True, slots=(CardSlot("L0", CardKind.VITALE_2, 1),)),
            CardErrorReason.NOT_CPS,
        ),
        (
            CardReaderState(service=True, slots=(CardSlot("L0", CardKind.UNKNOWN, 1),)),
            CardErrorReason.UNKNOWN_CARD,
        ),
    ],
)
@pytest.mark.asyncio
async def test_open_card_says_why_there_is_no_cps(
    store: EncryptedStore, state: CardReaderState, reason: CardErrorReason
) -> None:
    reader = FakeCardReader(state)
    with pytest.raises(CardError) as caught:
        await _service(store, None, reader).open_card()
    assert caught.value.reason is reason
    assert reader.opened == []


@pytest.mark.asyncio
async def test_open_card_passes_on_the_reader_s_refusal(store: EncryptedStore) -> None:
    reader = FakeCardReader(
        CardReaderState(service=True, slots=(CardSlot("L0", CardKind.CPS3_CONTACTLESS, 1),))
    )
    reader.cps["L0"] = CardError(CardErrorReason.CONTACTLESS)
    with pytest.raises(CardError) as caught:
        await _service(store, None, reader).open_card()
    assert caught.value.reason is CardErrorReason.CONTACTLESS


# -- online ------------------------------------------------------------------------------


@pytest.mark.asyncio
async def test_online_login_creates_the_practitioner_and_remembers_the_card(
    store: EncryptedStore, gateway: ServerGateway, credentials: PractitionerCredentials
) -> None:
    card = _card(credentials)
    outcome = await _service(store, gateway).login(card, PIN)

    assert outcome.online
    assert card.verifies == 1
    assert gateway.logins == 1
    assert len(card.signed) == 1 and card.signed[0].startswith(SERVER_PREFIX)
    ref = outcome.session.practitioner_ref
    assert ref.startswith("Practitioner/")
    assert outcome.session.workstation == WORKSTATION
    assert outcome.identity.id_nat_ps == ID_NAT_PS and outcome.card is card
    practitioner = await store.read("Practitioner", ref.removeprefix("Practitioner/"))
    assert practitioner is not None
    systems = {i["system"]: i["value"] for i in practitioner["identifier"]}
    assert systems == {
        IdentifierSystem.IDNATPS.value: ID_NAT_PS,
        IdentifierSystem.RPPS.value: ID_NAT_PS[1:],
    }
    assert practitioner["name"][0]["family"] == "LEFÈVRE"
    assert await store.outbox_size() == 1  # the new Practitioner goes to the server
    known = await store.known_card(ID_NAT_PS)
    assert known is not None
    assert known.certificate == credentials.certificate_der
    assert known.practitioner_ref == ref
    entries = await store.audit_entries()
    assert [(e.action, e.entity, e.outcome) for e in entries] == [
        (AuditAction.CREATE, ref, "0"),
        (AuditAction.EXECUTE, ref, "0"),
    ]
    assert all(e.who == ref and e.workstation == WORKSTATION for e in entries)


@pytest.mark.asyncio
async def test_an_existing_practitioner_is_the_session_s(
    store: EncryptedStore, gateway: ServerGateway, credentials: PractitionerCredentials
) -> None:
    # Written the way the demo writes its practitioners.
    existing = {
        "resourceType": "Practitioner",
        "id": "dr-lefevre",
        "identifier": [
            {"system": IdentifierSystem.RPPS.value, "value": ID_NAT_PS[1:]},
            {"system": IdentifierSystem.IDNATPS.value, "value": ID_NAT_PS},
        ],
        "name": [{"family": "Lefèvre", "given": ["Claire"]}],
    }
    await store.commit([ResourceWrite("Practitioner", "dr-lefevre", existing)], [])
    outcome = await _service(store, gateway).login(_card(credentials), PIN)
    assert outcome.session.practitioner_ref == "Practitioner/dr-lefevre"
    assert await store.count("Practitioner") == 1


@pytest.mark.asyncio
async def test_a_wrong_pin_is_one_verify_and_an_audited_failure(
    store: EncryptedStore, gateway: ServerGateway, credentials: PractitionerCredentials
) -> None:
    card = _card(credentials)
    with pytest.raises(CardError) as caught:
        await _service(store, gateway).login(card, "9999")
    assert caught.value.reason is CardErrorReason.WRONG_PIN
    assert caught.value.tries_left == 2
    assert card.verifies == 1
    assert card.signed == [] and gateway.logins == 0
    [entry] = await _logins(store)
    assert entry.outcome == "4"
    assert entry.who == f"Practitioner?identifier={IdentifierSystem.IDNATPS.value}|{ID_NAT_PS}"
    for e in await store.audit_entries():
        assert "9999" not in repr(e)
    assert (await store.verify_audit()).ok


@pytest.mark.asyncio
async def test_a_blocked_card_gets_no_verify(
    store: EncryptedStore, gateway: ServerGateway, credentials: PractitionerCredentials
) -> None:
    card = _card(credentials, tries=0)
    with pytest.raises(CardError) as caught:
        await _service(store, gateway).login(card, PIN)
    assert caught.value.reason is CardErrorReason.PIN_BLOCKED
    assert card.verifies == 0
    assert [e.outcome for e in await _logins(store)] == ["4"]


@pytest.mark.asyncio
async def test_a_server_refusal_never_falls_back_offline(
    store: EncryptedStore, gateway: ServerGateway, credentials: PractitionerCredentials
) -> None:
    await _service(store, gateway).login(_card(credentials), PIN)  # known from now on
    gateway.mode = "refusing"
    card = _card(credentials)
    with pytest.raises(LoginRefusedError) as caught:
        await _service(store, gateway).login(card, PIN)
    assert caught.value.reason is LoginRefusedReason.SERVER_REFUSED
    assert len(card.signed) == 1 and card.signed[0].startswith(SERVER_PREFIX)
    assert [e.outcome for e in await _logins(store)] == ["0", "4"]


# -- offline -----------------------------------------------------------------------------


@pytest.mark.asyncio
async def test_offline_login_of_a_known_practitioner_checks_a_real_signature(
    store: EncryptedStore, gateway: ServerGateway, credentials: PractitionerCredentials
) -> None:
    online = await _service(store, gateway).login(_card(credentials), PIN)
    gateway.mode = "offline"
    card = _card(credentials)
    outcome = await _service(store, gateway).login(card, PIN)
    assert not outcome.online
    assert outcome.session.practitioner_ref == online.session.practitioner_ref
    assert card.verifies == 1
    [message] = card.signed
    assert message.startswith(OFFLINE_PREFIX) and len(message) == len(OFFLINE_PREFIX) + 32
    assert await store.count("Practitioner") == 1
    assert [e.outcome for e in await _logins(store)] == ["0", "0"]


@pytest.mark.asyncio
async def test_no_server_configured_is_offline(
    store: EncryptedStore, gateway: ServerGateway, credentials: PractitionerCredentials
) -> None:
    await _service(store, gateway).login(_card(credentials), PIN)
    outcome = await _service(store, None).login(_card(credentials), PIN)
    assert not outcome.online


@pytest.mark.asyncio
async def test_offline_login_of_an_unknown_card_is_refused(
    store: EncryptedStore, gateway: ServerGateway, credentials: PractitionerCredentials
) -> None:
    gateway.mode = "offline"
    card = _card(credentials)
    with pytest.raises(LoginRefusedError) as caught:
        await _service(store, gateway).login(card, PIN)
    assert caught.value.reason is LoginRefusedReason.UNKNOWN_OFFLINE
    assert card.verifies == 1 and card.signed == []
    assert await store.count("Practitioner") == 0
    assert [e.outcome for e in await _logins(store)] == ["4"]


@pytest.mark.asyncio
async def test_offline_a_key_that_does_not_match_the_certificate_is_refused(
    store: EncryptedStore, gateway: ServerGateway, credentials: PractitionerCredentials
) -> None:
    await _service(store, gateway).login(_card(credentials), PIN)
    gateway.mode = "offline"
    forged = _card(
        credentials, signing_key=rsa.generate_private_key(public_exponent=65537, key_size=2048)
    )
    with pytest.raises(LoginRefusedError) as caught:
        await _service(store, gateway).login(forged, PIN)
    assert caught.value.reason is LoginRefusedReason.BAD_SIGNATURE
    assert [e.outcome for e in await _logins(store)] == ["0", "4"]


@pytest.mark.asyncio
async def test_offline_a_renewed_certificate_must_be_seen_online_first(
    store: EncryptedStore,
    gateway: ServerGateway,
    pki: TestPki,
    credentials: PractitionerCredentials,
) -> None:
    await _service(store, gateway).login(_card(credentials), PIN)
    gateway.mode = "offline"
    renewed = _card(pki.issue_practitioner(ID_NAT_PS, "LEFÈVRE", "Claire"))
    with pytest.raises(LoginRefusedError) as caught:
        await _service(store, gateway).login(renewed, PIN)
    assert caught.value.reason is LoginRefusedReason.UNKNOWN_OFFLINE
    assert renewed.signed == []


# -- unlock and renewal -------------------------------------------------------------------


@pytest.mark.asyncio
async def test_unlock_with_another_practitioner_s_card_sends_no_verify(
    store: EncryptedStore,
    gateway: ServerGateway,
    credentials: PractitionerCredentials,
    other_credentials: PractitionerCredentials,
) -> None:
    service = _service(store, gateway)
    await service.login(_card(credentials), PIN)
    intruder = _card(other_credentials)
    with pytest.raises(LoginRefusedError) as caught:
        await service.unlock(intruder, PIN, ID_NAT_PS)
    assert caught.value.reason is LoginRefusedReason.OTHER_PRACTITIONER
    assert intruder.verifies == 0
    assert [e.outcome for e in await _logins(store)] == ["0", "4"]
    owner = _card(credentials)
    outcome = await service.unlock(owner, PIN, ID_NAT_PS)
    assert outcome.identity.id_nat_ps == ID_NAT_PS and owner.verifies == 1


@pytest.mark.asyncio
async def test_renew_online_signs_a_fresh_challenge_without_a_pin(
    store: EncryptedStore, gateway: ServerGateway, credentials: PractitionerCredentials
) -> None:
    service = _service(store, gateway)
    await service.login(_card(credentials), PIN)
    gateway.mode = "offline"
    card = _card(credentials)
    outcome = await service.login(card, PIN)
    assert not outcome.online
    assert await service.renew_online(outcome) is False
    gateway.mode = "online"
    logins = gateway.logins
    assert await service.renew_online(outcome) is True
    assert gateway.logins == logins + 1
    assert card.verifies == 1
    assert card.signed[-1].startswith(SERVER_PREFIX)
    gateway.mode = "refusing"
    with pytest.raises(LoginRefusedError):
        await service.renew_online(outcome)
    assert (await store.verify_audit()).ok


# -- e-CPS -------------------------------------------------------------------------------


class PscVouching:
    """The e-CPS gateway's contract: PSC names ``who`` (or refuses with ``refusal``)."""

    def __init__(self, who: str, refusal: LoginRefusedReason | None = None) -> None:
        self.who = who
        self.refusal = refusal
        self.forgotten = 0
        self.asked_for: list[str | None] = []

    async def login(self, cancel: asyncio.Event, *, id_nat_ps: str | None = None) -> CpsIdentity:
        self.asked_for.append(id_nat_ps)
        if self.refusal is not None:
            raise LoginRefusedError(self.refusal)
        return CpsIdentity(self.who, "MARTIN", "Paul", b"")

    async def renew(self) -> bool:
        return True

    def forget(self) -> None:
        self.forgotten += 1


@pytest.mark.asyncio
async def test_without_psc_e_cps_is_unavailable(store: EncryptedStore) -> None:
    service = _service(store, None)
    assert not service.ecps_available
    with pytest.raises(LoginRefusedError) as refused:
        await service.login_ecps(asyncio.Event())
    assert refused.value.reason is LoginRefusedReason.ECPS_UNAVAILABLE


@pytest.mark.asyncio
async def test_an_e_cps_unlock_by_someone_else_is_refused_and_audited(
    store: EncryptedStore,
) -> None:
    psc = PscVouching(OTHER_ID_NAT_PS)
    service = LoginService(store, FakeCardReader(), None, WORKSTATION, ecps=psc)
    with pytest.raises(LoginRefusedError) as refused:
        await service.login_ecps(asyncio.Event(), owner_id_nat_ps=ID_NAT_PS)
    assert refused.value.reason is LoginRefusedReason.OTHER_PRACTITIONER
    assert psc.asked_for == [ID_NAT_PS]
    # Their server token is dropped at once: sync must not act for them.
    assert psc.forgotten == 1
    (entry,) = await _logins(store)
    assert entry.outcome == "4" and OTHER_ID_NAT_PS in entry.who
    assert (
        await store.with_identifier("Practitioner", IdentifierSystem.IDNATPS.value, OTHER_ID_NAT_PS)
        == []
    )


@pytest.mark.asyncio
async def test_an_e_cps_refusal_reaches_the_screen_unaudited(store: EncryptedStore) -> None:
    psc = PscVouching(ID_NAT_PS, refusal=LoginRefusedReason.ECPS_DENIED)
    service = LoginService(store, FakeCardReader(), None, WORKSTATION, ecps=psc)
    with pytest.raises(LoginRefusedError) as refused:
        await service.login_ecps(asyncio.Event())
    assert refused.value.reason is LoginRefusedReason.ECPS_DENIED
    assert await _logins(store) == []
