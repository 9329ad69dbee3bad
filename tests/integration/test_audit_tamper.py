"""The audit chain names the first entry that was edited, removed or moved.

A profile gets a few audited writes and chart openings through ``PatientService``; its
audit table is then changed behind the store's back, through a raw SQLCipher
connection holding the key, the way someone with the key and a SQL shell could. Both
``verify_audit()`` and ``python -m app audit verify`` must name the right entry.

What the design guarantees locally: any edit, deletion, reordering, or removal of the
last entries while the head recorded in ``meta`` stays. Someone who rewrites the whole
tail and the head as well is not detectable from the local file alone (that is what
pushing AuditEvents to the server is for), so it is not tested here.
"""

import asyncio
import subprocess
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any

import keyring
import pytest
import sqlcipher3

from app.audit.audit_chain import ChainBreak
from app.audit.audit_entry import AuditEntry
from app.config import Config
from app.services.patient_draft import PatientDraft
from app.services.patient_service import PatientService
from app.services.session import Session
from app.store.encrypted_store import EncryptedStore
from app.store.store_database import StoreDatabase
from app.store.store_key import SERVICE, StoreKey
from tests.helpers.child_env import REPO_ROOT, ChildEnv

PROFILE = "audited"
TODAY = date(2025, 6, 2)
Connection = Any


def _config(root: Path) -> Config:
    return Config(profile=PROFILE, demo=False, data_root=root)


@pytest.fixture
def audited_profile(tmp_path: Path, keyring_path: Path) -> Config:
    """Two patients created, one edited, three chart openings: six chained entries."""
    config = _config(tmp_path / "data")
    session = Session("Practitioner/dr-audit", "Dr Audit", "poste-1")

    async def scenario() -> None:
        store = await EncryptedStore.open(config.db_path, StoreKey(PROFILE, config.db_path))
        try:
            service = PatientService(store, session, today=lambda: TODAY)
            first, _ = await service.save(PatientDraft("Martin", "Jeanne", "02/05/1950", "female"))
            second, _ = await service.save(PatientDraft("Durand", "Paul", "11/11/1961", "male"))
            await service.save(
                PatientDraft("Martin", "Jeanne Marie", "02/05/1950", "female"), first
            )
            for pid in (first.id, second.id, first.id):
                assert await service.open_chart(pid) is not None
        finally:
            await store.close()

    asyncio.run(scenario())
    return config


@contextmanager
def _raw(config: Config) -> Iterator[Connection]:
    """A plain SQLCipher connection with the key: what a person with the key could do."""
    key = keyring.get_password(SERVICE, f"store-key/{PROFILE}")
    assert key is not None
    conn = sqlcipher3.connect(str(config.db_path), isolation_level=None)
    try:
        StoreDatabase.apply_key(conn, bytes.fromhex(key))
        conn.execute("BEGIN")
        yield conn
        conn.execute("COMMIT")
    finally:
        conn.close()


def _entries(config: Config) -> list[AuditEntry]:
    db = StoreDatabase.open(config.db_path, StoreKey(PROFILE, config.db_path))
    try:
        return list(db.audit_entries())
    finally:
        db.close()


def _edit_who(conn: Connection, seq: int) -> None:
    conn.execute("UPDATE audit SET who = 'Practitioner/intruder' WHERE seq = ?", (seq,))


def _edit_recorded(conn: Connection, seq: int) -> None:
    conn.execute("UPDATE audit SET recorded = '2020-01-01T00:00:00+00:00' WHERE seq = ?", (seq,))


def _edit_entity_and_rehash(conn: Connection, seq: int) -> None:
    # The entry is made self-consistent again; its successor still points at the old hash.
    row = conn.execute(
        "SELECT seq, recorded, who, action, entity, workstation, outcome, prev_hash, hash"
        " FROM audit WHERE seq = ?",
        (seq,),
    ).fetchone()
    entry = AuditEntry(*row)
    entity = "Patient/someone-else"
    digest = AuditEntry.digest(
        entry.seq,
        entry.recorded,
        entry.who,
        entry.action,
        entity,
        entry.workstation,
        entry.outcome,
        entry.prev_hash,
    )
    conn.execute("UPDATE audit SET entity = ?, hash = ? WHERE seq = ?", (entity, digest, seq))


def _delete(conn: Connection, seq: int) -> None:
    conn.execute("DELETE FROM audit WHERE seq = ?", (seq,))


def _swap_with_next(conn: Connection, seq: int) -> None:
    conn.execute("UPDATE audit SET seq = -1 WHERE seq = ?", (seq,))
    conn.execute("UPDATE audit SET seq = ? WHERE seq = ?", (seq, seq + 1))
    conn.execute("UPDATE audit SET seq = ? WHERE seq = -1", (seq + 1,))


Tamper = Callable[[Connection, int], None]
LAST = -1  # stands for the last entry's seq

# (how, which entry, which entry must be named, how the chain is broken)
CASES: list[tuple[str, Tamper, int, int, ChainBreak]] = [
    ("edit-who", _edit_who, 3, 3, ChainBreak.ALTERED),
    ("edit-recorded-first", _edit_recorded, 1, 1, ChainBreak.ALTERED),
    ("edit-last", _edit_who, LAST, LAST, ChainBreak.ALTERED),
    ("rehash", _edit_entity_and_rehash, 2, 3, ChainBreak.UNLINKED),
    ("delete-first", _delete, 1, 1, ChainBreak.GAP),
    ("delete-middle", _delete, 4, 4, ChainBreak.GAP),
    ("delete-last", _delete, LAST, LAST, ChainBreak.TRUNCATED),
    ("swap", _swap_with_next, 2, 2, ChainBreak.UNLINKED),
]


def _run_cli(config: Config, keyring_path: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "app",
            "audit",
            "verify",
            "--profile",
            config.profile,
            "--data-dir",
            str(config.data_root),
        ],
        cwd=REPO_ROOT,
        env=ChildEnv.with_keyring(keyring_path),
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_an_intact_chain_verifies_in_the_store_and_from_the_command_line(
    audited_profile: Config, keyring_path: Path
) -> None:
    entries = _entries(audited_profile)
    assert [e.action for e in entries] == ["C", "C", "U", "R", "R", "R"]
    db = StoreDatabase.open(audited_profile.db_path, StoreKey(PROFILE, audited_profile.db_path))
    try:
        verdict = db.verify_audit()
    finally:
        db.close()
    assert verdict.ok
    assert verdict.entries == len(entries)
    result = _run_cli(audited_profile, keyring_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"{len(entries)} entrées" in result.stdout


@pytest.mark.parametrize(
    ("tamper", "target", "named", "problem"),
    [case[1:] for case in CASES],
    ids=[case[0] for case in CASES],
)
def test_a_tampered_chain_names_the_first_bad_entry(
    audited_profile: Config,
    keyring_path: Path,
    tamper: Tamper,
    target: int,
    named: int,
    problem: ChainBreak,
) -> None:
    last = len(_entries(audited_profile))
    target = last if target == LAST else target
    named = last if named == LAST else named
    with _raw(audited_profile) as conn:
        tamper(conn, target)
    db = StoreDatabase.open(audited_profile.db_path, StoreKey(PROFILE, audited_profile.db_path))
    try:
        verdict = db.verify_audit()
    finally:
        db.close()
    assert not verdict.ok
    assert verdict.broken_seq == named
    assert verdict.problem is problem
    result = _run_cli(audited_profile, keyring_path)
    assert result.returncode == 1, result.stdout + result.stderr
    assert f"n° {named} " in result.stdout
    assert f"({problem.value})" in result.stdout


def test_the_command_line_reports_a_locked_store(
    audited_profile: Config, keyring_path: Path
) -> None:
    keyring.delete_password(SERVICE, f"store-key/{PROFILE}")
    result = _run_cli(audited_profile, keyring_path)
    assert result.returncode == 2
    assert "key_missing" in result.stdout
