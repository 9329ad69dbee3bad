"""Which practitioner a CPS authentication certificate names: the RPPS in its subject.

ASSUMPTION (reference/cards.md does not say where IGC-Santé puts it): the subject
attribute ``serialNumber`` (OID 2.5.4.5) holds the practitioner's idNatPs, and nothing
else. The attribute is configurable (``--cps-id-attribute``: ``serialNumber``, ``CN``,
``UID``, ``OU`` or a dotted OID) for the day a real certificate profile says otherwise;
the card simulator's TEST PKI writes it in ``serialNumber``.

The idNatPs of a practitioner in the RPPS is ``8`` followed by the 11-digit RPPS number
(reference/cards.md, FR Core); the token then names that RPPS number, as every token of
this server does (:class:`Principal`), and the audit trail records it under the RPPS
system. An idNatPs of another kind (``0`` + ADELI, or a structure's staff number) names
no RPPS practitioner and is refused: this server has no way to map it to a Practitioner.
The attribute must occur exactly once: two values would leave the choice to the order
of the subject.
"""

import logging
import re

from cryptography import x509
from cryptography.x509.oid import NameOID, ObjectIdentifier

from backend.auth.auth_error import AuthError
from backend.auth.principal import MAX_DISPLAY, Principal

log = logging.getLogger("backend.auth")

ATTRIBUTES = {
    "serialNumber": NameOID.SERIAL_NUMBER,
    "CN": NameOID.COMMON_NAME,
    "UID": NameOID.USER_ID,
    "OU": NameOID.ORGANIZATIONAL_UNIT_NAME,
}
DEFAULT_ATTRIBUTE = "serialNumber"
ID_NAT_PS_RPPS = re.compile(r"8(\d{11})")
_DOTTED_OID = re.compile(r"[0-2](?:\.(?:0|[1-9]\d{0,8})){1,20}")


class CpsIdentity:
    """Reads the practitioner out of a certificate already found trustworthy."""

    def __init__(self, attribute: ObjectIdentifier = NameOID.SERIAL_NUMBER) -> None:
        self._attribute = attribute

    @staticmethod
    def attribute_named(name: str) -> ObjectIdentifier:
        """``serialNumber``, ``CN``, ``UID``, ``OU`` or a dotted OID; ValueError otherwise."""
        if name in ATTRIBUTES:
            return ATTRIBUTES[name]
        if _DOTTED_OID.fullmatch(name):
            return ObjectIdentifier(name)
        raise ValueError(
            f"unknown subject attribute {name!r}: give one of {', '.join(ATTRIBUTES)} "
            "or a dotted OID"
        )

    def principal(self, certificate: x509.Certificate) -> Principal:
        """The RPPS practitioner; AuthError (401) if the certificate names none."""
        values = certificate.subject.get_attributes_for_oid(self._attribute)
        raw = values[0].value if len(values) == 1 else None
        value = raw.strip() if isinstance(raw, str) else ""
        match = ID_NAT_PS_RPPS.fullmatch(value)
        if match is None:
            log.warning(
                "CPS login refused: the subject's %s is not one RPPS idNatPs (%d value(s))",
                self._attribute.dotted_string,
                len(values),
            )
            raise AuthError(
                "the card's certificate does not name a practitioner by RPPS number",
                scheme="CPS",
                error="invalid_certificate",
            )
        return Principal(match.group(1), _display(certificate.subject))


def _display(subject: x509.Name) -> str | None:
    names = subject.get_attributes_for_oid(NameOID.COMMON_NAME)
    if names and isinstance(names[0].value, str) and names[0].value.strip():
        return names[0].value.strip()[:MAX_DISPLAY]
    given = subject.get_attributes_for_oid(NameOID.GIVEN_NAME)
    surname = subject.get_attributes_for_oid(NameOID.SURNAME)
    parts = [a.value for a in (*given[:1], *surname[:1]) if isinstance(a.value, str)]
    return " ".join(parts).strip()[:MAX_DISPLAY] or None
