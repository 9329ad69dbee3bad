"""The caps that keep one bad or greedy request from hurting everyone else.

Each has a command-line option (``python -m backend --help``). What happens past each:

- ``max_body_bytes`` (16 MiB): a larger body, counted after any Content-Encoding is
  undone, is refused with 413 as soon as the excess is seen;
- ``max_depth`` (64): JSON nested deeper is refused with 400 before it is parsed;
- ``max_bundle_entries`` (5,000): a batch or transaction with more entries gets 413;
- ``max_count`` (1,000): a larger ``_count`` is lowered to it (the Bundle's self link
  shows the count applied), as FHIR lets a server do; ``default_count`` (50) applies
  when ``_count`` is absent;
- ``request_timeout_s`` (30 s): a request still running then gets 503 with Retry-After;
- ``max_line_size`` / ``max_field_size`` (8,190 bytes) and ``max_headers`` (128): the
  request line and each header, checked by aiohttp's parser before any handler runs;
- ``shutdown_timeout_s`` (10 s): how long a graceful stop waits for requests in flight.
"""

from dataclasses import dataclass

MIB = 1024 * 1024


@dataclass(frozen=True, slots=True)
class HttpLimits:
    """Configured once at start; the defaults suit the embedded server and a practice."""

    max_body_bytes: int = 16 * MIB
    max_depth: int = 64
    max_bundle_entries: int = 5_000
    default_count: int = 50
    max_count: int = 1_000
    request_timeout_s: float = 30.0
    max_line_size: int = 8_190
    max_field_size: int = 8_190
    max_headers: int = 128
    shutdown_timeout_s: float = 10.0
    # Bodies above this are parsed and validated on a worker thread so that the event
    # loop keeps serving small requests meanwhile.
    offload_bytes: int = 256 * 1024
