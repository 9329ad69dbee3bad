"""Certificates the card simulator's TEST PKI does not make, built on it for auth tests.

:class:`cardreader.simulator.test_pki.TestPki` makes a root that issues practitioner
certificates directly (``pathLen`` 0) with the authentication or the signature profile.
The backend's checks also need a root above an intermediate, a "CA" that is not one,
and leaves with other key usages or an EC key. These reuse TestPki wherever it fits:
an intermediate is a ``TestPki`` too, so ``issue_practitioner`` works under it.
"""

import datetime

from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.x509.oid import NameOID

from cardreader.simulator.test_pki import DEFAULT_ID_NAT_PS, TestPki

PrivateKey = rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey


class PkiVariants:
    """Factories of TEST certificates; every name says TEST."""

    @staticmethod
    def root(common_name: str = "Cabinet TEST root CA") -> TestPki:
        """A self-signed root that may have intermediates below it (no path length)."""
        key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        name = _ca_name(common_name)
        certificate = (
            _builder(name, name, key.public_key())
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .add_extension(_ca_key_usage(), critical=True)
            .add_extension(
                x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False
            )
            .sign(key, hashes.SHA256())
        )
        return TestPki(certificate, key)

    @staticmethod
    def intermediate(
        root: TestPki, common_name: str = "Cabinet TEST intermediate CA", *, ca: bool = True
    ) -> TestPki:
        """A CA issued by ``root``; ``ca=False`` makes an end-entity posing as one."""
        key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        builder = _builder(_ca_name(common_name), root.ca_certificate.subject, key.public_key())
        builder = builder.add_extension(
            x509.BasicConstraints(ca=ca, path_length=0 if ca else None), critical=True
        )
        if ca:
            builder = builder.add_extension(_ca_key_usage(), critical=True)
        certificate = (
            builder.add_extension(
                x509.AuthorityKeyIdentifier.from_issuer_public_key(root.ca_key.public_key()),
                critical=False,
            )
            .add_extension(
                x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False
            )
            .sign(root.ca_key, hashes.SHA256())
        )
        return TestPki(certificate, key)

    @staticmethod
    def leaf(
        issuer: TestPki,
        id_nat_ps: str = DEFAULT_ID_NAT_PS,
        *,
        key_usage: x509.KeyUsage | None = None,
        extended_key_usage: list[x509.ObjectIdentifier] | None = None,
        ec_key: bool = False,
    ) -> tuple[x509.Certificate, PrivateKey]:
        """A practitioner certificate with the key usages asked (None: extension absent)."""
        key: PrivateKey = (
            ec.generate_private_key(ec.SECP256R1())
            if ec_key
            else rsa.generate_private_key(public_exponent=65537, key_size=2048)
        )
        subject = x509.Name(
            [
                x509.NameAttribute(NameOID.COUNTRY_NAME, "FR"),
                x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Cabinet TEST"),
                x509.NameAttribute(NameOID.SERIAL_NUMBER, id_nat_ps),
                x509.NameAttribute(NameOID.COMMON_NAME, "Test VARIANT"),
            ]
        )
        builder = _builder(subject, issuer.ca_certificate.subject, key.public_key())
        if key_usage is not None:
            builder = builder.add_extension(key_usage, critical=True)
        if extended_key_usage is not None:
            builder = builder.add_extension(
                x509.ExtendedKeyUsage(extended_key_usage), critical=False
            )
        certificate = builder.add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer.ca_key.public_key()),
            critical=False,
        ).sign(issuer.ca_key, hashes.SHA256())
        return certificate, key

    @staticmethod
    def key_usage(
        *, digital_signature: bool = False, key_encipherment: bool = False
    ) -> x509.KeyUsage:
        return x509.KeyUsage(
            digital_signature=digital_signature,
            content_commitment=False,
            key_encipherment=key_encipherment,
            data_encipherment=False,
            key_agreement=False,
            key_cert_sign=False,
            crl_sign=False,
            encipher_only=False,
            decipher_only=False,
        )


def _builder(
    subject: x509.Name, issuer: x509.Name, public_key: rsa.RSAPublicKey | ec.EllipticCurvePublicKey
) -> x509.CertificateBuilder:
    now = datetime.datetime.now(datetime.UTC)
    return (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer)
        .public_key(public_key)
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=365))
    )


def _ca_name(common_name: str) -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "FR"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Cabinet TEST"),
            x509.NameAttribute(NameOID.COMMON_NAME, common_name),
        ]
    )


def _ca_key_usage() -> x509.KeyUsage:
    return x509.KeyUsage(
        digital_signature=False,
        content_commitment=False,
        key_encipherment=False,
        data_encipherment=False,
        key_agreement=False,
        key_cert_sign=True,
        crl_sign=True,
        encipher_only=False,
        decipher_only=False,
    )
