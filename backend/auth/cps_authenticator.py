"""CPS card login: the card signs a fresh challenge, the server checks signature and chain.

Protocol (JSON bodies; every refusal is an OperationOutcome):

1. ``POST /auth/cps/challenge`` (no body) →
   ``{"challenge": "<base64url, no padding, of 32 random bytes>", "expires_in": 60}``.
   The challenge is single-use and expires after ``expires_in`` seconds; asking is
   rate-limited per caller (429 with ``Retry-After``).
2. The workstation has the card sign the message M, exactly these 53 bytes::

       M = b"cabinet-cps-login-v1\\x00" || nonce

   where ``nonce`` is the challenge decoded from base64url (32 bytes) and the prefix is
   the 20 ASCII bytes ``cabinet-cps-login-v1`` then one zero byte. For an RSA key
   (CPS3, CPS4) the signature is RSASSA-PKCS1-v1_5 with SHA-256 (RFC 8017 §8.2) over
   M: the card is sent, after MSE SET for the authentication key, INTERNAL AUTHENTICATE
   with the 51-byte DigestInfo ``30 31 30 0D 06 09 60 86 48 01 65 03 04 02 01 05 00 04
   20 || SHA-256(M)``, pads it (block type 01) and applies its private key; the card's
   answer (as many bytes as the modulus) is the signature. For an EC P-256 key, ECDSA
   with SHA-256 over M, the signature DER-encoded (X9.62 Ecdsa-Sig-Value; a card's raw
   r||s must be converted). No other key type is accepted.

   Why a prefix rather than the bare nonce: the same authentication key signs TLS
   client handshakes, and a server that could choose the exact bytes signed could turn
   a login into a TLS signature for somewhere else. With the prefix, which the client
   adds itself, what is signed here can never be a TLS 1.2 or 1.3 handshake's input.
3. ``POST /auth/cps/login`` (or ``POST /auth/cps``) with ``{"challenge": "<as given>",
   "certificate": "<base64 DER of the card's authentication certificate>",
   "signature": "<base64>", "intermediates": ["<base64 DER>", …] (optional, at most 3)}``
   → the token response of :class:`AuthHandlers`, naming the practitioner's RPPS.
   Base64 may use either alphabet, padded or not.

Checks, in order: the challenge is known, unexpired and unspent (it is spent now,
whatever follows); the body is well formed (else 400); the signature verifies with the
certificate's public key; the certificate chains to a configured anchor and fits the
profile (:class:`CpsCertificateVerifier`); the subject names an RPPS practitioner
(:class:`CpsIdentity`). Each refusal says which of those failed (the certificate is
public, so this tells an attacker nothing), never more; the log says why in detail,
with a certificate fingerprint rather than names.

Without trust anchors the method is off: both endpoints answer 501 and say which
option turns it on. Not done here: binding the signature to this server's address
(a rogue server relaying a challenge), revocation checks, and an audit event of the
login.
"""

import base64
import binascii
import logging
from collections.abc import Mapping
from typing import Any

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
from cryptography.x509 import ObjectIdentifier

from backend.auth.auth_error import AuthError
from backend.auth.challenge_store import ChallengeStore
from backend.auth.cps_certificate_verifier import CpsCertificateVerifier, fingerprint
from backend.auth.cps_identity import CpsIdentity
from backend.auth.cps_trust_anchors import CpsTrustAnchors
from backend.auth.login_unavailable_error import LoginUnavailableError
from backend.auth.principal import Principal

log = logging.getLogger("backend.auth")

SIGNED_PREFIX = b"cabinet-cps-login-v1\x00"
MAX_INTERMEDIATES = 3
# A certificate is one or two kilobytes; a signature, the size of the modulus.
MAX_CERTIFICATE_BYTES = 8192
MAX_SIGNATURE_BYTES = 1024
MIN_RSA_BITS = 2048
MAX_RSA_BITS = 8192
_URLSAFE_TO_STANDARD = str.maketrans("-_", "+/")


class CpsAuthenticator:
    """``POST /auth/cps/challenge`` then ``POST /auth/cps/login``."""

    name = "cps"
    scheme = "CPS"

    def __init__(
        self,
        verifier: CpsCertificateVerifier | None,
        identity: CpsIdentity | None = None,
        challenges: ChallengeStore | None = None,
    ) -> None:
        self._verifier = verifier
        self._identity = identity or CpsIdentity()
        self._challenges = challenges or ChallengeStore()

    @staticmethod
    def configured(
        anchors: CpsTrustAnchors | None, id_attribute: ObjectIdentifier
    ) -> "CpsAuthenticator":
        """As the server's options say: on with anchors, off (answering 501) without."""
        if anchors is None:
            log.info("CPS card login is off: no --cps-trust-anchors")
            return CpsAuthenticator(None)
        log.info("CPS card login trusts %d anchor(s)", len(anchors.certificates))
        return CpsAuthenticator(CpsCertificateVerifier(anchors), CpsIdentity(id_attribute))

    @staticmethod
    def signed_message(nonce: bytes) -> bytes:
        """M, the bytes the card signs for the challenge whose bytes are ``nonce``."""
        return SIGNED_PREFIX + nonce

    async def challenge(self, client: str | None) -> Mapping[str, Any]:
        self._check_configured()
        issued = self._challenges.issue(client)
        return {"challenge": issued.text, "expires_in": issued.expires_in}

    async def authenticate(
        self,
        authorization: str | None,  # noqa: ARG002 (the proof is all in the body)
        body: Mapping[str, Any],
    ) -> Principal:
        verifier = self._check_configured()
        text = body.get("challenge")
        if not isinstance(text, str):
            # ValueError: what the HTTP layer answers with 400.
            raise ValueError("'challenge' must be the string POST /auth/cps/challenge gave")  # noqa: TRY004
        nonce = self._challenges.spend(text)
        if nonce is None:
            raise AuthError(
                "unknown, expired or already used challenge: ask for a new one",
                scheme=self.scheme,
                error="invalid_challenge",
            )
        leaf = _certificate(body.get("certificate"), "certificate")
        intermediates = body.get("intermediates", [])
        if not isinstance(intermediates, list) or len(intermediates) > MAX_INTERMEDIATES:
            raise ValueError(
                f"'intermediates' must be a list of at most {MAX_INTERMEDIATES} certificates"
            )
        chain = [_certificate(item, "intermediates") for item in intermediates]
        signature = _base64(body.get("signature"), "signature", MAX_SIGNATURE_BYTES)
        self._check_signature(leaf, signature, self.signed_message(nonce))
        verifier.verify(leaf, chain)
        principal = self._identity.principal(leaf)
        log.info(
            "CPS login: practitioner %s (certificate %s)",
            principal.practitioner,
            fingerprint(leaf),
        )
        return principal

    def _check_configured(self) -> CpsCertificateVerifier:
        if self._verifier is None:
            raise LoginUnavailableError(
                "CPS card login is not set up on this server: it trusts no certification "
                "authority yet. The administrator starts it with --cps-trust-anchors "
                "naming a PEM bundle of the authorities to trust."
            )
        return self._verifier

    def _check_signature(self, leaf: x509.Certificate, signature: bytes, message: bytes) -> None:
        key = leaf.public_key()
        try:
            if isinstance(key, rsa.RSAPublicKey) and MIN_RSA_BITS <= key.key_size <= MAX_RSA_BITS:
                key.verify(signature, message, padding.PKCS1v15(), hashes.SHA256())
                return
            if isinstance(key, ec.EllipticCurvePublicKey) and isinstance(key.curve, ec.SECP256R1):
                key.verify(signature, message, ec.ECDSA(hashes.SHA256()))
                return
        except InvalidSignature:
            log.warning("CPS login refused: bad signature with certificate %s", fingerprint(leaf))
            raise AuthError(
                "the signature does not match the challenge and the certificate",
                scheme=self.scheme,
                error="invalid_signature",
            ) from None
        log.warning(
            "CPS login refused: certificate %s has an unsupported key (%s)",
            fingerprint(leaf),
            type(key).__name__,
        )
        raise AuthError(
            "the card's key is of a kind this server does not accept "
            f"(RSA of {MIN_RSA_BITS} to {MAX_RSA_BITS} bits, or EC P-256)",
            scheme=self.scheme,
            error="invalid_certificate",
        )


def _certificate(value: object, field: str) -> x509.Certificate:
    der = _base64(value, field, MAX_CERTIFICATE_BYTES)
    try:
        return x509.load_der_x509_certificate(der)
    except ValueError:
        raise ValueError(f"'{field}' must be a DER X.509 certificate in base64") from None


def _base64(value: object, field: str, max_bytes: int) -> bytes:
    if not isinstance(value, str) or not value.isascii():
        raise ValueError(f"'{field}' must be a base64 string")
    text = value.strip().translate(_URLSAFE_TO_STANDARD)
    if len(text) > (max_bytes + 2) // 3 * 4:
        raise ValueError(f"'{field}' is longer than {max_bytes} bytes")
    try:
        data = base64.b64decode(text + "=" * (-len(text) % 4), validate=True)
    except binascii.Error:
        raise ValueError(f"'{field}' must be a base64 string") from None
    if not data:
        raise ValueError(f"'{field}' is empty")
    return data
