"""A PKCE verifier and its S256 challenge (RFC 7636), fresh for each authorization."""

import base64
import hashlib
import secrets
from dataclasses import dataclass, field

VERIFIER_BYTES = 32  # 43 base64url characters, the minimum length RFC 7636 §4.1 allows


@dataclass(frozen=True, slots=True)
class PkcePair:
    """``challenge`` goes in the authorization request, ``verifier`` to the token endpoint."""

    verifier: str = field(repr=False)
    challenge: str
    method: str = "S256"

    @staticmethod
    def create() -> "PkcePair":
        verifier = _b64(secrets.token_bytes(VERIFIER_BYTES))
        return PkcePair(verifier, _b64(hashlib.sha256(verifier.encode("ascii")).digest()))


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")
