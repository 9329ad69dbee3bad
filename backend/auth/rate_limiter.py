"""A token bucket per caller: a burst is allowed, a steady flood is slowed to ``rate_per_s``.

The table of callers is bounded: a bucket that has filled up again says nothing a new
one would not, so those are dropped first when the table is full; if the table is still
full (a flood from many addresses), it is emptied, which briefly forgives everyone but
keeps memory bounded. What bounds the work the server does is then the caller's own
limit on outstanding state (the challenge store's cap), not this table.
"""

import time
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(slots=True)
class _Bucket:
    tokens: float
    updated: float


class RateLimiter:
    """``take(key)`` spends one token of ``key``'s bucket, or says how long to wait."""

    def __init__(
        self,
        *,
        burst: int = 10,
        rate_per_s: float = 0.5,
        max_keys: int = 4096,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        if burst < 1 or rate_per_s <= 0 or max_keys < 1:
            raise ValueError("burst, rate and max_keys must be positive")
        self._burst = float(burst)
        self._rate = rate_per_s
        self._max_keys = max_keys
        self._clock = clock
        self._buckets: dict[str, _Bucket] = {}

    def take(self, key: str) -> float:
        """0 when allowed (a token is spent); otherwise the seconds until one is there."""
        now = self._clock()
        bucket = self._buckets.get(key)
        if bucket is None:
            if len(self._buckets) >= self._max_keys:
                self._forget_full(now)
            bucket = self._buckets[key] = _Bucket(self._burst, now)
        else:
            bucket.tokens = min(self._burst, bucket.tokens + (now - bucket.updated) * self._rate)
            bucket.updated = now
        if bucket.tokens >= 1.0:
            bucket.tokens -= 1.0
            return 0.0
        return (1.0 - bucket.tokens) / self._rate

    def _forget_full(self, now: float) -> None:
        refill_s = self._burst / self._rate
        self._buckets = {
            key: bucket
            for key, bucket in self._buckets.items()
            if now - bucket.updated < refill_s
            and bucket.tokens + (now - bucket.updated) * self._rate < self._burst
        }
        if len(self._buckets) >= self._max_keys:
            self._buckets.clear()
