"""coturn on loopback for the tests: a real TURN server with the REST API's shared secret.

Started with no configuration file, on 127.0.0.1 only, UDP, loopback peers allowed
(everything in a test is on loopback; coturn refuses relaying there otherwise), its
state (pid file, database) in a temporary folder. The backend is given its URL and
secret and hands out short-lived credentials; this helper never makes any itself.
"""

import contextlib
import secrets
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

TURNSERVER = shutil.which("turnserver") or "/usr/bin/turnserver"


@dataclass(frozen=True)
class TurnServer:
    url: str
    secret: bytes
    # The ports coturn allocates relay addresses from (on 127.0.0.1).
    relay_ports: range

    @classmethod
    @contextlib.contextmanager
    def start(cls) -> Iterator["TurnServer"]:
        folder = Path(tempfile.mkdtemp(prefix="cabinet-turn-"))
        log = folder / "turnserver.log"
        port = _free_udp_port()
        relay_low = _free_udp_port()
        secret = secrets.token_hex(16)
        args = [
            TURNSERVER,
            "-n",
            "--no-cli",
            "--no-tls",
            "--no-dtls",
            "--listening-ip=127.0.0.1",
            "--relay-ip=127.0.0.1",
            f"--listening-port={port}",
            f"--min-port={relay_low}",
            f"--max-port={min(relay_low + 200, 65535)}",
            "--allow-loopback-peers",
            "--use-auth-secret",
            f"--static-auth-secret={secret}",
            "--realm=cabinet.test",
            "--fingerprint",
            f"--pidfile={folder / 'turnserver.pid'}",
            f"--db={folder / 'turndb'}",
            f"--log-file={log}",
            "--simple-log",
            "--no-stdout-log",
        ]
        process = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            _wait_ready(log, process)
            yield cls(
                f"turn:127.0.0.1:{port}?transport=udp",
                secret.encode(),
                range(relay_low, min(relay_low + 200, 65535) + 1),
            )
        finally:
            process.terminate()
            try:
                process.wait(10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
            shutil.rmtree(folder, ignore_errors=True)


def _free_udp_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _wait_ready(log: Path, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"turnserver exited ({process.returncode})")
        text = log.read_text(errors="replace") if log.exists() else ""
        if "Total General servers" in text:
            return
        time.sleep(0.05)
    raise TimeoutError("turnserver did not start")
