"""Server-chosen ids: RFC 9562 UUIDv7 text, in the order they were made, never repeated."""

import threading
import time
import uuid

from backend.http.resource_validator import ID_PATTERN
from backend.storage.time_ordered_id import TimeOrderedId


def test_an_id_is_a_version_7_uuid_of_now() -> None:
    before = time.time_ns() // 1_000_000
    text = TimeOrderedId.new()
    after = time.time_ns() // 1_000_000
    value = uuid.UUID(text)
    assert str(value) == text
    assert value.version == 7
    assert value.variant == uuid.RFC_4122
    # The first 48 bits are Unix milliseconds (a counter overflow may borrow the next).
    assert before <= value.int >> 80 <= after + 1
    assert ID_PATTERN.fullmatch(text)


def test_ids_sort_in_the_order_they_were_made() -> None:
    # Thousands in a row: many share a millisecond, and the counter keeps their order.
    ids = [TimeOrderedId.new() for _ in range(20_000)]
    assert ids == sorted(ids)
    assert len(set(ids)) == len(ids)


def test_threads_never_get_the_same_id() -> None:
    found: list[list[str]] = [[] for _ in range(4)]

    def make(out: list[str]) -> None:
        out.extend(TimeOrderedId.new() for _ in range(5_000))

    threads = [threading.Thread(target=make, args=(out,)) for out in found]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    every = [i for out in found for i in out]
    assert len(set(every)) == len(every)
    for out in found:
        assert out == sorted(out)
