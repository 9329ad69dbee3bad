"""The workstation's own way in: the random secret it handed the backend at start.

The workstation that starts the backend writes a fresh secret on the child's standard
input (never the command line, which other local users can read), then exchanges it
here for a bearer token naming its practitioner: ``POST /auth/bootstrap`` with
``Authorization: Bootstrap <secret>``. Calling it again is how the token is refreshed.
"""

import hashlib
import hmac
from collections.abc import Mapping
from typing import Any

from backend.auth.auth_error import AuthError
from backend.auth.principal import MAX_DISPLAY, Principal

MIN_SECRET_BYTES = 16


class BootstrapAuthenticator:
    """Vouches for whichever practitioner the holder of the secret names."""

    name = "bootstrap"
    scheme = "Bootstrap"

    def __init__(self, secret: bytes) -> None:
        if len(secret) < MIN_SECRET_BYTES:
            raise ValueError(f"the bootstrap secret must have at least {MIN_SECRET_BYTES} bytes")
        # Digests, so the comparison below runs over equal lengths whatever was sent.
        self._digest = hashlib.sha256(secret.hex().encode("ascii")).digest()

    async def authenticate(self, authorization: str | None, body: Mapping[str, Any]) -> Principal:
        scheme, _, credentials = (authorization or "").partition(" ")
        if scheme.lower() != self.scheme.lower() or not credentials.strip():
            raise AuthError("a bootstrap secret is required", scheme=self.scheme, error=None)
        offered = hashlib.sha256(credentials.strip().lower().encode("utf-8", "replace")).digest()
        if not hmac.compare_digest(offered, self._digest):
            raise AuthError("wrong bootstrap secret", scheme=self.scheme, error="invalid_secret")
        practitioner = body.get("practitioner")
        if not Principal.is_valid_practitioner(practitioner):
            raise ValueError(
                "'practitioner' must be an RPPS number (11 digits) or 'Practitioner/<id>'"
            )
        display = body.get("display")
        if display is not None and (not isinstance(display, str) or len(display) > MAX_DISPLAY):
            raise ValueError(f"'display' must be a string of at most {MAX_DISPLAY} characters")
        return Principal(practitioner, display or None)
