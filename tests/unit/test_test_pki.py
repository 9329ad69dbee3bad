"""The TEST PKI: a CA and practitioner credentials that round-trip through a directory."""

import datetime
from pathlib import Path

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa

from cardreader.simulator.test_pki import (
    DEFAULT_ID_NAT_PS,
    KeyUsageKind,
    PractitionerCredentials,
    TestPki,
)


def test_created_pki_loads_back_and_chains(tmp_path: Path) -> None:
    pki, auth, sig = TestPki.create_into(tmp_path, "810001234567", "MARTIN", "Claire")

    loaded = TestPki.load(tmp_path)
    loaded_auth = PractitionerCredentials.load(tmp_path, "810001234567")
    loaded_sig = PractitionerCredentials.load(tmp_path, "810001234567", KeyUsageKind.SIGNATURE)

    assert loaded.ca_certificate == pki.ca_certificate
    assert loaded_auth.certificate == auth.certificate
    assert loaded_sig.certificate == sig.certificate
    loaded_auth.certificate.verify_directly_issued_by(loaded.ca_certificate)
    assert TestPki.id_nat_ps_of(loaded_auth.certificate) == "810001234567"
    assert auth.certificate.subject.rfc4514_string().startswith("CN=Claire MARTIN")
    # The key on disk is the certificate's key.
    challenge = b"challenge from the backend"
    signature = loaded_auth.private_key.sign(challenge, padding.PKCS1v15(), hashes.SHA256())
    public_key = auth.certificate.public_key()
    assert isinstance(public_key, rsa.RSAPublicKey)
    public_key.verify(signature, challenge, padding.PKCS1v15(), hashes.SHA256())
    assert (tmp_path / "ca.key.pem").stat().st_mode & 0o077 == 0


def test_expired_certificate_can_be_issued() -> None:
    pki = TestPki.create_ca()
    past = datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC)
    creds = pki.issue_practitioner(
        DEFAULT_ID_NAT_PS, not_before=past, not_after=past + datetime.timedelta(days=1)
    )
    assert creds.certificate.not_valid_after_utc < datetime.datetime.now(datetime.UTC)


def test_cli_writes_a_directory(tmp_path: Path) -> None:
    from cardreader.simulator import test_pki

    test_pki.main([str(tmp_path / "pki"), "--id-nat-ps", "810009999999"])
    creds = PractitionerCredentials.load(tmp_path / "pki", "810009999999")
    assert TestPki.id_nat_ps_of(creds.certificate) == "810009999999"
