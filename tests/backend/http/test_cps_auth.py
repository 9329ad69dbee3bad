"""CPS card login over real HTTP: challenge, card signature, certificate chain, token.

The card is played by keys of the card simulator's TEST PKI (and :class:`PkiVariants`
for what it does not make); the backend runs as in ``conftest`` but with the CPS
authenticator, on SQLite only (authentication does not touch the storage engine), and
once as a real ``python -m backend`` process with ``--cps-trust-anchors``.
"""

import base64
import datetime
import hashlib
import logging
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from pathlib import Path
from typing import Any

import aiohttp
import pytest
import pytest_asyncio
from aiohttp import web
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from backend.auth.bootstrap_authenticator import BootstrapAuthenticator
from backend.auth.challenge_store import ChallengeStore
from backend.auth.cps_authenticator import SIGNED_PREFIX, CpsAuthenticator
from backend.auth.cps_certificate_verifier import CpsCertificateVerifier
from backend.auth.cps_identity import CpsIdentity
from backend.auth.cps_trust_anchors import CpsTrustAnchors
from backend.auth.rate_limiter import RateLimiter
from backend.auth.token_issuer import TokenIssuer
from backend.http.fhir_app import FhirApp
from backend.storage.resource_storage import ResourceStorage
from cardreader.simulator.test_pki import KeyUsageKind, PractitionerCredentials, TestPki
from tests.backend.http.backend_process import BackendProcess
from tests.backend.http.conftest import BOOTSTRAP_SECRET, LiveServer, Reply
from tests.backend.http.resources import patient
from tests.helpers.pki_variants import PkiVariants, PrivateKey

pytestmark = pytest.mark.asyncio

ID_NAT_PS = "810001234567"
RPPS = "10001234567"
CpsServerFactory = Callable[..., Awaitable[LiveServer]]


class Clock:
    """A monotonic clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def storage_engine() -> str:
    return "sqlite"


@pytest.fixture(scope="module")
def pki() -> TestPki:
    return TestPki.create_ca()


@pytest.fixture(scope="module")
def card(pki: TestPki) -> PractitionerCredentials:
    return pki.issue_practitioner(ID_NAT_PS, "MARTIN", "Claire")


@pytest_asyncio.fixture
async def cps_server_factory(storage: ResourceStorage) -> AsyncIterator[CpsServerFactory]:
    runners: list[web.AppRunner] = []
    sessions: list[aiohttp.ClientSession] = []

    async def start(
        anchors: Sequence[x509.Certificate] | None,
        *,
        challenges: ChallengeStore | None = None,
        identity: CpsIdentity | None = None,
    ) -> LiveServer:
        verifier = (
            CpsCertificateVerifier(CpsTrustAnchors(tuple(anchors))) if anchors is not None else None
        )
        issuer = TokenIssuer()
        fhir = FhirApp(
            storage,
            issuer=issuer,
            authenticators=[
                BootstrapAuthenticator(BOOTSTRAP_SECRET),
                CpsAuthenticator(verifier, identity, challenges),
            ],
            audit_flush_interval_s=0.05,
        )
        runner = web.AppRunner(fhir.build())
        await runner.setup()
        runners.append(runner)
        site = web.TCPSite(runner, "127.0.0.1", 0)
        await site.start()
        session = aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=60))
        sessions.append(session)
        return LiveServer(f"http://127.0.0.1:{runner.addresses[0][1]}", fhir, issuer, session)

    try:
        yield start
    finally:
        for session in sessions:
            await session.close()
        for runner in runners:
            await runner.cleanup()


@pytest_asyncio.fixture
async def server(cps_server_factory: CpsServerFactory, pki: TestPki) -> LiveServer:
    return await cps_server_factory([pki.ca_certificate])


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _der(certificate: x509.Certificate) -> str:
    return _b64(certificate.public_bytes(serialization.Encoding.DER))


def _nonce(challenge: str) -> bytes:
    return base64.urlsafe_b64decode(challenge + "=" * (-len(challenge) % 4))


def _sign(key: PrivateKey, message: bytes) -> bytes:
    """What the card answers: PKCS#1 v1.5 over the DigestInfo of SHA-256(M), or ECDSA."""
    if isinstance(key, rsa.RSAPrivateKey):
        return key.sign(message, padding.PKCS1v15(), hashes.SHA256())
    return key.sign(message, ec.ECDSA(hashes.SHA256()))


async def _challenge(server: LiveServer) -> str:
    reply = await server.post("/auth/cps/challenge", auth=False)
    assert reply.status == 200, reply.raw
    assert reply.headers["Cache-Control"] == "no-store"
    body = reply.body
    assert body["expires_in"] == 60
    assert len(_nonce(body["challenge"])) == 32
    return str(body["challenge"])


async def _login(
    server: LiveServer,
    certificate: x509.Certificate,
    key: PrivateKey,
    *,
    intermediates: Sequence[x509.Certificate] = (),
    challenge: str | None = None,
    message: Callable[[bytes], bytes] = lambda nonce: SIGNED_PREFIX + nonce,
) -> Reply:
    """Ask a challenge (unless given), sign it as the card does, and log in."""
    challenge = challenge or await _challenge(server)
    body: dict[str, Any] = {
        "challenge": challenge,
        "certificate": _der(certificate),
        "signature": _b64(_sign(key, message(_nonce(challenge)))),
    }
    if intermediates:
        body["intermediates"] = [_der(c) for c in intermediates]
    return await server.post("/auth/cps/login", body, auth=False)


def _refused(reply: Reply, error: str, words: str) -> None:
    assert reply.status == 401, reply.raw
    challenge = reply.headers["WWW-Authenticate"]
    assert challenge.startswith('CPS realm="cabinet"')
    assert f'error="{error}"' in challenge
    assert reply.issues[0]["code"] == "login"
    assert words in reply.issues[0]["diagnostics"]


async def test_a_signed_challenge_earns_a_token_naming_the_rpps(
    server: LiveServer, card: PractitionerCredentials
) -> None:
    reply = await _login(server, card.certificate, card.private_key)
    assert reply.status == 200, reply.raw
    assert reply.headers["Cache-Control"] == "no-store"
    token = reply.body
    assert token["token_type"] == "Bearer"
    assert token["practitioner"] == RPPS
    assert server.issuer.verify(token["access_token"]).display == "Claire MARTIN"
    bearer = {"Authorization": f"Bearer {token['access_token']}"}
    created = await server.post("/Patient", patient(), auth=False, headers=bearer)
    assert created.status == 201, created.raw
    read = await server.get(f"/Patient/{created.body['id']}", auth=False, headers=bearer)
    assert read.status == 200
    await server.flush_audit()
    events = (await server.get("/AuditEvent")).body["entry"]
    whos = [e["resource"]["agent"][0]["who"] for e in events]
    assert {"system": "https://rpps.esante.gouv.fr", "value": RPPS} in [
        w.get("identifier") for w in whos
    ]
    # /auth/cps is the same endpoint as /auth/cps/login.
    again = await _login(server, card.certificate, card.private_key)
    assert again.status == 200


async def test_the_signed_bytes_are_the_documented_ones(card: PractitionerCredentials) -> None:
    """What the workstation sends INTERNAL AUTHENTICATE, pinned byte for byte."""
    nonce = bytes(range(32))
    message = CpsAuthenticator.signed_message(nonce)
    assert message == b"cabinet-cps-login-v1\x00" + nonce
    assert len(message) == 53
    digest_info = bytes.fromhex("3031300d060960864801650304020105000420")
    digest_info += hashlib.sha256(message).digest()
    # The card pads the 51-byte DigestInfo (block type 01) and applies its private key:
    # undoing that with the public key gives the DigestInfo back.
    signature = _sign(card.private_key, message)
    public = card.private_key.public_key().public_numbers()
    size = (public.n.bit_length() + 7) // 8
    block = pow(int.from_bytes(signature), public.e, public.n).to_bytes(size)
    assert block == b"\x00\x01" + b"\xff" * (size - 3 - len(digest_info)) + b"\x00" + digest_info


async def test_an_ec_p256_card_key_signs_with_ecdsa(server: LiveServer, pki: TestPki) -> None:
    certificate, key = PkiVariants.leaf(
        pki,
        key_usage=PkiVariants.key_usage(digital_signature=True),
        extended_key_usage=[ExtendedKeyUsageOID.CLIENT_AUTH],
        ec_key=True,
    )
    reply = await _login(server, certificate, key)
    assert reply.status == 200, reply.raw
    assert reply.body["practitioner"] == RPPS


async def test_a_challenge_is_spent_by_its_first_login_whatever_the_outcome(
    server: LiveServer, card: PractitionerCredentials
) -> None:
    challenge = await _challenge(server)
    first = await _login(server, card.certificate, card.private_key, challenge=challenge)
    assert first.status == 200
    replayed = await _login(server, card.certificate, card.private_key, challenge=challenge)
    _refused(replayed, "invalid_challenge", "already used")
    # A failed attempt spends it too: a challenge is worth one try.
    failed = await _challenge(server)
    wrong = await _login(
        server, card.certificate, card.private_key, challenge=failed, message=lambda n: n
    )
    _refused(wrong, "invalid_signature", "signature does not match")
    retried = await _login(server, card.certificate, card.private_key, challenge=failed)
    _refused(retried, "invalid_challenge", "ask for a new one")
    # One this server never issued, however well formed.
    forged = base64.urlsafe_b64encode(b"\x00" * 32).rstrip(b"=").decode()
    unknown = await _login(server, card.certificate, card.private_key, challenge=forged)
    _refused(unknown, "invalid_challenge", "unknown")


async def test_an_expired_challenge_is_refused(
    cps_server_factory: CpsServerFactory, pki: TestPki, card: PractitionerCredentials
) -> None:
    clock = Clock()
    server = await cps_server_factory(
        [pki.ca_certificate], challenges=ChallengeStore(60, clock=clock)
    )
    late = await _challenge(server)
    in_time = await _challenge(server)
    clock.now += 59
    assert (
        await _login(server, card.certificate, card.private_key, challenge=in_time)
    ).status == 200
    clock.now += 2
    reply = await _login(server, card.certificate, card.private_key, challenge=late)
    _refused(reply, "invalid_challenge", "expired")


async def test_wrong_signatures_are_refused(
    server: LiveServer, pki: TestPki, card: PractitionerCredentials
) -> None:
    # The bare nonce, without the prefix the client must add.
    bare = await _login(server, card.certificate, card.private_key, message=lambda n: n)
    _refused(bare, "invalid_signature", "signature does not match")
    # Another practitioner's card signs, this one's certificate is shown.
    other = pki.issue_practitioner("810009999999")
    stolen = await _login(server, card.certificate, other.private_key)
    _refused(stolen, "invalid_signature", "signature does not match")
    # The right key over SHA-1, or PSS rather than PKCS#1 v1.5.
    for sign in (
        lambda m: card.private_key.sign(m, padding.PKCS1v15(), hashes.SHA1()),  # noqa: S303
        lambda m: card.private_key.sign(
            m, padding.PSS(padding.MGF1(hashes.SHA256()), 32), hashes.SHA256()
        ),
    ):
        challenge = await _challenge(server)
        body = {
            "challenge": challenge,
            "certificate": _der(card.certificate),
            "signature": _b64(sign(SIGNED_PREFIX + _nonce(challenge))),
        }
        reply = await server.post("/auth/cps/login", body, auth=False)
        _refused(reply, "invalid_signature", "signature does not match")


async def test_a_certificate_from_an_untrusted_authority_is_refused(
    server: LiveServer, caplog: pytest.LogCaptureFixture
) -> None:
    stranger = TestPki.create_ca("Cabinet TEST other CA")
    # The very same subject as a trusted card, the same idNatPs: only the issuer differs.
    lookalike = stranger.issue_practitioner(ID_NAT_PS, "MARTIN", "Claire")
    with caplog.at_level(logging.WARNING, logger="backend.auth"):
        reply = await _login(server, lookalike.certificate, lookalike.private_key)
    _refused(reply, "invalid_certificate", "not accepted by this server")
    # The log says why, by fingerprint, and names nobody.
    logged = " ".join(r.getMessage() for r in caplog.records)
    assert "not accepted" in logged
    assert "MARTIN" not in logged
    # A self-signed "card" certificate is no better.
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.SERIAL_NUMBER, ID_NAT_PS)])
    self_signed = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(lookalike.certificate.not_valid_before_utc)
        .not_valid_after(lookalike.certificate.not_valid_after_utc)
        .sign(key, hashes.SHA256())
    )
    reply = await _login(server, self_signed, key)
    _refused(reply, "invalid_certificate", "not accepted by this server")


async def test_an_expired_or_not_yet_valid_certificate_is_refused(
    server: LiveServer, pki: TestPki
) -> None:
    now = datetime.datetime.now(datetime.UTC)
    expired = pki.issue_practitioner(
        ID_NAT_PS,
        not_before=now - datetime.timedelta(days=400),
        not_after=now - datetime.timedelta(days=1),
    )
    reply = await _login(server, expired.certificate, expired.private_key)
    _refused(reply, "invalid_certificate", "expired or is not yet valid")
    early = pki.issue_practitioner(
        ID_NAT_PS,
        not_before=now + datetime.timedelta(days=1),
        not_after=now + datetime.timedelta(days=400),
    )
    reply = await _login(server, early.certificate, early.private_key)
    _refused(reply, "invalid_certificate", "expired or is not yet valid")


async def test_only_an_authentication_certificate_logs_in(server: LiveServer, pki: TestPki) -> None:
    # The card's other certificate: non-repudiation and emailProtection.
    signing = pki.issue_practitioner(ID_NAT_PS, usage=KeyUsageKind.SIGNATURE)
    reply = await _login(server, signing.certificate, signing.private_key)
    _refused(reply, "invalid_certificate", "not an authentication certificate")
    client_auth = [ExtendedKeyUsageOID.CLIENT_AUTH]
    refused = {
        "keyEncipherment only": PkiVariants.leaf(
            pki,
            key_usage=PkiVariants.key_usage(key_encipherment=True),
            extended_key_usage=client_auth,
        ),
        "no keyUsage at all": PkiVariants.leaf(pki, extended_key_usage=client_auth),
        "EKU without clientAuth": PkiVariants.leaf(
            pki,
            key_usage=PkiVariants.key_usage(digital_signature=True),
            extended_key_usage=[ExtendedKeyUsageOID.EMAIL_PROTECTION],
        ),
    }
    for case, (certificate, key) in refused.items():
        reply = await _login(server, certificate, key)
        assert reply.status == 401, case
    # extendedKeyUsage is optional: digitalSignature alone is enough.
    certificate, key = PkiVariants.leaf(
        pki, key_usage=PkiVariants.key_usage(digital_signature=True)
    )
    assert (await _login(server, certificate, key)).status == 200


async def test_a_chain_through_an_intermediate(cps_server_factory: CpsServerFactory) -> None:
    root = PkiVariants.root()
    intermediate = PkiVariants.intermediate(root)
    card = intermediate.issue_practitioner(ID_NAT_PS)
    server = await cps_server_factory([root.ca_certificate])
    reply = await _login(
        server, card.certificate, card.private_key, intermediates=[intermediate.ca_certificate]
    )
    assert reply.status == 200, reply.raw
    assert reply.body["practitioner"] == RPPS
    # Without the intermediate the chain does not reach the root.
    missing = await _login(server, card.certificate, card.private_key)
    _refused(missing, "invalid_certificate", "not accepted")
    # An end-entity certificate posing as the intermediate (basicConstraints cA false).
    impostor = PkiVariants.intermediate(root, "Cabinet TEST not a CA", ca=False)
    forged = impostor.issue_practitioner(ID_NAT_PS)
    reply = await _login(
        server, forged.certificate, forged.private_key, intermediates=[impostor.ca_certificate]
    )
    _refused(reply, "invalid_certificate", "not accepted")
    # Trusting the intermediate itself is enough, without its root.
    pinned = await cps_server_factory([intermediate.ca_certificate])
    assert (await _login(pinned, card.certificate, card.private_key)).status == 200


async def test_a_certificate_naming_no_rpps_practitioner_is_refused(
    server: LiveServer, pki: TestPki
) -> None:
    # An ADELI-based idNatPs ("0" + ADELI): a practitioner, but not one in the RPPS.
    adeli = pki.issue_practitioner("0751234567")
    reply = await _login(server, adeli.certificate, adeli.private_key)
    _refused(reply, "invalid_certificate", "does not name a practitioner by RPPS")


async def test_the_identity_attribute_is_configurable(
    cps_server_factory: CpsServerFactory, pki: TestPki, card: PractitionerCredentials
) -> None:
    assert CpsIdentity.attribute_named("CN") == NameOID.COMMON_NAME
    assert CpsIdentity.attribute_named("2.5.4.5") == NameOID.SERIAL_NUMBER
    with pytest.raises(ValueError, match="unknown subject attribute"):
        CpsIdentity.attribute_named("rpps")
    # Reading CN ("Claire MARTIN") finds no idNatPs there.
    server = await cps_server_factory(
        [pki.ca_certificate], identity=CpsIdentity(NameOID.COMMON_NAME)
    )
    reply = await _login(server, card.certificate, card.private_key)
    _refused(reply, "invalid_certificate", "does not name a practitioner")


async def test_without_trust_anchors_cps_login_is_off_and_says_so(
    cps_server_factory: CpsServerFactory, card: PractitionerCredentials
) -> None:
    server = await cps_server_factory(None)
    for path, body in (
        ("/auth/cps/challenge", None),
        ("/auth/cps/login", {"challenge": "x", "certificate": _der(card.certificate)}),
    ):
        reply = await server.post(path, body, auth=False)
        assert reply.status == 501, reply.raw
        issue = reply.issues[0]
        assert issue["code"] == "not-supported"
        assert "--cps-trust-anchors" in issue["diagnostics"]
    # The bootstrap login is still there.
    bootstrap = await server.post(
        "/auth/bootstrap",
        {"practitioner": RPPS},
        auth=False,
        headers={"Authorization": f"Bootstrap {BOOTSTRAP_SECRET.hex()}"},
    )
    assert bootstrap.status == 200
    # Only methods with a challenge step have one.
    assert (await server.post("/auth/bootstrap/challenge", auth=False)).status == 404
    assert (await server.post("/auth/psc/challenge", auth=False)).status == 404


async def test_malformed_logins_are_400(server: LiveServer, card: PractitionerCredentials) -> None:
    certificate = _der(card.certificate)
    signature = _b64(b"\x01" * 256)
    cases: list[dict[str, Any]] = [
        {},
        {"challenge": 3},
        {"certificate": "not base64!", "signature": signature},
        {"certificate": _b64(b"not a certificate"), "signature": signature},
        {"certificate": certificate},
        {"certificate": certificate, "signature": ""},
        {"certificate": certificate, "signature": signature, "intermediates": certificate},
        {"certificate": certificate, "signature": signature, "intermediates": [certificate] * 4},
        {"certificate": certificate, "signature": signature, "intermediates": ["%%"]},
    ]
    for case in cases:
        if case and "challenge" not in case:
            case["challenge"] = await _challenge(server)
        reply = await server.post("/auth/cps/login", case, auth=False)
        assert reply.status == 400, (case.keys(), reply.raw)
        assert reply.issues[0]["code"] == "invalid"
    # URL-safe base64 without padding is accepted as well.
    challenge = await _challenge(server)
    der = card.certificate.public_bytes(serialization.Encoding.DER)
    signed = _sign(card.private_key, SIGNED_PREFIX + _nonce(challenge))
    body = {
        "challenge": challenge,
        "certificate": base64.urlsafe_b64encode(der).rstrip(b"=").decode(),
        "signature": base64.urlsafe_b64encode(signed).rstrip(b"=").decode(),
    }
    assert (await server.post("/auth/cps/login", body, auth=False)).status == 200


async def test_challenges_are_rate_limited(
    cps_server_factory: CpsServerFactory, pki: TestPki
) -> None:
    clock = Clock()
    challenges = ChallengeStore(
        clock=clock, max_outstanding=5, limiter=RateLimiter(burst=3, rate_per_s=0.5, clock=clock)
    )
    server = await cps_server_factory([pki.ca_certificate], challenges=challenges)
    for _ in range(3):
        await _challenge(server)
    throttled = await server.post("/auth/cps/challenge", auth=False)
    assert throttled.status == 429
    assert throttled.headers["Retry-After"] == "2"
    assert throttled.issues[0]["code"] == "throttled"
    clock.now += 2
    await _challenge(server)
    # However slowly they come, no more than max_outstanding wait at once...
    clock.now += 10
    await _challenge(server)
    full = await server.post("/auth/cps/challenge", auth=False)
    assert full.status == 429
    assert "too many logins under way" in full.issues[0]["diagnostics"]
    # ...until they expire.
    clock.now += 60
    await _challenge(server)
    assert challenges.outstanding == 1


async def test_the_server_process_takes_its_anchors_from_the_command_line(
    tmp_path: Path, pki: TestPki, card: PractitionerCredentials
) -> None:
    pki.save(tmp_path)
    bundle = tmp_path / "ca.crt.pem"
    child = await BackendProcess.launch(
        ["--db", f"sqlite:{tmp_path / 'db.sqlite'}", "--cps-trust-anchors", str(bundle)],
        tmp_path / "backend.log",
    )
    try:
        url = await child.listening()
        async with aiohttp.ClientSession() as session:
            async with session.post(f"{url}/auth/cps/challenge") as response:
                assert response.status == 200
                challenge = (await response.json())["challenge"]
            body = {
                "challenge": challenge,
                "certificate": _der(card.certificate),
                "signature": _b64(_sign(card.private_key, SIGNED_PREFIX + _nonce(challenge))),
            }
            async with session.post(f"{url}/auth/cps/login", json=body) as response:
                assert response.status == 200
                token = (await response.json())["access_token"]
            bearer = {"Authorization": f"Bearer {token}"}
            async with session.get(f"{url}/Patient", headers=bearer) as response:
                assert response.status == 200
    finally:
        await child.stop()
    # A bundle that is not one, or holds a certificate that is no CA: refused at start.
    leaf_bundle = tmp_path / "leaf.pem"
    leaf_bundle.write_bytes(card.certificate.public_bytes(serialization.Encoding.PEM))
    for path, words in (
        (tmp_path / "missing.pem", "No such file"),
        (tmp_path / "db.sqlite", "no PEM certificate"),
        (leaf_bundle, "is not a CA certificate"),
    ):
        log = tmp_path / f"refused-{path.name}.log"
        refused = await BackendProcess.launch(
            ["--db", f"sqlite:{tmp_path / 'db.sqlite'}", "--cps-trust-anchors", str(path)], log
        )
        try:
            assert await refused.wait() == 2
            assert words in refused.stderr()
        finally:
            await refused.stop()
