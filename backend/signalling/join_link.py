"""The patient's way into one teleconsultation room: a signed, expiring token.

A patient has no card and no account: the practitioner's workstation asks the server
for a link to the Appointment's room and sends it to the patient (SMS, e-mail). The
token names that room only, carries its expiry, and is signed with HMAC-SHA256 under the
server's join-link key, so it cannot be altered or moved to another room, and it stops
working when it expires. It travels in the page URL's fragment (``/join/<id>#<token>``),
which browsers never send to a server nor write in its logs, and then in the first
WebSocket message.

Format: ``base64url(payload JSON) "." base64url(HMAC-SHA256(key, "cabinet-join-v1." +
payload))``; payload ``{"a": appointment id, "exp": Unix seconds, "n": random}``.
"""

import base64
import binascii
import hashlib
import hmac
import json
import secrets
import time
from collections.abc import Callable

from backend.signalling.join_link_error import JoinLinkError

_CONTEXT = b"cabinet-join-v1."
MAX_TOKEN_CHARS = 512
KEY_BYTES = 32


class JoinLink:
    """Issues and checks join tokens under one key."""

    def __init__(self, key: bytes, clock: Callable[[], float] = time.time) -> None:
        if len(key) < KEY_BYTES:
            raise ValueError(f"a join-link key has at least {KEY_BYTES} bytes")
        self._key = key
        self._clock = clock

    @staticmethod
    def derived_key(secret: bytes) -> bytes:
        """A join-link key from another secret of the server (its database key): links
        then survive a restart, and the database key itself is never used for this."""
        return hmac.new(secret, b"cabinet join links", hashlib.sha256).digest()

    def issue(self, appointment_id: str, expires_at: int) -> str:
        payload = json.dumps(
            {"a": appointment_id, "exp": int(expires_at), "n": secrets.token_hex(8)},
            separators=(",", ":"),
        ).encode()
        return f"{_b64(payload)}.{_b64(self._mac(payload))}"

    def verify(self, token: str, appointment_id: str) -> int:
        """The expiry of a valid token for that room; JoinLinkError otherwise."""
        if not isinstance(token, str) or len(token) > MAX_TOKEN_CHARS or token.count(".") != 1:
            raise JoinLinkError("malformed")
        encoded, _, signature = token.partition(".")
        try:
            payload = _unb64(encoded)
            mac = _unb64(signature)
        except (ValueError, binascii.Error):
            raise JoinLinkError("malformed") from None
        # The signature first: nothing of an unsigned payload is believed or parsed.
        if not hmac.compare_digest(mac, self._mac(payload)):
            raise JoinLinkError("forged")
        try:
            claims = json.loads(payload)
        except ValueError:
            raise JoinLinkError("malformed") from None
        expires = claims.get("exp") if isinstance(claims, dict) else None
        if not isinstance(expires, int) or not isinstance(claims.get("a"), str):
            raise JoinLinkError("malformed")
        if claims["a"] != appointment_id:
            raise JoinLinkError("other-room")
        if self._clock() >= expires:
            raise JoinLinkError("expired")
        return expires

    def _mac(self, payload: bytes) -> bytes:
        return hmac.new(self._key, _CONTEXT + payload, hashlib.sha256).digest()


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _unb64(text: str) -> bytes:
    if not text or not all(c.isalnum() or c in "-_" for c in text):
        raise ValueError("not base64url")
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
