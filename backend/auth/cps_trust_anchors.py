"""The certification authorities whose CPS certificates this server accepts: a PEM bundle.

None is trusted by default: CPS card login is off until ``--cps-trust-anchors`` names a
bundle. The real IGC-Santé roots are not shipped here (reference/cards.md: not checked,
keep them configurable); the tests and the demo use the TEST CA of the card simulator.
Every certificate in the bundle is an anchor, a root or an intermediate alike: trusting
an intermediate trusts exactly what it issued. Each must be a CA certificate
(basicConstraints cA), since an end-entity anchor could never validate a chain and is
surely a mistake in the bundle.
"""

import datetime
import logging
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509

log = logging.getLogger("backend.auth")

# A bundle is a handful of roots; this only spares parsing something absurd.
MAX_BUNDLE_BYTES = 4 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class CpsTrustAnchors:
    """The anchors, in the order of the bundle."""

    certificates: tuple[x509.Certificate, ...]

    @staticmethod
    def load(path: Path) -> "CpsTrustAnchors":
        """ValueError (or OSError) says what is wrong with the bundle at ``path``."""
        with path.open("rb") as bundle:
            data = bundle.read(MAX_BUNDLE_BYTES + 1)
        if len(data) > MAX_BUNDLE_BYTES:
            raise ValueError(f"{path} is larger than {MAX_BUNDLE_BYTES} bytes")
        return CpsTrustAnchors.from_pem(data, str(path))

    @staticmethod
    def from_pem(data: bytes, source: str = "the bundle") -> "CpsTrustAnchors":
        try:
            certificates = x509.load_pem_x509_certificates(data)
        except ValueError:
            raise ValueError(f"{source} holds no PEM certificate, or a malformed one") from None
        now = datetime.datetime.now(datetime.UTC)
        for index, certificate in enumerate(certificates, 1):
            try:
                constraints = certificate.extensions.get_extension_for_class(
                    x509.BasicConstraints
                ).value
            except x509.ExtensionNotFound:
                constraints = None
            if constraints is None or not constraints.ca:
                raise ValueError(
                    f"certificate {index} of {source} ({certificate.subject.rfc4514_string()}) "
                    "is not a CA certificate"
                )
            if certificate.not_valid_after_utc < now:
                # Kept, not refused: a bundle may carry an old root beside its successor.
                log.warning(
                    "CPS trust anchor %d (%s) has expired: it validates nothing",
                    index,
                    certificate.subject.rfc4514_string(),
                )
        return CpsTrustAnchors(tuple(certificates))
