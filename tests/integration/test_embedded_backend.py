"""The workstation's embedded backend: a real ``python -m backend`` child process."""

import asyncio
import json
import os
import secrets
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import aiohttp
import pytest

from app.ports.server_state import ServerState
from sync.embedded_backend import EmbeddedBackend

ROOT = Path(__file__).resolve().parents[2]


def _backend(tmp_path: Path) -> EmbeddedBackend:
    return EmbeddedBackend(
        db_path=tmp_path / "backend.db",
        db_key=secrets.token_bytes(32),
        practitioner="Practitioner/test-1",
        display="Dr Test",
        log_path=tmp_path / "backend.log",
    )


async def _until(condition: Callable[[], bool], within: float = 30.0) -> None:
    deadline = time.monotonic() + within
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("condition not met in time")
        await asyncio.sleep(0.05)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # A zombie still answers kill(0); its state in /proc says it is gone.
    stat = Path(f"/proc/{pid}/stat")
    return stat.exists() and stat.read_text().split()[2] != "Z"


@pytest.mark.asyncio
async def test_starts_answers_with_a_token_restarts_and_stops(tmp_path: Path) -> None:
    backend = _backend(tmp_path)
    states: list[ServerState] = []
    backend.on_state_change(states.append)
    await backend.start()
    try:
        assert backend.state is ServerState.RUNNING
        url = backend.base_url
        assert url is not None and url.startswith("http://127.0.0.1:")
        timeout = aiohttp.ClientTimeout(total=10)
        async with aiohttp.ClientSession(timeout=timeout) as http:
            async with http.get(f"{url}/Patient") as anonymous:
                assert anonymous.status == 401
            headers = {"Authorization": f"Bearer {await backend.token()}"}
            async with http.get(f"{url}/Patient", headers=headers) as response:
                assert response.status == 200
                assert (await response.json(content_type=None))["resourceType"] == "Bundle"
        # The database inside the profile is encrypted with the key from the store.
        assert not (tmp_path / "backend.db").read_bytes()[:16].startswith(b"SQLite format 3")

        first_pid = backend.pid
        assert first_pid is not None
        os.kill(first_pid, signal.SIGKILL)
        await _until(lambda: backend.restarts == 1 and backend.state is ServerState.RUNNING)
        assert ServerState.RESTARTING in states
        assert backend.pid != first_pid
    finally:
        pid = backend.pid
        await backend.stop()
    assert states[-1] is ServerState.STOPPED
    assert pid is not None and not _alive(pid)


def test_a_dead_workstation_leaves_no_orphan_server(tmp_path: Path) -> None:
    """The child watches its stdin: when the workstation dies, it shuts down."""
    script = (
        "import asyncio, secrets, sys, time\n"
        "from pathlib import Path\n"
        "from sync.embedded_backend import EmbeddedBackend\n"
        "async def main():\n"
        f"    b = EmbeddedBackend(Path({str(tmp_path / 'b.db')!r}), secrets.token_bytes(32),\n"
        f"        'Practitioner/x', 'X', Path({str(tmp_path / 'b.log')!r}))\n"
        "    await b.start()\n"
        "    print(b.pid, flush=True)\n"
        "    await asyncio.sleep(60)\n"
        "asyncio.run(main())\n"
    )
    workstation = subprocess.Popen(
        [sys.executable, "-c", script],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    try:
        assert workstation.stdout is not None
        line = workstation.stdout.readline()
        child = int(json.loads(line))
        assert _alive(child)
        workstation.kill()
        workstation.wait(timeout=10)
        deadline = time.monotonic() + 15
        while _alive(child) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not _alive(child)
    finally:
        if workstation.poll() is None:
            workstation.kill()
            workstation.wait()
        if workstation.stdout is not None:
            workstation.stdout.close()
