"""The kill loop of one client of the sync fault run, on a thread of the parent.

It starts :mod:`tests.helpers.sync_client_process` on the client's store, kills it with
SIGKILL at a random point and starts it again, until the client says ``done`` with the
run's kills spent. Kills come from one :class:`KillPool` for all clients. Where a kill
lands is drawn per life, so that the kills spread over the whole workload rather than
bunching at its start:

- now and then a plain delay of up to 0.6 s after the start: the kill lands while
  Python starts, the store opens, or the first cycle runs;
- otherwise after the m-th edit of the life, m drawn around the edits left divided by
  the kills left to this client, plus up to 0.4 s: the kill lands among edits,
  pushes, pulls, acknowledgements and resolutions;
- once every edit is made, up to 0.4 s after ``ready``: during the last cycles
  (kills still left when a client is done are spent on lives started for them).

A life the pool has no kill for runs until it ends by itself. Kills are counted only
when SIGKILL ended a live process. After each kill the store is opened here the way
the workstation opens it (full check): it must open, intact, and whether a push was
left unanswered (``in_flight``) says that the kill landed inside a push.
"""

import contextlib
import os
import random
import select
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from app.store.demo_key_file import DemoKeyFile
from app.store.store_database import StoreDatabase
from app.store.store_locked_error import StoreLockedError
from tests.helpers.child_env import REPO_ROOT
from tests.helpers.sync_client_process import EXIT_REFUSED, TOKEN_ENV
from tests.helpers.sync_workload import SyncWorkload

EARLY_KILL_CHANCE = 0.15
EARLY_KILL_S = 0.6
JITTER_S = 0.4
LATE_KILL_S = 0.4
LIFE_TIMEOUT_S = 240.0
MAX_FAILED_LIVES = 5
MAX_EXTRA_LIVES = 20
READ_CHUNK = 65536


class KillPool:
    """The run's kills, drawn by the clients' threads."""

    def __init__(self, kills: int, clients: int) -> None:
        self._left = kills
        self._active = clients
        self._lock = threading.Lock()

    def take(self) -> int | None:
        """Reserve a kill; the share of the pool left to each active client, or None."""
        with self._lock:
            if self._left <= 0:
                return None
            share = max(1, self._left // max(1, self._active))
            self._left -= 1
            return share

    @property
    def empty(self) -> bool:
        with self._lock:
            return self._left <= 0

    def give_back(self) -> None:
        with self._lock:
            self._left += 1

    def leave(self) -> None:
        """A client is done: the others share what is left."""
        with self._lock:
            self._active -= 1


@dataclass(slots=True)
class LifeReport:
    """One child: how far it got and how it ended (and, killed, what its store held)."""

    edits: int = 0
    syncs_ok: int = 0
    syncs_offline: int = 0
    resolved: int = 0
    ready: bool = False
    done: bool = False
    killed: bool = False
    exit_code: int | None = None
    after_last_edit: bool = False
    push_unanswered: bool = False
    store_problems: tuple[str, ...] = ()


class _Lines:
    """Complete lines from a child's stdout, without blocking past a timeout."""

    def __init__(self, fd: int) -> None:
        self._fd = fd
        self._buffer = b""

    def read(self, timeout_s: float) -> list[str] | None:
        """Lines that arrived within ``timeout_s`` (maybe none); None at end of file."""
        ready, _, _ = select.select([self._fd], [], [], max(0.0, timeout_s))
        if not ready:
            return []
        chunk = os.read(self._fd, READ_CHUNK)
        if not chunk:
            return None
        self._buffer += chunk
        *lines, self._buffer = self._buffer.split(b"\n")
        return [line.decode() for line in lines]


class SyncClientDriver:
    """Lives of one client until it is done; ``kills`` and ``lives`` say what happened."""

    def __init__(
        self,
        client: int,
        workload: SyncWorkload,
        store_path: Path,
        base_url: str,
        token: Callable[[], str],
        pool: KillPool,
        rng: random.Random,
        pace_s: float,
        log_path: Path,
    ) -> None:
        self._client = client
        self._workload = workload
        self._store_path = store_path
        self._base_url = base_url
        self._token = token
        self._pool = pool
        self._rng = rng
        self._pace = pace_s
        self._log_path = log_path
        self.kills = 0
        self.lives: list[LifeReport] = []
        self.failures: list[str] = []
        self._last_edit = 0

    def run(self) -> None:
        failed = finished = 0
        try:
            while failed < MAX_FAILED_LIVES:
                life = self._life()
                self.lives.append(life)
                if life.killed:
                    self.kills += 1
                    self._inspect(life)
                    continue
                if life.exit_code == 0 and life.done:
                    # Kills left over: more lives, killed while they start or sync.
                    finished += 1
                    if self._pool.empty or finished > MAX_EXTRA_LIVES:
                        return
                    continue
                if life.exit_code != EXIT_REFUSED:
                    failed += 1
                    self.failures.append(
                        f"client {self._client} exited {life.exit_code}: {self._log_tail()}"
                    )
            self.failures.append(f"client {self._client} gave up after {failed} failed lives")
        finally:
            self._pool.leave()

    # -- one life ---------------------------------------------------------------------

    def _kill_after(self, share: int | None) -> tuple[str, float, int]:
        """(what starts the clock, delay, edits to wait for) of this life's kill."""
        if share is None:
            return "never", 0.0, 0
        if self._rng.random() < EARLY_KILL_CHANCE:
            return "start", self._rng.uniform(0.0, EARLY_KILL_S), 0
        left = self._workload.edits - self._last_edit
        if left <= 0:
            return "ready", self._rng.uniform(0.0, LATE_KILL_S), 0
        edits = round(left / (share + 1) * self._rng.uniform(0.0, 2.0))
        return "edits", self._rng.uniform(0.0, JITTER_S), edits

    def _command(self) -> list[str]:
        w = self._workload
        return [
            sys.executable,
            *("-m", "tests.helpers.sync_client_process"),
            *("--store", str(self._store_path), "--client", str(self._client)),
            *("--clients", str(w.clients), "--edits", str(w.edits)),
            *("--seed", str(w.seed), "--shared", str(w.shared)),
            *("--base-url", self._base_url, "--pace-s", str(self._pace)),
        ]

    def _env(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith("CABINET_")}
        env[TOKEN_ENV] = self._token()
        env["PYTHONPATH"] = str(REPO_ROOT)
        env["PYTHONDONTWRITEBYTECODE"] = "1"
        return env

    def _life(self) -> LifeReport:
        share = self._pool.take()
        clock, delay, edits_wanted = self._kill_after(share)
        life = LifeReport(after_last_edit=self._last_edit >= self._workload.edits)
        with self._log_path.open("ab") as log:
            proc = subprocess.Popen(
                self._command(),
                cwd=REPO_ROOT,
                env=self._env(),
                stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                stderr=log,
            )
        assert proc.stdout is not None
        try:
            self._watch(proc, life, clock, delay, edits_wanted)
        finally:
            if proc.poll() is None:
                proc.kill()
            proc.wait()
            proc.stdout.close()
        life.exit_code = proc.returncode
        life.killed = life.killed and proc.returncode == -signal.SIGKILL
        if share is not None and not life.killed:
            self._pool.give_back()
        return life

    def _watch(
        self,
        proc: "subprocess.Popen[bytes]",
        life: LifeReport,
        clock: str,
        delay: float,
        edits_wanted: int,
    ) -> None:
        assert proc.stdout is not None
        lines = _Lines(proc.stdout.fileno())
        started = time.monotonic()
        kill_at = started + delay if clock == "start" else None
        give_up = started + LIFE_TIMEOUT_S
        while True:
            now = time.monotonic()
            if kill_at is not None and now >= kill_at:
                with contextlib.suppress(ProcessLookupError):
                    proc.send_signal(signal.SIGKILL)
                life.killed = True
                self._drain(lines, life)
                return
            if now >= give_up:
                self.failures.append(f"client {self._client}: a life ran {LIFE_TIMEOUT_S} s")
                return
            wait = min(give_up, kill_at if kill_at is not None else give_up) - now
            got = lines.read(min(wait, 1.0))
            if got is None:
                return  # it ended by itself
            for line in got:
                self._note(line, life)
            if kill_at is None and clock == "ready" and life.ready:
                kill_at = time.monotonic() + delay
            enough = life.edits >= edits_wanted or self._last_edit >= self._workload.edits
            if kill_at is None and clock == "edits" and life.ready and enough:
                kill_at = time.monotonic() + delay

    def _drain(self, lines: _Lines, life: LifeReport) -> None:
        """What the dead child wrote before it died (its pipe ends now)."""
        deadline = time.monotonic() + 5.0
        while time.monotonic() < deadline:
            got = lines.read(deadline - time.monotonic())
            if got is None:
                return
            for line in got:
                self._note(line, life)

    def _note(self, line: str, life: LifeReport) -> None:
        word, _, rest = line.partition(" ")
        if line == "ready":
            life.ready = True
        elif word == "edit":
            life.edits += 1
            self._last_edit = max(self._last_edit, int(rest))
        elif line == "sync ok":
            life.syncs_ok += 1
        elif line == "sync offline":
            life.syncs_offline += 1
        elif word == "resolved":
            life.resolved += int(rest)
        elif line == "done":
            life.done = True

    def _inspect(self, life: LifeReport) -> None:
        """Open the store a kill left as the workstation would; note what it held."""
        path = self._store_path
        try:
            db = StoreDatabase.open(path, DemoKeyFile(path.with_name("demo.key"), path))
        except StoreLockedError as exc:
            life.store_problems = (f"locked after a kill: {exc.reason.value} ({exc.detail})",)
            return
        try:
            problems = list(db.integrity_problems())
            verdict = db.verify_audit()
            if not verdict.ok:
                problems.append(f"audit chain broken at {verdict.broken_seq}")
            life.store_problems = tuple(problems)
            row = db.connection.execute("SELECT count(*) FROM in_flight").fetchone()
            life.push_unanswered = int(row[0]) > 0
        finally:
            db.close()

    def _log_tail(self) -> str:
        try:
            return self._log_path.read_text(errors="replace")[-600:]
        except OSError:
            return "(no log)"
