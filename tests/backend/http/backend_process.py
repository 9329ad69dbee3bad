"""``python -m backend`` as a real child process, the way the workstation starts it."""

import asyncio
import json
import os
import signal
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parents[3]
START_TIMEOUT_S = 30.0
STOP_TIMEOUT_S = 20.0


class BackendProcess:
    """One child: its stdin stays open (closing it stops the server), stderr to a file."""

    def __init__(self, proc: asyncio.subprocess.Process, log: Path) -> None:
        self.proc = proc
        self.log = log
        self.url = ""

    @staticmethod
    async def launch(
        args: Sequence[str],
        log: Path,
        handshake: dict[str, Any] | None = None,
    ) -> "BackendProcess":
        """Start it and send ``handshake`` as the bootstrap line (if any)."""
        env = {k: v for k, v in os.environ.items() if not k.startswith("CABINET_")}
        env["PYTHONPATH"] = str(REPO_ROOT)
        env["PYTHONDONTWRITEBYTECODE"] = "1"
        with log.open("ab") as stderr:
            proc = await asyncio.create_subprocess_exec(
                sys.executable,
                "-m",
                "backend",
                *args,
                stdin=asyncio.subprocess.PIPE,
                stdout=asyncio.subprocess.PIPE,
                stderr=stderr,
                cwd=REPO_ROOT,
                env=env,
            )
        child = BackendProcess(proc, log)
        if handshake is not None:
            assert proc.stdin is not None
            proc.stdin.write((json.dumps(handshake) + "\n").encode())
            await proc.stdin.drain()
        return child

    async def listening(self) -> str:
        """The URL of the one JSON line the server prints once it listens."""
        assert self.proc.stdout is not None
        line = await asyncio.wait_for(self.proc.stdout.readline(), START_TIMEOUT_S)
        assert line, f"no announcement; stderr: {self.stderr()}"
        self.url = str(json.loads(line)["listening"])
        return self.url

    async def wait(self) -> int:
        return await asyncio.wait_for(self.proc.wait(), STOP_TIMEOUT_S)

    async def rest_of_stdout(self) -> bytes:
        assert self.proc.stdout is not None
        return await asyncio.wait_for(self.proc.stdout.read(), STOP_TIMEOUT_S)

    def signal(self, signum: int) -> None:
        self.proc.send_signal(signum)

    def close_stdin(self) -> None:
        if self.proc.stdin is not None:
            self.proc.stdin.close()

    async def stop(self) -> None:
        """Whatever state it is in, leave no process behind."""
        if self.proc.returncode is None:
            self.proc.send_signal(signal.SIGKILL)
            await self.proc.wait()
        if self.proc.stdin is not None:
            self.proc.stdin.close()

    def stderr(self) -> str:
        return self.log.read_text(errors="replace")[-3000:]
