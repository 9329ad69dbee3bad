"""A private pcscd with the vsmartcard-vpcd driver, for tests over real PC/SC.

pcscd 1.9 has no option for its socket path: it always serves /run/pcscd/pcscd.comm
(clients find it there, or at ``$PCSCLITE_CSOCK_NAME``). To run one for the tests
without touching a pcscd the machine may already run (and to let several test runs
share a machine), ``PcscDaemon`` starts it in a private mount namespace (``unshare``,
which needs root or CAP_SYS_ADMIN, as CI has) with a folder of ours bind-mounted on
/run/pcscd; clients reach it at ``<folder>/run/pcscd.comm`` through
``PCSCLITE_CSOCK_NAME``. Where ``unshare`` is refused it runs pcscd plainly on
/run/pcscd, which works only while no other pcscd runs there.

Its readers come from a generated reader.conf.d (``pcscd --config``) holding one vpcd
entry: Debian's /etc/reader.conf.d/vpcd says ``DEVICENAME /dev/null:0x8C7B`` and
``CHANNELID 0x8C7B`` (port 35963); the driver listens on CHANNELID for slot "Virtual PCD
00 00" and CHANNELID + 1 for "Virtual PCD 00 01" (checked with pcscd 1.9.9 and
vsmartcard-vpcd 3.3 on Debian 12). We pick a free pair of ports, so a second instance
with other ports runs fine beside the system one.

libpcsclite reads ``PCSCLITE_CSOCK_NAME`` once per process, at its first call: set it
(``apply_environment``) before anything in the process uses PC/SC. ``restart()`` keeps
the same socket path and ports, for "pcscd restarted while the app runs" tests.
"""

import os
import shutil
import signal
import socket
import subprocess
import time
from pathlib import Path

PCSCD = "/usr/sbin/pcscd"
VPCD_DRIVER = "/usr/lib/pcsc/drivers/serial/libifdvpcd.so"
SYSTEM_RUN_DIR = Path("/run/pcscd")
READER_NAMES = ("Virtual PCD 00 00", "Virtual PCD 00 01")
START_TIMEOUT_S = 10.0
STOP_TIMEOUT_S = 5.0


class PcscDaemon:
    """One pcscd process (restartable) serving two vpcd slots on ``vpcd_port`` and +1."""

    def __init__(self, directory: Path, vpcd_port: int | None = None) -> None:
        self.directory = directory
        self.config_dir = directory / "reader.conf.d"
        self.run_dir = directory / "run"
        self.log_path = directory / "pcscd.log"
        self.vpcd_port = vpcd_port or _free_port_pair()
        self.private = _private_namespace_works()
        self._process: subprocess.Popen[bytes] | None = None
        self.readers_configured = False

    @staticmethod
    def unavailable_reason() -> str | None:
        """Why this machine cannot run the daemon, or None when it can."""
        if not Path(PCSCD).exists():
            return "pcscd is not installed (Debian package pcscd)"
        if not Path(VPCD_DRIVER).exists():
            return "the vpcd driver is not installed (Debian package vsmartcard-vpcd)"
        if not _private_namespace_works() and _socket_answers(SYSTEM_RUN_DIR / "pcscd.comm"):
            return "a system pcscd runs and no private mount namespace can be made to run ours"
        return None

    @property
    def socket_path(self) -> Path:
        return (self.run_dir if self.private else SYSTEM_RUN_DIR) / "pcscd.comm"

    @property
    def reader_names(self) -> tuple[str, ...]:
        return READER_NAMES

    @property
    def pid(self) -> int | None:
        return self._process.pid if self._process is not None else None

    @property
    def running(self) -> bool:
        return self._process is not None and self._process.poll() is None

    def environment(self) -> dict[str, str]:
        """What a client process needs in its environment to reach this daemon."""
        return {"PCSCLITE_CSOCK_NAME": str(self.socket_path)}

    def apply_environment(self) -> None:
        os.environ.update(self.environment())

    def start(self, *, readers: bool = True) -> None:
        """Start pcscd; ``readers`` False starts it with no reader configured, which is
        how a test unplugs the (static) vpcd readers."""
        if self.running:
            raise RuntimeError("pcscd already started")
        self._process = None
        self.config_dir.mkdir(parents=True, exist_ok=True)
        self.run_dir.mkdir(parents=True, exist_ok=True)
        entry = self.config_dir / "vpcd"
        if readers:
            entry.write_text(
                'FRIENDLYNAME "Virtual PCD"\n'
                f"DEVICENAME   /dev/null:{self.vpcd_port:#06x}\n"
                f"LIBPATH      {VPCD_DRIVER}\n"
                f"CHANNELID    {self.vpcd_port:#06x}\n"
            )
        else:
            entry.unlink(missing_ok=True)
        self.readers_configured = readers
        # A daemon killed hard leaves these behind, and pcscd refuses to start over them.
        if self.private:
            for stale in ("pcscd.comm", "pcscd.pid"):
                (self.run_dir / stale).unlink(missing_ok=True)
        command = [PCSCD, "--foreground", "--config", str(self.config_dir)]
        if self.private:
            SYSTEM_RUN_DIR.mkdir(parents=True, exist_ok=True)  # the mount point
            unshare = shutil.which("unshare") or "/usr/bin/unshare"
            command = [
                unshare,
                "--mount",
                "--propagation",
                "private",
                "sh",
                "-c",
                'mount --bind "$1" "$2" && shift 2 && exec "$@"',
                "sh",
                str(self.run_dir),
                str(SYSTEM_RUN_DIR),
                *command,
            ]
        with self.log_path.open("ab") as log:
            self._process = subprocess.Popen(
                command, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL
            )
        deadline = time.monotonic() + START_TIMEOUT_S
        while not _socket_answers(self.socket_path):
            if self._process.poll() is not None:
                self._process = None
                raise RuntimeError(f"pcscd exited at start; see {self.log_path}")
            if time.monotonic() > deadline:
                self.stop()
                raise RuntimeError(f"pcscd did not open its socket; see {self.log_path}")
            time.sleep(0.02)

    def stop(self) -> None:
        process, self._process = self._process, None
        if process is None:
            return
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(STOP_TIMEOUT_S)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(STOP_TIMEOUT_S)

    def restart(self, *, readers: bool = True) -> None:
        """Stop and start again: same socket path, same vpcd ports."""
        self.stop()
        self.start(readers=readers)

    def kill(self) -> None:
        """Stop at once (SIGKILL), as a crash would; ``start()`` recovers."""
        if self._process is not None:
            self._process.kill()
            self._process.wait(STOP_TIMEOUT_S)
            self._process = None


_namespace_check: bool | None = None


def _private_namespace_works() -> bool:
    global _namespace_check  # noqa: PLW0603 - one probe per test process is enough
    if _namespace_check is None:
        unshare = shutil.which("unshare")
        _namespace_check = (
            unshare is not None
            and subprocess.run(
                [unshare, "--mount", "--propagation", "private", "true"],
                capture_output=True,
                check=False,
                timeout=10,
            ).returncode
            == 0
        )
    return _namespace_check


def _socket_answers(path: Path) -> bool:
    if not path.exists():
        return False
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as probe:
        try:
            probe.connect(str(path))
        except OSError:
            return False
    return True


def _free_port_pair() -> int:
    """A port p such that p and p + 1 are free on this machine now (vpcd binds all)."""
    for _ in range(50):
        with socket.socket() as first:
            first.bind(("0.0.0.0", 0))  # noqa: S104 - vpcd itself binds every address
            port = first.getsockname()[1]
            if port >= 65535:
                continue
            with socket.socket() as second:
                try:
                    second.bind(("0.0.0.0", port + 1))  # noqa: S104
                except OSError:
                    continue
            return int(port)
    raise RuntimeError("no free pair of TCP ports")
