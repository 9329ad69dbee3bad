"""Verification of the audit chain: names the first entry that does not hold."""

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from app.audit.audit_entry import AuditEntry


class ChainBreak(StrEnum):
    """How the chain is broken at the first bad entry."""

    ALTERED = "altered"  # the entry's content no longer matches its hash
    UNLINKED = "unlinked"  # it does not point at its predecessor (deleted or reordered)
    GAP = "gap"  # a sequence number is missing
    TRUNCATED = "truncated"  # the last entries are gone (the recorded head is absent)


@dataclass(frozen=True, slots=True)
class AuditVerdict:
    """Result of a verification; ``broken_seq`` is the first entry that fails."""

    entries: int
    broken_seq: int | None = None
    problem: ChainBreak | None = None

    @property
    def ok(self) -> bool:
        return self.broken_seq is None


class AuditChain:
    """Walks entries in sequence order and checks content, links and numbering."""

    @staticmethod
    def verify(entries: Iterable[AuditEntry], head: tuple[int, str] | None = None) -> AuditVerdict:
        """Check every entry; ``head`` is the (seq, hash) the store recorded last."""
        prev_hash = AuditEntry.GENESIS
        expected_seq = 1
        count = 0
        last: AuditEntry | None = None
        for e in entries:
            count += 1
            if e.seq != expected_seq:
                return AuditVerdict(count, expected_seq, ChainBreak.GAP)
            if e.prev_hash != prev_hash:
                return AuditVerdict(count, e.seq, ChainBreak.UNLINKED)
            if e.expected_hash() != e.hash:
                return AuditVerdict(count, e.seq, ChainBreak.ALTERED)
            prev_hash = e.hash
            expected_seq += 1
            last = e
        if head is not None:
            head_seq, head_hash = head
            if last is None or last.seq != head_seq or last.hash != head_hash:
                return AuditVerdict(count, expected_seq, ChainBreak.TRUNCATED)
        return AuditVerdict(count)
