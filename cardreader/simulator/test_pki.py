"""A TEST public-key infrastructure: a CA and practitioner certificates for simulated CPS cards.

Nothing here is, or imitates, the real IGC-Santé: its trust anchors and exact certificate
profiles were not checked (NOT PUBLIC in ../shared/reference/cards.md). The choices below
are this project's own and only need to be self-consistent:

- keys are RSA (2048 bits by default); the simulated card signs with RSA PKCS#1 v1.5;
- the practitioner's subject carries the idNatPs (``8`` + RPPS, e.g. ``810001234567``)
  in ``serialNumber`` (OID 2.5.4.5), plus ``CN`` = "given SURNAME", ``GN`` and ``SN``;
- every name says TEST, so such a certificate can never be mistaken for a real one.

Usage, from tests, the demo or another process::

    pki = TestPki.create_ca()
    creds = pki.issue_practitioner("810001234567", "MARTIN", "Claire")
    pki.save(directory)
    creds.save(directory)
    # later, elsewhere
    pki = TestPki.load(directory)
    creds = PractitionerCredentials.load(directory, "810001234567")
    TestPki.id_nat_ps_of(creds.certificate)  # "810001234567"

or from a shell: ``python -m cardreader.simulator.test_pki DIRECTORY [--id-nat-ps ...]``.
Generated keys are written unencrypted, for tests only: never commit them.
"""

import argparse
import datetime
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

CA_CERTIFICATE_FILE = "ca.crt.pem"
CA_KEY_FILE = "ca.key.pem"

# Default practitioner of the demo and of the tests: "8" (RPPS-based idNatPs) + 11 digits.
DEFAULT_ID_NAT_PS = "810001234567"


class KeyUsageKind(StrEnum):
    """Which of the CPS's two keys a certificate belongs to (cards.md: CPS_PRIV_AUT/SIG)."""

    AUTHENTICATION = "auth"
    SIGNATURE = "sig"


@dataclass(frozen=True)
class PractitionerCredentials:
    """A practitioner certificate and its private key, as a simulated CPS holds them."""

    id_nat_ps: str
    usage: KeyUsageKind
    certificate: x509.Certificate
    private_key: rsa.RSAPrivateKey

    @property
    def certificate_der(self) -> bytes:
        """The certificate as the card stores it in its certificate file."""
        return self.certificate.public_bytes(serialization.Encoding.DER)

    def save(self, directory: Path) -> tuple[Path, Path]:
        """Write the certificate and key as PEM; return their paths (certificate, key)."""
        directory.mkdir(parents=True, exist_ok=True)
        cert_path, key_path = self.paths(directory, self.id_nat_ps, self.usage)
        cert_path.write_bytes(self.certificate.public_bytes(serialization.Encoding.PEM))
        _write_private_key(key_path, self.private_key)
        return cert_path, key_path

    @classmethod
    def load(
        cls,
        directory: Path,
        id_nat_ps: str = DEFAULT_ID_NAT_PS,
        usage: KeyUsageKind = KeyUsageKind.AUTHENTICATION,
    ) -> "PractitionerCredentials":
        """Read what :meth:`save` wrote."""
        cert_path, key_path = cls.paths(directory, id_nat_ps, usage)
        certificate = x509.load_pem_x509_certificate(cert_path.read_bytes())
        return cls(id_nat_ps, usage, certificate, _read_rsa_key(key_path))

    @staticmethod
    def paths(directory: Path, id_nat_ps: str, usage: KeyUsageKind) -> tuple[Path, Path]:
        """Where a practitioner's certificate and key live in a test-PKI directory."""
        stem = f"practitioner-{id_nat_ps}-{usage.value}"
        return directory / f"{stem}.crt.pem", directory / f"{stem}.key.pem"


class TestPki:
    """A TEST certificate authority that issues practitioner certificates."""

    # Tests import this class; pytest must not take it for a test case.
    __test__ = False

    def __init__(self, ca_certificate: x509.Certificate, ca_key: rsa.RSAPrivateKey) -> None:
        self.ca_certificate = ca_certificate
        self.ca_key = ca_key

    @classmethod
    def create_ca(
        cls,
        common_name: str = "Cabinet TEST CA - not a real authority",
        *,
        valid_days: int = 3650,
        key_size: int = 2048,
    ) -> "TestPki":
        """Make a fresh self-signed CA (a new key every call)."""
        key = rsa.generate_private_key(public_exponent=65537, key_size=key_size)
        name = x509.Name(
            [
                x509.NameAttribute(NameOID.COUNTRY_NAME, "FR"),
                x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Cabinet TEST"),
                x509.NameAttribute(NameOID.COMMON_NAME, common_name),
            ]
        )
        now = _now()
        certificate = (
            x509.CertificateBuilder()
            .subject_name(name)
            .issuer_name(name)
            .public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - datetime.timedelta(days=1))
            .not_valid_after(now + datetime.timedelta(days=valid_days))
            .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
            .add_extension(
                x509.KeyUsage(
                    digital_signature=False,
                    content_commitment=False,
                    key_encipherment=False,
                    data_encipherment=False,
                    key_agreement=False,
                    key_cert_sign=True,
                    crl_sign=True,
                    encipher_only=False,
                    decipher_only=False,
                ),
                critical=True,
            )
            .add_extension(
                x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False
            )
            .sign(key, hashes.SHA256())
        )
        return cls(certificate, key)

    def issue_practitioner(
        self,
        id_nat_ps: str = DEFAULT_ID_NAT_PS,
        surname: str = "MEDECIN",
        given_name: str = "Test",
        *,
        usage: KeyUsageKind = KeyUsageKind.AUTHENTICATION,
        not_before: datetime.datetime | None = None,
        not_after: datetime.datetime | None = None,
        key_size: int = 2048,
    ) -> PractitionerCredentials:
        """Issue a certificate, with a new key, for the practitioner ``id_nat_ps``.

        ``not_before``/``not_after`` let a test make an expired or not-yet-valid one.
        """
        if not id_nat_ps.isascii() or not id_nat_ps.isalnum() or len(id_nat_ps) > 64:
            raise ValueError("idNatPs must be 1 to 64 ASCII letters or digits")
        key = rsa.generate_private_key(public_exponent=65537, key_size=key_size)
        now = _now()
        subject = x509.Name(
            [
                x509.NameAttribute(NameOID.COUNTRY_NAME, "FR"),
                x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Cabinet TEST"),
                x509.NameAttribute(NameOID.SERIAL_NUMBER, id_nat_ps),
                x509.NameAttribute(NameOID.SURNAME, surname),
                x509.NameAttribute(NameOID.GIVEN_NAME, given_name),
                x509.NameAttribute(NameOID.COMMON_NAME, f"{given_name} {surname}"),
            ]
        )
        authentication = usage is KeyUsageKind.AUTHENTICATION
        certificate = (
            x509.CertificateBuilder()
            .subject_name(subject)
            .issuer_name(self.ca_certificate.subject)
            .public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(not_before or now - datetime.timedelta(days=1))
            .not_valid_after(not_after or now + datetime.timedelta(days=3 * 365))
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .add_extension(
                x509.KeyUsage(
                    digital_signature=authentication,
                    content_commitment=not authentication,
                    key_encipherment=False,
                    data_encipherment=False,
                    key_agreement=False,
                    key_cert_sign=False,
                    crl_sign=False,
                    encipher_only=False,
                    decipher_only=False,
                ),
                critical=True,
            )
            .add_extension(
                x509.ExtendedKeyUsage(
                    [ExtendedKeyUsageOID.CLIENT_AUTH]
                    if authentication
                    else [ExtendedKeyUsageOID.EMAIL_PROTECTION]
                ),
                critical=False,
            )
            .add_extension(
                x509.AuthorityKeyIdentifier.from_issuer_public_key(self.ca_key.public_key()),
                critical=False,
            )
            .add_extension(
                x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False
            )
            .sign(self.ca_key, hashes.SHA256())
        )
        return PractitionerCredentials(id_nat_ps, usage, certificate, key)

    def save(self, directory: Path) -> tuple[Path, Path]:
        """Write the CA certificate and key as PEM; return their paths (certificate, key)."""
        directory.mkdir(parents=True, exist_ok=True)
        cert_path, key_path = directory / CA_CERTIFICATE_FILE, directory / CA_KEY_FILE
        cert_path.write_bytes(self.ca_certificate.public_bytes(serialization.Encoding.PEM))
        _write_private_key(key_path, self.ca_key)
        return cert_path, key_path

    @classmethod
    def load(cls, directory: Path) -> "TestPki":
        """Read a CA that :meth:`save` wrote."""
        certificate = x509.load_pem_x509_certificate((directory / CA_CERTIFICATE_FILE).read_bytes())
        return cls(certificate, _read_rsa_key(directory / CA_KEY_FILE))

    @classmethod
    def create_into(
        cls,
        directory: Path,
        id_nat_ps: str = DEFAULT_ID_NAT_PS,
        surname: str = "MEDECIN",
        given_name: str = "Test",
    ) -> tuple["TestPki", PractitionerCredentials, PractitionerCredentials]:
        """Make a CA and one practitioner's authentication and signature credentials.

        Everything is written into ``directory``; returns (pki, authentication, signature).
        """
        pki = cls.create_ca()
        pki.save(directory)
        auth = pki.issue_practitioner(id_nat_ps, surname, given_name)
        sig = pki.issue_practitioner(id_nat_ps, surname, given_name, usage=KeyUsageKind.SIGNATURE)
        auth.save(directory)
        sig.save(directory)
        return pki, auth, sig

    @staticmethod
    def id_nat_ps_of(certificate: x509.Certificate) -> str:
        """The idNatPs a certificate issued here carries (its subject's serialNumber)."""
        values = certificate.subject.get_attributes_for_oid(NameOID.SERIAL_NUMBER)
        if len(values) != 1:
            raise ValueError("the certificate subject has no single serialNumber (idNatPs)")
        value = values[0].value
        return value if isinstance(value, str) else value.decode("ascii")


def _now() -> datetime.datetime:
    return datetime.datetime.now(datetime.UTC)


def _write_private_key(path: Path, key: rsa.RSAPrivateKey) -> None:
    path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    # A test key is still a key: keep it from other users of a shared machine.
    path.chmod(0o600)


def _read_rsa_key(path: Path) -> rsa.RSAPrivateKey:
    key = serialization.load_pem_private_key(path.read_bytes(), password=None)
    if not isinstance(key, rsa.RSAPrivateKey):
        raise TypeError(f"{path} does not hold an RSA private key")
    return key


def main(argv: list[str] | None = None) -> None:
    """Create a TEST CA and one practitioner's credentials into a directory."""
    parser = argparse.ArgumentParser(description=main.__doc__)
    parser.add_argument("directory", type=Path)
    parser.add_argument("--id-nat-ps", default=DEFAULT_ID_NAT_PS)
    parser.add_argument("--surname", default="MEDECIN")
    parser.add_argument("--given-name", default="Test")
    args = parser.parse_args(argv)
    TestPki.create_into(args.directory, args.id_nat_ps, args.surname, args.given_name)


if __name__ == "__main__":
    main()
