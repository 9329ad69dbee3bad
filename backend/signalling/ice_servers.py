"""The STUN and TURN servers both sides of a call use, with short-lived TURN credentials.

Configured once, on the backend (``--stun URL``, ``--turn URL``, the TURN server's
shared secret in ``CABINET_TURN_SECRET``, never on a command line); each participant
gets them in its ``welcome`` message. TURN credentials follow coturn's REST API
(``use-auth-secret``): the user name is ``<expiry>:<room>-<role>`` and the password
``base64(HMAC-SHA1(secret, user name))``, so the TURN server checks them with no
account to keep, and a leaked one stops working after ``ttl_s``.
"""

import base64
import hashlib
import hmac
import time
from collections.abc import Callable, Sequence
from typing import Any

DEFAULT_TTL_S = 6 * 3600  # a long consultation day; credentials are per room anyway


class IceServers:
    """``stun`` and ``turn`` are URLs (``stun:host:port``, ``turn:host:port?transport=udp``)."""

    def __init__(
        self,
        stun: Sequence[str] = (),
        turn: Sequence[str] = (),
        turn_secret: bytes | None = None,
        *,
        ttl_s: int = DEFAULT_TTL_S,
        clock: Callable[[], float] = time.time,
    ) -> None:
        if turn and not turn_secret:
            raise ValueError("a TURN server needs its shared secret (CABINET_TURN_SECRET)")
        self._stun = list(stun)
        self._turn = list(turn)
        self._secret = turn_secret or b""
        self._ttl_s = ttl_s
        self._clock = clock

    def for_participant(self, room: str, role: str) -> list[dict[str, Any]]:
        """RTCIceServer dictionaries, as browsers and aiortc take them."""
        servers: list[dict[str, Any]] = [{"urls": url} for url in self._stun]
        if self._turn:
            username = f"{int(self._clock()) + self._ttl_s}:{room}-{role}"
            digest = hmac.new(self._secret, username.encode(), hashlib.sha1).digest()
            servers.append(
                {
                    "urls": list(self._turn),
                    "username": username,
                    "credential": base64.b64encode(digest).decode("ascii"),
                }
            )
        return servers
