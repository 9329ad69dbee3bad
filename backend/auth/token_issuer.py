"""Bearer tokens: compact HS256 JWTs signed with a key that lives only in this process.

A token is ``<header>.<payload>.<signature>`` in base64url without padding, exactly the
JWS compact form, so any JWT library can decode one; the header is the fixed
``{"alg":"HS256","typ":"JWT"}`` and anything else is refused (no algorithm is taken
from the token itself). The payload names the practitioner (``sub``, ``name``) and the
expiry (``exp``, Unix seconds) and when the practitioner last proved who they are
(``auth_time``, kept across renewals by ``SessionAuthenticator``). The key is 32 random
bytes drawn at start: restarting the backend invalidates every token, which is what
the workstation expects (it asks again with its bootstrap secret).
"""

import base64
import binascii
import hashlib
import hmac
import json
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass

from backend.auth.auth_error import AuthError
from backend.auth.principal import Principal

DEFAULT_LIFETIME_S = 15 * 60
_HEADER = base64.urlsafe_b64encode(b'{"alg":"HS256","typ":"JWT"}').rstrip(b"=")
# Far above any token this issuer makes; spares decoding junk of any size.
MAX_TOKEN_CHARS = 2048
# Tokens verified lately, so that a client's every request does not redo the HMAC and
# the JSON; a handful of workstations use a handful of tokens at a time.
_CACHE_SIZE = 256


@dataclass(frozen=True, slots=True)
class IssuedToken:
    """What ``POST /auth/<name>`` returns."""

    access_token: str
    expires_in: int


class TokenIssuer:
    """Issues and verifies the bearer tokens of one backend process."""

    def __init__(
        self,
        lifetime_s: int = DEFAULT_LIFETIME_S,
        *,
        key: bytes | None = None,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self._key = key if key is not None else secrets.token_bytes(32)
        self._lifetime_s = lifetime_s
        self._clock = clock
        self._verified: dict[str, tuple[Principal, int]] = {}

    @property
    def lifetime_s(self) -> int:
        return self._lifetime_s

    def issue(self, principal: Principal) -> IssuedToken:
        now = int(self._clock())
        claims: dict[str, object] = {
            "iss": "cabinet-backend",
            "sub": principal.practitioner,
            "iat": now,
            "exp": now + self._lifetime_s,
            "auth_time": principal.session_start if principal.session_start is not None else now,
            "jti": secrets.token_hex(8),
        }
        if principal.display:
            claims["name"] = principal.display
        payload = _b64(json.dumps(claims, separators=(",", ":")).encode("utf-8"))
        signing_input = _HEADER + b"." + payload
        token = signing_input + b"." + _b64(self._sign(signing_input))
        return IssuedToken(token.decode("ascii"), self._lifetime_s)

    def verify(self, token: str) -> Principal:
        """The practitioner the token names; AuthError if forged, malformed or expired."""
        known = self._verified.get(token)
        if known is not None and known[1] > self._clock():
            return known[0]
        principal, expiry = self._check(token)
        if len(self._verified) >= _CACHE_SIZE:
            self._verified.clear()
        self._verified[token] = (principal, expiry)
        return principal

    def _check(self, token: str) -> tuple[Principal, int]:
        if len(token) > MAX_TOKEN_CHARS or not token.isascii():
            raise AuthError("malformed access token")
        parts = token.encode("ascii").split(b".")
        if len(parts) != 3 or parts[0] != _HEADER:
            raise AuthError("malformed access token")
        try:
            signature = _unb64(parts[2])
        except ValueError:
            raise AuthError("malformed access token") from None
        if not hmac.compare_digest(signature, self._sign(parts[0] + b"." + parts[1])):
            raise AuthError("invalid access token signature")
        try:
            claims = json.loads(_unb64(parts[1]))
            practitioner, expiry = claims["sub"], claims["exp"]
        except (ValueError, KeyError, TypeError):
            raise AuthError("malformed access token") from None
        if not isinstance(expiry, int) or expiry <= self._clock():
            raise AuthError("the access token expired")
        if not Principal.is_valid_practitioner(practitioner):
            raise AuthError("malformed access token")
        display = claims.get("name")
        auth_time = claims.get("auth_time")
        return Principal(
            practitioner,
            display if isinstance(display, str) else None,
            auth_time if isinstance(auth_time, int) else None,
        ), expiry

    def _sign(self, signing_input: bytes) -> bytes:
        return hmac.new(self._key, signing_input, hashlib.sha256).digest()


def _b64(data: bytes) -> bytes:
    return base64.urlsafe_b64encode(data).rstrip(b"=")


def _unb64(data: bytes) -> bytes:
    try:
        return base64.urlsafe_b64decode(data + b"=" * (-len(data) % 4))
    except binascii.Error as exc:
        raise ValueError("not base64url") from exc
