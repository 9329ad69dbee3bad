"""Is a CPS authentication certificate one this server trusts? Chain, dates, key usage.

The chain is built and checked by ``cryptography.x509.verification`` (a ClientVerifier)
rather than by a hand-written walk: path building over several candidates, signature
checks at every link, validity periods, basicConstraints and path length of every CA,
name constraints, and refusal of unknown critical extensions are all done there, in
code reviewed for exactly that. Its default profile is the CA/Browser Forum's web PKI,
which fits CA certificates but not a smart card's end-entity certificate, so the
end-entity profile is given here:

- keyUsage present and asserting digitalSignature (INTERNAL AUTHENTICATE signs with
  the authentication key; the card's other key, non-repudiation, must not log in);
- extendedKeyUsage optional, but when present it must include clientAuth;
- basicConstraints optional, but not cA; no nameConstraints;
- no subjectAltName required (CPS certificates name the practitioner in the subject),
  no authorityKeyIdentifier required.

CA certificates keep the library's web-PKI CA profile (basicConstraints cA critical,
keyUsage keyCertSign, well-formed authorityKeyIdentifier). What the web-PKI profile
also brings, and this keeps: X.509 v3 only, positive serial numbers of at most 20
bytes, RSA keys of 2048 bits or more and P-256/384/521 for CAs, SHA-256 or stronger
signatures (no SHA-1). ASSUMPTION: the real IGC-Santé CA certificates fit that; they
were not checked here (reference/cards.md). Revocation (CRL, OCSP) is not checked.
"""

import datetime
import logging
import re
import time
from collections.abc import Callable, Sequence

from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.x509.oid import ExtendedKeyUsageOID
from cryptography.x509.verification import (
    Criticality,
    ExtensionPolicy,
    Policy,
    PolicyBuilder,
    Store,
    VerificationError,
)

from backend.auth.auth_error import AuthError
from backend.auth.cps_trust_anchors import CpsTrustAnchors

log = logging.getLogger("backend.auth")

# Intermediates between the card's certificate and an anchor; IGC-Santé has one or two.
DEFAULT_MAX_CHAIN_DEPTH = 4
SCHEME = "CPS"
# The library names the certificate it stopped at; a subject names a practitioner, and
# the log needs the reason only.
_NAMES_IN_REASON = re.compile(r"<Certificate\(subject=<Name\(.*?\)>, \.\.\.\)>|<Name\(.*?\)>")


class CpsCertificateVerifier:
    """Checks a leaf certificate and the intermediates a client sent against the anchors."""

    def __init__(
        self,
        anchors: CpsTrustAnchors,
        *,
        max_chain_depth: int = DEFAULT_MAX_CHAIN_DEPTH,
        clock: Callable[[], float] = time.time,
    ) -> None:
        if not anchors.certificates:
            raise ValueError("at least one trust anchor is needed")
        self._store = Store(list(anchors.certificates))
        self._max_chain_depth = max_chain_depth
        self._clock = clock
        self._ca_policy = ExtensionPolicy.webpki_defaults_ca()
        self._ee_policy = (
            ExtensionPolicy.permit_all()
            .require_present(x509.KeyUsage, Criticality.AGNOSTIC, _key_usage)
            .may_be_present(x509.ExtendedKeyUsage, Criticality.AGNOSTIC, _extended_key_usage)
            .may_be_present(x509.BasicConstraints, Criticality.AGNOSTIC, _not_a_ca)
            .require_not_present(x509.NameConstraints)
        )

    def verify(self, leaf: x509.Certificate, intermediates: Sequence[x509.Certificate]) -> None:
        """Returns if trusted; AuthError (401) with a reason fit for the client otherwise."""
        now = datetime.datetime.fromtimestamp(self._clock(), datetime.UTC)
        # Checked apart, before the chain, because it is the one refusal a practitioner can
        # act on (their card needs renewing), and the certificate is public anyway.
        if not leaf.not_valid_before_utc <= now <= leaf.not_valid_after_utc:
            log.warning(
                "CPS login refused: certificate %s outside its validity (%s to %s)",
                fingerprint(leaf),
                leaf.not_valid_before_utc.isoformat(),
                leaf.not_valid_after_utc.isoformat(),
            )
            raise AuthError(
                "the card's certificate has expired or is not yet valid",
                scheme=SCHEME,
                error="invalid_certificate",
            )
        verifier = (
            PolicyBuilder()
            .store(self._store)
            .time(now)
            .max_chain_depth(self._max_chain_depth)
            .extension_policies(ca_policy=self._ca_policy, ee_policy=self._ee_policy)
            .build_client_verifier()
        )
        try:
            verified = verifier.verify(leaf, list(intermediates))
        except VerificationError as exc:
            log.warning(
                "CPS login refused: certificate %s not accepted (%s)",
                fingerprint(leaf),
                _NAMES_IN_REASON.sub("<name>", str(exc))[:500],
            )
            raise AuthError(
                "the card's certificate is not accepted by this server: it is not an "
                "authentication certificate issued by a trusted authority",
                scheme=SCHEME,
                error="invalid_certificate",
            ) from None
        log.debug("CPS certificate %s chains in %d", fingerprint(leaf), len(verified.chain))


def fingerprint(certificate: x509.Certificate) -> str:
    """A short SHA-256 of the certificate, to follow one in the logs without its names."""
    return certificate.fingerprint(hashes.SHA256()).hex()[:16]


def _key_usage(_policy: Policy, _certificate: x509.Certificate, usage: x509.KeyUsage) -> None:
    if not usage.digital_signature:
        raise ValueError("keyUsage lacks digitalSignature")
    if usage.key_cert_sign:
        raise ValueError("an end-entity keyUsage asserts keyCertSign")


def _extended_key_usage(
    _policy: Policy, _certificate: x509.Certificate, usages: x509.ExtendedKeyUsage | None
) -> None:
    if usages is not None and ExtendedKeyUsageOID.CLIENT_AUTH not in usages:
        raise ValueError("extendedKeyUsage lacks clientAuth")


def _not_a_ca(
    _policy: Policy, _certificate: x509.Certificate, constraints: x509.BasicConstraints | None
) -> None:
    if constraints is not None and constraints.ca:
        raise ValueError("an end-entity certificate asserts cA")
