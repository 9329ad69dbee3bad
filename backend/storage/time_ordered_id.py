"""Ids the server chooses (a POST's resource, an AuditEvent): UUIDv7, ordered by time.

Random UUIDv4 ids scatter the inserts of every index keyed by id over the whole B-tree,
so each new resource dirties pages nobody else touches, and each dirty page is one more
page to encrypt and write at commit. A UUIDv7 (RFC 9562) starts with the Unix time in
milliseconds, so resources created together are neighbours in every such index: their
inserts share the last pages and one commit writes them once.

Layout: 48 bits of milliseconds, the version (7), a 12-bit counter that keeps ids of
one millisecond in order (RFC 9562 method 1; it starts at a random value below 2048
and, if it ever overflows, the id borrows the next millisecond), the variant, and 62
random bits. The random bits alone make the id unguessable and unique; the order is
the best the clock gives, which is all that locality needs. The id tells when the
resource was created, which its first version's ``meta.lastUpdated`` says anyway.

Client-chosen ids (PUT) are kept exactly as given.
"""

import os
import threading
import time

_COUNTER_MAX = 0xFFF
_RANDOM_BITS = (1 << 62) - 1
# Random bytes fetched at a time: one getrandom call per 400 ids, not one or two per id
# (a system call that costs more than the rest of the id in a virtual machine).
_RANDOM_BUFFER = 4096


class TimeOrderedId:
    """UUIDv7 text ids; the clock state is the process's (ids of all callers interleave)."""

    _lock = threading.Lock()
    _last_ms = 0
    _counter = 0
    _random = b""
    _used = 0

    @classmethod
    def new(cls) -> str:
        ms = time.time_ns() // 1_000_000
        with cls._lock:
            if cls._used + 10 > len(cls._random):
                cls._random = os.urandom(_RANDOM_BUFFER)
                cls._used = 0
            rand = int.from_bytes(cls._random[cls._used : cls._used + 10])
            cls._used += 10
            if ms > cls._last_ms:
                cls._last_ms = ms
                cls._counter = (rand >> 64) & 0x7FF
            else:
                # The same millisecond (or a clock that went back): count on from the
                # last id.
                cls._counter += 1
                if cls._counter > _COUNTER_MAX:
                    cls._last_ms += 1
                    cls._counter = 0
            value = (
                (cls._last_ms << 80)
                | (0x7 << 76)
                | (cls._counter << 64)
                | (0b10 << 62)
                | (rand & _RANDOM_BITS)
            )
        text = f"{value:032x}"
        return f"{text[:8]}-{text[8:12]}-{text[12:16]}-{text[16:20]}-{text[20:]}"
