"""The backend the workstation starts itself when no server is configured.

``python -m backend`` runs as a child process on 127.0.0.1 with a free port and an
SQLCipher database inside the profile folder. Secrets never go on the command line
(other local users can read it): the bootstrap secret and the database key travel as
one JSON line on the child's standard input, which then stays open; the child shuts
down when it closes, so a workstation that dies leaves no orphan server. The child
answers with one JSON line on standard output, ``{"listening": "http://127.0.0.1:P"}``.
The workstation exchanges the secret for a bearer token at ``POST /auth/bootstrap``.

A child that stops on its own is restarted with a growing delay, and the state says
so; after too many failures in a row it is left stopped (FAILED) and the user told.
"""

import asyncio
import contextlib
import json
import logging
import secrets
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any

import aiohttp

from app.ports.server_state import ServerState
from sync.token_source import TokenSource

log = logging.getLogger(__name__)

START_TIMEOUT_S = 30.0
REQUEST_TIMEOUT_S = 5.0
STOP_TIMEOUT_S = 5.0
MAX_FAILED_STARTS = 5
BACKOFF_S = (1.0, 2.0, 4.0, 8.0, 15.0)
TOKEN_MARGIN_S = 60.0
# How long a login waits for a backend that is still starting (it takes ~1 s here).
READY_WAIT_S = 15.0


class EmbeddedBackend:
    """Starts, watches, restarts and stops the embedded backend; hands out tokens."""

    def __init__(
        self,
        db_path: Path,
        db_key: bytes,
        practitioner: str,
        display: str,
        log_path: Path,
        python: str = sys.executable,
        cps_trust_anchors: Path | None = None,
        psc: tuple[str, str] | None = None,
    ) -> None:
        self._db_path = db_path
        self._db_key = db_key
        self._practitioner = practitioner
        self._display = display
        self._log_path = log_path
        self._python = python
        # CPS card login is on when the backend trusts some authorities (a PEM bundle).
        self._cps_trust_anchors = cps_trust_anchors
        # e-CPS login is on with Pro Santé Connect's (discovery URL, client id).
        self._psc = psc
        self._token_source: TokenSource | None = None
        self._proc: subprocess.Popen[bytes] | None = None
        self._secret = ""
        self._url: str | None = None
        self._token = ""
        self._token_expiry = 0.0
        self._state = ServerState.STOPPED
        self._callbacks: list[Callable[[ServerState], None]] = []
        self._stopping = False
        self._failed_starts = 0
        self.restarts = 0
        self._loop: asyncio.AbstractEventLoop | None = None
        self._relaunch: asyncio.Task[None] | None = None
        self._launching: asyncio.Task[None] | None = None

    # -- FhirServer ------------------------------------------------------------------

    @property
    def base_url(self) -> str | None:
        return self._url if self._state is ServerState.RUNNING else None

    @property
    def state(self) -> ServerState:
        return self._state

    @property
    def pid(self) -> int | None:
        return self._proc.pid if self._proc is not None else None

    def on_state_change(self, callback: Callable[[ServerState], None]) -> None:
        self._callbacks.append(callback)

    async def start(self) -> None:
        """Launch and wait until the server answers; FAILED (not raised) if it cannot."""
        self._loop = asyncio.get_running_loop()
        self._stopping = False
        self._set_state(ServerState.STARTING)
        self._launching = self._loop.create_task(self._launch_until_running())
        await self._launching

    async def stop(self) -> None:
        """Close the child's stdin (it shuts down cleanly), then insist if it must."""
        self._stopping = True
        # A start under way sees the flag and ends what it spawned; wait for it.
        for task in (self._launching, self._relaunch):
            if task is not None and not task.done():
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await task
        proc = self._proc
        self._proc = None
        if proc is not None:
            await asyncio.get_running_loop().run_in_executor(None, self._end, proc)
        self._url = None
        self._set_state(ServerState.STOPPED)

    async def until_started(self, timeout_s: float = READY_WAIT_S) -> None:
        """Return once a start or restart under way has ended (or ``timeout_s``): a card
        login typed while the backend is still starting goes online, not offline."""
        pending = [t for t in (self._launching, self._relaunch) if t is not None and not t.done()]
        if pending:
            await asyncio.wait(pending, timeout=timeout_s)

    def use_token_source(self, source: TokenSource | None) -> None:
        """From a practitioner's login on, sync works under their token (``source``),
        not the bootstrap one; None (logout) goes back to the bootstrap token."""
        self._token_source = source

    async def token(self) -> str:
        if self._url is None:
            raise ConnectionError("embedded backend not running")
        if self._token_source is not None:
            return await self._token_source.token()
        if time.monotonic() > self._token_expiry - TOKEN_MARGIN_S:
            await self._fetch_token()
        return self._token

    # -- launching -------------------------------------------------------------------

    async def _launch_until_running(self) -> None:
        while not self._stopping:
            try:
                await self._launch()
            except asyncio.CancelledError:
                await self._discard_child()
                raise
            except (OSError, ValueError, KeyError, TimeoutError, aiohttp.ClientError) as exc:
                self._failed_starts += 1
                log.warning(
                    "embedded backend did not start (%s), attempt %d",
                    type(exc).__name__,
                    self._failed_starts,
                )
                await self._discard_child()
                if self._failed_starts >= MAX_FAILED_STARTS:
                    self._set_state(ServerState.FAILED)
                    return
                await asyncio.sleep(BACKOFF_S[min(self._failed_starts, len(BACKOFF_S)) - 1])
                continue
            self._failed_starts = 0
            self._set_state(ServerState.RUNNING)
            return

    async def _discard_child(self) -> None:
        if self._proc is not None:
            proc, self._proc = self._proc, None
            await asyncio.get_running_loop().run_in_executor(None, self._end, proc)

    async def _launch(self) -> None:
        self._secret = secrets.token_hex(32)
        loop = asyncio.get_running_loop()
        spawn = loop.run_in_executor(None, self._spawn)
        try:
            proc = await asyncio.shield(spawn)
        except asyncio.CancelledError:
            # Cancelled mid-spawn: wait for the child so that it can be ended, not orphaned.
            self._proc = await spawn
            raise
        self._proc = proc
        stdout = proc.stdout
        if stdout is None:
            raise OSError("backend has no standard output")
        line = await asyncio.wait_for(
            loop.run_in_executor(None, stdout.readline),
            START_TIMEOUT_S,
        )
        if not line:
            raise OSError("backend exited during start")
        url = str(json.loads(line)["listening"])
        if not url.startswith("http://127.0.0.1:"):
            raise ValueError("backend announced an unexpected address")
        self._url = url
        await self._fetch_token()
        threading.Thread(target=self._watch, args=(proc,), daemon=True).start()
        log.info("embedded backend running (pid %d)", proc.pid)

    def _spawn(self) -> "subprocess.Popen[bytes]":
        """Blocking: start the child and hand it the secrets on its standard input."""
        self._db_path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        with self._log_path.open("ab") as stderr:
            proc = subprocess.Popen(  # noqa: S603 (our own interpreter and module, no shell)
                [
                    self._python,
                    *("-m", "backend", "--db", f"sqlite:{self._db_path}"),
                    *("--host", "127.0.0.1", "--port", "0", "--bootstrap-stdin"),
                    *(
                        ("--cps-trust-anchors", str(self._cps_trust_anchors))
                        if self._cps_trust_anchors is not None
                        else ()
                    ),
                    *(
                        ("--psc-discovery", self._psc[0], "--psc-client-id", self._psc[1])
                        if self._psc is not None
                        else ()
                    ),
                ],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=stderr,
            )
        handshake = {"bootstrap_secret": self._secret, "db_key": self._db_key.hex()}
        if proc.stdin is not None:
            proc.stdin.write((json.dumps(handshake) + "\n").encode())
            proc.stdin.flush()
        return proc

    async def _fetch_token(self) -> None:
        timeout = aiohttp.ClientTimeout(total=REQUEST_TIMEOUT_S)
        async with (
            aiohttp.ClientSession(timeout=timeout) as http,
            http.post(
                f"{self._url}/auth/bootstrap",
                headers={"Authorization": f"Bootstrap {self._secret}"},
                json={"practitioner": self._practitioner, "display": self._display},
            ) as response,
        ):
            if response.status != 200:
                raise ValueError(f"token refused ({response.status})")
            body: dict[str, Any] = await response.json(content_type=None)
        self._token = str(body["access_token"])
        self._token_expiry = time.monotonic() + float(body["expires_in"])

    # -- watching --------------------------------------------------------------------

    def _watch(self, proc: "subprocess.Popen[bytes]") -> None:
        """On its own thread: wait for the child, then tell the loop."""
        code = proc.wait()
        loop = self._loop
        if loop is not None and not loop.is_closed():
            with contextlib.suppress(RuntimeError):
                loop.call_soon_threadsafe(self._on_exit, proc, code)

    def _on_exit(self, proc: "subprocess.Popen[bytes]", code: int) -> None:
        if self._stopping or proc is not self._proc:
            return
        log.warning("embedded backend stopped unexpectedly (exit %d); restarting", code)
        for pipe in (proc.stdin, proc.stdout):
            if pipe is not None:
                with contextlib.suppress(OSError):
                    pipe.close()
        self._proc = None
        self._url = None
        self.restarts += 1
        self._set_state(ServerState.RESTARTING)
        self._relaunch = asyncio.get_running_loop().create_task(self._launch_until_running())

    @staticmethod
    def _end(proc: "subprocess.Popen[bytes]") -> None:
        """Blocking: EOF on stdin first, then SIGTERM, then SIGKILL."""
        stdin: IO[bytes] | None = proc.stdin
        if stdin is not None:
            with contextlib.suppress(OSError):
                stdin.close()
        for signal_it in (None, proc.terminate, proc.kill):
            if signal_it is not None:
                signal_it()
            try:
                proc.wait(timeout=STOP_TIMEOUT_S)
            except subprocess.TimeoutExpired:
                continue
            break
        if proc.stdout is not None:
            proc.stdout.close()

    def _set_state(self, state: ServerState) -> None:
        self._state = state
        for callback in self._callbacks:
            callback(state)
