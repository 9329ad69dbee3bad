"""The kill loop shared by the crash test and the crash benchmark.

A :mod:`tests.helpers.crash_writer` child commits numbered edits and acknowledges each
one; it is killed with SIGKILL a random 20-400 ms after it starts opening the store
(Python's own start-up is not counted, so the kills land among commits). The database
is then opened the way the workstation opens it (full check) and compared with what
was acknowledged: it must be intact and hold exactly edits 1..k for some k that is at
least the last acknowledged edit and at most the one that was in flight. The next
child goes on from k + 1 on the same file.

The in-process keyring must already be the file keyring at ``keyring_path`` (the
caller registers it with ``keyring.set_keyring``); children get the same file through
``PYTHON_KEYRING_BACKEND`` and ``CABINET_TEST_KEYRING``.
"""

import random
import select
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from app.domain.patient_query import PatientQuery
from app.store.store_database import StoreDatabase
from app.store.store_key import StoreKey
from app.store.store_locked_error import StoreLockedError
from tests.helpers.child_env import REPO_ROOT, ChildEnv
from tests.helpers.crash_writer import (
    COUNTER_ID,
    COUNTER_REF,
    DEFAULT_PROFILE,
    EXTRA_FAMILY,
    CrashWriter,
)

STARTUP_TIMEOUT_S = 20.0
MIN_DELAY_S = 0.020
MAX_DELAY_S = 0.400


@dataclass(frozen=True, slots=True)
class KillReport:
    """What one kill left behind.

    ``committed`` is k, the number of edits found after reopening (None when there is no
    database or it would not open). ``lost`` counts acknowledged edits that are gone;
    ``corruption`` lists every other way the state differs from a committed prefix.
    """

    start: int
    delay_s: float
    reached: str  # how far the child said it got: "nothing", "opening" or "ready"
    acks: int
    last_ack: int
    db_existed: bool
    committed: int | None
    lost: int
    corruption: tuple[str, ...]

    @property
    def ok(self) -> bool:
        return self.lost == 0 and not self.corruption

    def describe(self) -> str:
        return (
            f"start={self.start} delay={self.delay_s * 1000:.0f}ms reached={self.reached}"
            f" acks={self.acks} last_ack={self.last_ack} committed={self.committed}"
            f" lost={self.lost} corruption={list(self.corruption)}"
        )


@dataclass(frozen=True, slots=True)
class _ChildRun:
    reached: str
    acks: list[int]
    problems: list[str]


class CrashLoop:
    """Kills writers on one database, and verifies what each kill left."""

    def __init__(
        self,
        workdir: Path,
        keyring_path: Path,
        rng: random.Random,
        profile: str = DEFAULT_PROFILE,
    ) -> None:
        self._workdir = workdir
        self._keyring_path = keyring_path
        self._rng = rng
        self._profile = profile
        self._generation = 0
        self.db_path = self._db_path_for(profile)
        self._next = 1

    @property
    def next_edit(self) -> int:
        return self._next

    def _db_path_for(self, profile: str) -> Path:
        return self._workdir / "profiles" / profile / "store.db"

    # -- one kill ---------------------------------------------------------------------

    def kill_once(
        self, min_delay_s: float = MIN_DELAY_S, max_delay_s: float = MAX_DELAY_S
    ) -> KillReport:
        """Kill a writer of the loop's database a random time after it starts opening."""
        start = self._next
        fresh = not self.db_path.exists()
        delay = self._rng.uniform(min_delay_s, max_delay_s)
        run = self._run_child(self.db_path, start, self._profile, delay)
        report = self._inspect(self.db_path, self._profile, start, delay, run, fresh=fresh)
        if report.committed is not None:
            self._next = report.committed + 1
        elif report.corruption:
            self.start_new_database()
        return report

    def kill_during_creation(self, index: int, delay_s: float) -> KillReport:
        """Kill a writer ``delay_s`` after it starts creating a brand-new profile.

        The child creates its key too; the test keyring writes its file by rename, so a
        kill never tears it (as a real secret service would not).
        """
        profile = f"{self._profile}-new-{index}"
        path = self._db_path_for(profile)
        run = self._run_child(path, 1, profile, delay_s)
        return self._inspect(path, profile, 1, delay_s, run, fresh=True)

    def start_new_database(self) -> None:
        """Go on with a new profile: after losing the whole store, or to bound its size."""
        self._generation += 1
        self._profile = f"{self._profile.split('-g')[0]}-g{self._generation}"
        self.db_path = self._db_path_for(self._profile)
        self._next = 1

    def _run_child(self, path: Path, start: int, profile: str, delay_s: float) -> _ChildRun:
        problems: list[str] = []
        proc = subprocess.Popen(
            [sys.executable, "-m", "tests.helpers.crash_writer", str(path), str(start), profile],
            cwd=REPO_ROOT,
            env=ChildEnv.with_keyring(self._keyring_path),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        assert proc.stdout is not None
        assert proc.stderr is not None
        try:
            first = b""
            ready, _, _ = select.select([proc.stdout], [], [], STARTUP_TIMEOUT_S)
            if ready:
                first = proc.stdout.readline()
            if first == b"opening\n":
                time.sleep(delay_s)
            else:
                problems.append("the writer did not start")
            proc.send_signal(signal.SIGKILL)
            # The writer is dead: both pipes end, reading one after the other is safe.
            rest = proc.stdout.read()
            err = proc.stderr.read()
            code = proc.wait(timeout=30)
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
            proc.stdout.close()
            proc.stderr.close()
        if code != -signal.SIGKILL:
            tail = err.decode(errors="replace")[-400:]
            problems.append(f"the writer ended by itself (exit {code}): {tail}")
        lines = (first + rest).decode().splitlines()
        acks = [int(line.split()[1]) for line in lines if line.startswith("ack ")]
        if acks != list(range(start, start + len(acks))):
            problems.append("acknowledgements out of order")
        reached = "ready" if "ready" in lines else ("opening" if "opening" in lines else "nothing")
        return _ChildRun(reached, acks, problems)

    # -- what the kill left -------------------------------------------------------------

    def _inspect(
        self,
        path: Path,
        profile: str,
        start: int,
        delay_s: float,
        run: _ChildRun,
        *,
        fresh: bool = False,
    ) -> KillReport:
        last_ack = run.acks[-1] if run.acks else start - 1
        corruption = list(run.problems)
        existed = path.exists()
        committed: int | None = None
        if existed:
            committed = self._check_store(path, profile, last_ack, corruption)
        elif fresh:
            # Killed before the database was linked into place: a later start must
            # create it cleanly from whatever the kill left (key, key check, temp file).
            corruption += self._check_leftovers(path)
            if self._check_store(path, profile, last_ack, corruption) is None:
                corruption.append("could not create the database after the kill")
        else:
            corruption.append("the database file disappeared")
        lost = max(0, last_ack) if committed is None else max(0, last_ack - committed)
        return KillReport(
            start=start,
            delay_s=delay_s,
            reached=run.reached,
            acks=len(run.acks),
            last_ack=last_ack,
            db_existed=existed,
            committed=committed,
            lost=lost,
            corruption=tuple(corruption),
        )

    @staticmethod
    def _check_leftovers(path: Path) -> list[str]:
        folder = path.parent
        if not folder.exists():
            return []
        allowed_prefix = f".{path.name}."
        unexpected = [
            p.name
            for p in folder.iterdir()
            if not p.name.startswith(allowed_prefix)
            and p.name != StoreDatabase.keycheck_path(path).name
        ]
        return (
            [f"unexpected files after a kill during creation: {unexpected}"] if unexpected else []
        )

    @staticmethod
    def _check_store(path: Path, profile: str, last_ack: int, corruption: list[str]) -> int | None:
        """Open as the workstation does and compare with a committed prefix; k or None."""
        try:
            db = StoreDatabase.open(path, StoreKey(profile, path), full_check=True)
        except StoreLockedError as exc:
            corruption.append(f"store locked after the kill: {exc.reason.value} ({exc.detail})")
            return None
        try:
            corruption += [f"integrity: {p}" for p in db.integrity_problems()]
            if not db.workstation_id:
                corruption.append("no workstation id: the database was half created")
            values = sorted(
                int(o["valueInteger"]) for o in db.by_patient("Observation", COUNTER_REF)
            )
            k = len(values)
            if values != list(range(1, k + 1)):
                missing = sorted(set(range(1, k + 1)) - set(values))[:5]
                corruption.append(f"edits are not a prefix: first missing {missing}")
            if k > last_ack + 1:
                corruption.append(f"{k} edits found, more than the one in flight after {last_ack}")
            counter = CrashWriter.counter_value(db.read("Patient", COUNTER_ID))
            if counter != k:
                corruption.append(f"counter patient holds {counter}, {k} observations found")
            extra = k // 3
            patients = db.count("Patient")
            if patients != (1 if k else 0) + extra:
                corruption.append(f"{patients} patients for {k} edits")
            found = db.search_patients(PatientQuery((EXTRA_FAMILY.lower(),)), limit=extra + 10)
            if len(found) != extra:
                corruption.append(f"patient search finds {len(found)} of {extra} patients")
            verdict = db.verify_audit()
            if not verdict.ok:
                corruption.append(f"audit chain broken at {verdict.broken_seq} ({verdict.problem})")
            if verdict.entries != CrashWriter.audit_after(k):
                corruption.append(f"{verdict.entries} audit entries for {k} edits")
            outbox = db.outbox_size()
            if outbox != CrashWriter.outbox_after(k):
                corruption.append(f"{outbox} outbox entries for {k} edits")
        finally:
            db.close()
        return k
