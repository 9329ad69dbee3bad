"""The audit chain on in-memory entries: any single change is found, at the right entry.

Hypothesis builds chains of random records and then changes one field of one entry,
deletes one entry, or swaps two neighbours; the verdict must not be ok and must name
the first entry that no longer holds.
"""

import dataclasses
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from app.audit.audit_chain import AuditChain, ChainBreak
from app.audit.audit_entry import AuditAction, AuditEntry

FIELDS = [f.name for f in dataclasses.fields(AuditEntry)]
TEXT_FIELDS = [f for f in FIELDS if f != "seq"]

_records = st.tuples(
    st.text(max_size=12),  # recorded
    st.text(max_size=12),  # who
    st.sampled_from([a.value for a in AuditAction]),
    st.text(max_size=12),  # entity
    st.text(max_size=12),  # workstation
    st.sampled_from(["0", "4", "8"]),  # outcome
)
_chains = st.lists(_records, min_size=1, max_size=12)
_settings = settings(database=None, deadline=None, max_examples=200)


def _chain(records: list[tuple[str, str, str, str, str, str]]) -> list[AuditEntry]:
    entries = []
    prev = AuditEntry.GENESIS
    for seq, (recorded, who, action, entity, workstation, outcome) in enumerate(records, 1):
        digest = AuditEntry.digest(seq, recorded, who, action, entity, workstation, outcome, prev)
        entries.append(
            AuditEntry(seq, recorded, who, action, entity, workstation, outcome, prev, digest)
        )
        prev = digest
    return entries


def _head(entries: list[AuditEntry]) -> tuple[int, str]:
    return entries[-1].seq, entries[-1].hash


@_settings
@given(_chains)
def test_an_untouched_chain_verifies(records: list[Any]) -> None:
    entries = _chain(records)
    verdict = AuditChain.verify(entries, _head(entries))
    assert verdict.ok
    assert verdict.entries == len(entries)
    assert verdict.problem is None


def test_an_empty_chain() -> None:
    assert AuditChain.verify([]).ok
    truncated = AuditChain.verify([], (3, "f" * 64))
    assert (truncated.broken_seq, truncated.problem) == (1, ChainBreak.TRUNCATED)


@_settings
@given(_chains, st.data())
def test_any_single_field_change_is_found_at_that_entry(records: list[Any], data: Any) -> None:
    entries = _chain(records)
    i = data.draw(st.integers(0, len(entries) - 1))
    field = data.draw(st.sampled_from(FIELDS))
    old = getattr(entries[i], field)
    if field == "seq":
        new: Any = data.draw(st.integers().filter(lambda v: v != old))
    else:
        new = data.draw(st.text(max_size=70).filter(lambda v: v != old))
    entries[i] = dataclasses.replace(entries[i], **{field: new})
    verdict = AuditChain.verify(entries, _head(_chain(records)))
    assert not verdict.ok
    assert verdict.broken_seq == i + 1
    expected = {"seq": ChainBreak.GAP, "prev_hash": ChainBreak.UNLINKED}.get(
        field, ChainBreak.ALTERED
    )
    assert verdict.problem is expected


@_settings
@given(_chains.filter(lambda r: len(r) >= 2), st.data())
def test_any_deletion_is_found(records: list[Any], data: Any) -> None:
    entries = _chain(records)
    head = _head(entries)
    i = data.draw(st.integers(0, len(entries) - 1))
    del entries[i]
    verdict = AuditChain.verify(entries, head)
    assert not verdict.ok
    assert verdict.broken_seq == i + 1
    last = i == len(entries)
    assert verdict.problem is (ChainBreak.TRUNCATED if last else ChainBreak.GAP)


@_settings
@given(_chains.filter(lambda r: len(r) >= 2))
def test_cutting_the_tail_needs_the_recorded_head_to_be_seen(records: list[Any]) -> None:
    entries = _chain(records)
    head = _head(entries)
    cut = entries[:-1]
    assert AuditChain.verify(cut).ok  # the chain alone cannot tell: hence the head in meta
    assert AuditChain.verify(cut, head).problem is ChainBreak.TRUNCATED


@_settings
@given(_chains.filter(lambda r: len(r) >= 2), st.data())
def test_swapping_two_neighbours_is_found(records: list[Any], data: Any) -> None:
    entries = _chain(records)
    head = _head(entries)
    i = data.draw(st.integers(0, len(entries) - 2))
    entries[i], entries[i + 1] = entries[i + 1], entries[i]
    moved = AuditChain.verify(entries, head)
    assert not moved.ok
    assert (moved.broken_seq, moved.problem) == (i + 1, ChainBreak.GAP)
    # Renumbered as well (a reordering in the table keeps seq in order).
    renumbered = [dataclasses.replace(e, seq=n) for n, e in enumerate(entries, 1)]
    verdict = AuditChain.verify(renumbered, head)
    assert not verdict.ok
    assert (verdict.broken_seq, verdict.problem) == (i + 1, ChainBreak.UNLINKED)


@_settings
@given(_chains, st.data())
def test_a_rehashed_entry_breaks_the_link_of_the_next(records: list[Any], data: Any) -> None:
    entries = _chain(records)
    head = _head(entries)
    i = data.draw(st.integers(0, len(entries) - 1))
    e = entries[i]
    who = e.who + "x"
    digest = AuditEntry.digest(
        e.seq, e.recorded, who, e.action, e.entity, e.workstation, e.outcome, e.prev_hash
    )
    entries[i] = dataclasses.replace(e, who=who, hash=digest)
    verdict = AuditChain.verify(entries, head)
    assert not verdict.ok
    if i == len(entries) - 1:
        assert (verdict.broken_seq, verdict.problem) == (i + 2, ChainBreak.TRUNCATED)
    else:
        assert (verdict.broken_seq, verdict.problem) == (i + 2, ChainBreak.UNLINKED)


def test_digest_is_stable_and_covers_every_field() -> None:
    args: list[Any] = [
        1,
        "2025-01-01T00:00:00+00:00",
        "Practitioner/a",
        "R",
        "Patient/p",
        "ws",
        "0",
        "0" * 64,
    ]
    base = AuditEntry.digest(*args)
    assert base == AuditEntry.digest(*args)
    assert len(base) == 64
    for k in range(len(args)):
        changed = list(args)
        changed[k] = changed[k] + 1 if isinstance(changed[k], int) else changed[k] + "x"
        assert AuditEntry.digest(*changed) != base


def test_to_fhir_is_an_audit_event() -> None:
    (entry,) = _chain(
        [("2025-01-01T00:00:00+00:00", "Practitioner/a", "R", "Patient/p", "ws", "0")]
    )
    event = entry.to_fhir("e1")
    assert event["resourceType"] == "AuditEvent"
    assert event["action"] == "R"
    assert event["agent"][0]["who"]["reference"] == "Practitioner/a"
    assert event["entity"][0]["what"]["reference"] == "Patient/p"
