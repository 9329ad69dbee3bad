"""Who a CPS belongs to, read from its authentication certificate.

ASSUMPTION, the same as the backend's (backend/auth/cps_identity.py; cards.md does not
say where IGC-Santé puts it): the subject's ``serialNumber`` (OID 2.5.4.5) holds the
idNatPs, ``8`` + RPPS or ``0`` + ADELI; ``GN`` and ``SN`` the names, else ``CN``. The
workstation only shows and remembers these: whether the certificate is to be trusted
is the backend's check (online) or the remembered certificate's (offline).
"""

import re

from cryptography import x509
from cryptography.x509.oid import NameOID

from app.domain.card_error import CardError
from app.domain.card_error_reason import CardErrorReason
from app.domain.cps_identity import CpsIdentity

ID_NAT_PS = re.compile(r"[08]\d{8,21}")
MAX_NAME = 100


class CertificateIdentity:
    """Turns a certificate's DER into a :class:`CpsIdentity`."""

    @staticmethod
    def of(der: bytes) -> CpsIdentity:
        """Raises ``CardError(UNREADABLE)`` for a certificate that does not parse or names
        no single idNatPs."""
        try:
            certificate = x509.load_der_x509_certificate(der)
            subject = certificate.subject
        except ValueError:
            raise CardError(CardErrorReason.UNREADABLE, detail="certificate") from None
        serials = [_text(a.value) for a in subject.get_attributes_for_oid(NameOID.SERIAL_NUMBER)]
        if len(serials) != 1 or not ID_NAT_PS.fullmatch(serials[0]):
            raise CardError(CardErrorReason.UNREADABLE, detail="certificate names no idNatPs")
        family = _first(subject, NameOID.SURNAME)
        given = _first(subject, NameOID.GIVEN_NAME)
        if not family:
            family = _first(subject, NameOID.COMMON_NAME)
        return CpsIdentity(serials[0], family[:MAX_NAME], given[:MAX_NAME], der)


def _first(subject: x509.Name, oid: x509.ObjectIdentifier) -> str:
    values = subject.get_attributes_for_oid(oid)
    return _text(values[0].value) if values else ""


def _text(value: str | bytes) -> str:
    return value.strip() if isinstance(value, str) else ""
