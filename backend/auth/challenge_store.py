"""Login challenges: random, single-use, short-lived, kept in this process's memory only.

A challenge is 32 random bytes, sent as base64url without padding. It is bound to
nothing secret and proves nothing by itself: it only makes a signature over it fresh.
It is spent by the first login that names it, whether that login succeeds or not, so
one challenge is worth one attempt; an unknown, spent or expired one is refused before
any certificate or signature is looked at. Restarting the backend forgets them all
(as it forgets its tokens), which costs a client one more round trip.

Asking is rate-limited per caller (see :class:`RateLimiter`) and the number of
challenges waiting at any time is capped, so a flood of requests cannot grow memory.
"""

import base64
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass

from backend.auth.login_throttled_error import LoginThrottledError
from backend.auth.rate_limiter import RateLimiter

DEFAULT_LIFETIME_S = 60.0
NONCE_BYTES = 32
# base64url of NONCE_BYTES without padding; anything longer is not one of ours.
MAX_CHALLENGE_CHARS = 64
DEFAULT_MAX_OUTSTANDING = 1024


@dataclass(frozen=True, slots=True)
class Challenge:
    """One challenge as handed out: ``text`` on the wire, ``nonce`` its bytes."""

    text: str
    nonce: bytes
    expires_in: int


class ChallengeStore:
    """Issues challenges and spends each once."""

    def __init__(
        self,
        lifetime_s: float = DEFAULT_LIFETIME_S,
        *,
        max_outstanding: int = DEFAULT_MAX_OUTSTANDING,
        limiter: RateLimiter | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        if lifetime_s <= 0 or max_outstanding < 1:
            raise ValueError("the lifetime and the cap must be positive")
        self._lifetime_s = lifetime_s
        self._max_outstanding = max_outstanding
        self._limiter = limiter if limiter is not None else RateLimiter(clock=clock)
        self._clock = clock
        # text -> expiry. The lifetime is constant and the clock monotonic, so insertion
        # order is expiry order: the expired ones are always at the front.
        self._pending: dict[str, float] = {}

    def issue(self, client: str | None) -> Challenge:
        """A new challenge; LoginThrottledError if ``client`` or everyone asks too often."""
        wait = self._limiter.take(client or "")
        if wait > 0:
            raise LoginThrottledError("too many login challenges asked; wait a moment", wait)
        now = self._clock()
        self._drop_expired(now)
        if len(self._pending) >= self._max_outstanding:
            first_expiry = next(iter(self._pending.values()))
            raise LoginThrottledError(
                "too many logins under way on this server; wait a moment", first_expiry - now
            )
        nonce = secrets.token_bytes(NONCE_BYTES)
        text = base64.urlsafe_b64encode(nonce).rstrip(b"=").decode("ascii")
        self._pending[text] = now + self._lifetime_s
        return Challenge(text, nonce, int(self._lifetime_s))

    def spend(self, text: str) -> bytes | None:
        """The nonce of a challenge issued here, unexpired and unspent; None otherwise.

        Either way the challenge can never be spent again.
        """
        if len(text) > MAX_CHALLENGE_CHARS:
            return None
        expiry = self._pending.pop(text, None)
        if expiry is None or expiry <= self._clock():
            return None
        return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))

    @property
    def outstanding(self) -> int:
        return len(self._pending)

    def _drop_expired(self, now: float) -> None:
        pending = self._pending
        while pending:
            text = next(iter(pending))
            if pending[text] > now:
                return
            del pending[text]
