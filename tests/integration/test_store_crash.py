"""Crash consistency of the store: SIGKILL a writer at random, reopen, compare.

A child process (tests.helpers.crash_writer) commits numbered edits through
``StoreDatabase.commit`` and acknowledges each one on stdout; it is killed with SIGKILL
a random (seeded) 20-400 ms after it starts opening the store. The database is then
opened the way the workstation opens it, with the full check, and must hold exactly
the edits 1..k for some k between the last acknowledged edit and the one in flight:
resources, patient index, full-text index, outbox and audit chain all agreeing. The
next writer goes on from k + 1.
"""

import random
from pathlib import Path

import pytest

from tests.helpers.crash_loop import CrashLoop, KillReport
from tests.helpers.crash_writer import CrashWriter

KILLS = 50
CREATION_KILLS = 10
SEED = 20_241_123


def test_writer_totals_follow_its_edits() -> None:
    # The loop's expectations come from closed forms; they must describe the real edits.
    outbox = audit = 0
    for k in range(1, 200):
        writes, audits = CrashWriter.edit(k)
        outbox += len(writes)
        audit += len(audits)
        assert CrashWriter.outbox_after(k) == outbox
        assert CrashWriter.audit_after(k) == audit
        assert CrashWriter.counter_value(writes[0].json) == k


@pytest.mark.slow
def test_every_kill_leaves_exactly_a_committed_prefix(tmp_path: Path, keyring_path: Path) -> None:
    loop = CrashLoop(tmp_path, keyring_path, random.Random(SEED))
    reports: list[KillReport] = []
    for _ in range(KILLS):
        report = loop.kill_once()
        assert report.ok, report.describe()
        reports.append(report)
    # The kills must land among commits, not only while the writer starts up.
    assert sum(1 for r in reports if r.acks > 0) >= KILLS // 2, [r.describe() for r in reports]
    acknowledged = sum(r.acks for r in reports)
    assert loop.next_edit - 1 >= acknowledged


def test_kill_during_creation_never_leaves_a_half_created_database(
    tmp_path: Path, keyring_path: Path
) -> None:
    loop = CrashLoop(tmp_path, keyring_path, random.Random(SEED))
    # From the instant the child starts opening to well after the database is linked.
    delays = [i * 0.0015 for i in range(CREATION_KILLS)]
    reports = [loop.kill_during_creation(i, d) for i, d in enumerate(delays)]
    for report in reports:
        assert report.ok, report.describe()
    assert any(not r.db_existed for r in reports), "no kill landed before the link"
