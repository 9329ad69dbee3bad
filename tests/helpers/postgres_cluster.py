"""A throwaway PostgreSQL cluster for tests: Debian's real server, in a temporary folder.

``PostgresCluster.start()`` runs ``initdb`` into a fresh folder under /tmp and starts the
server on a free loopback port (TCP only to 127.0.0.1, its Unix socket in that folder
too), with ``fsync=on`` so that crash tests mean what they say. ``create_database()``
makes an empty database per test; ``stop()`` shuts the server down and deletes the
folder.

PostgreSQL refuses to run as root. As root, the folder is handed to the ``postgres`` OS
user and the server programs run through ``runuser -u postgres --``; as anyone else
they run directly. Clients (asyncpg, ``createdb``) connect over TCP as the database
user ``postgres`` with ``trust`` authentication: nothing but this machine can reach
the cluster, and it holds only test data.

The binaries come from ``pg_config --bindir`` or, failing that, the newest
/usr/lib/postgresql/*/bin. Every command has a timeout, so a broken server fails the
tests instead of hanging them.

``python -m tests.helpers.postgres_cluster`` starts one and prints its DSN until Ctrl-C
(handy for trying the backend by hand).
"""

import atexit
import contextlib
import os
import pwd
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SUPERUSER = "postgres"
COMMAND_TIMEOUT_S = 60.0
START_ATTEMPTS = 3


class PostgresCluster:
    """One running cluster; ``dsn(db)`` names a database in it."""

    def __init__(self, root: Path, bindir: Path, port: int, as_user: str | None) -> None:
        self.root = root
        self.bindir = bindir
        self.port = port
        self.host = "127.0.0.1"
        self._as_user = as_user
        self._running = False

    # -- starting and stopping ---------------------------------------------------------

    @classmethod
    def start(cls, *, extra_settings: dict[str, str] | None = None) -> "PostgresCluster":
        bindir = cls.find_bindir()
        as_user = SUPERUSER if os.geteuid() == 0 else None
        root = Path(tempfile.mkdtemp(prefix="cabinet-pg-", dir="/tmp"))
        if as_user is not None:
            entry = pwd.getpwnam(as_user)
            os.chown(root, entry.pw_uid, entry.pw_gid)
        cluster = cls(root, bindir, 0, as_user)
        try:
            cluster._initdb()
            last_error: Exception | None = None
            for _ in range(START_ATTEMPTS):
                cluster.port = _free_port()
                try:
                    cluster._pg_ctl_start(extra_settings or {})
                    break
                except subprocess.CalledProcessError as exc:
                    # Most likely the port was taken between choosing and binding it.
                    last_error = exc
            else:
                raise RuntimeError(
                    f"PostgreSQL did not start: {cluster.log_tail()}"
                ) from last_error
        except BaseException:
            cluster.stop()
            raise
        # A test run that ends without calling stop() still leaves no server behind.
        atexit.register(cluster.stop)
        return cluster

    @staticmethod
    def find_bindir() -> Path:
        pg_config = shutil.which("pg_config")
        if pg_config is not None:
            out = subprocess.run(
                [pg_config, "--bindir"],
                capture_output=True,
                text=True,
                timeout=COMMAND_TIMEOUT_S,
                check=False,
            )
            candidate = Path(out.stdout.strip())
            if out.returncode == 0 and (candidate / "initdb").exists():
                return candidate
        found = sorted(
            Path("/usr/lib/postgresql").glob("*/bin/initdb"),
            key=lambda p: int(p.parent.parent.name) if p.parent.parent.name.isdigit() else 0,
        )
        if not found:
            raise RuntimeError("no PostgreSQL server binaries (initdb) found")
        return found[-1].parent

    @property
    def data_dir(self) -> Path:
        return self.root / "data"

    @property
    def socket_dir(self) -> Path:
        return self.root

    @property
    def log_file(self) -> Path:
        return self.root / "server.log"

    def _server_command(self, *args: str) -> list[str]:
        if self._as_user is None:
            return list(args)
        return ["runuser", "-u", self._as_user, "--", *args]

    def _initdb(self) -> None:
        subprocess.run(
            self._server_command(
                str(self.bindir / "initdb"),
                "-D",
                str(self.data_dir),
                "-A",
                "trust",
                "-U",
                SUPERUSER,
                "-E",
                "UTF8",
                "--locale=C",
                # initdb's own fsyncs only; the server runs with fsync=on.
                "--no-sync",
            ),
            check=True,
            capture_output=True,
            timeout=COMMAND_TIMEOUT_S,
        )

    def _pg_ctl_start(self, extra: dict[str, str]) -> None:
        settings = {
            "port": str(self.port),
            "unix_socket_directories": str(self.socket_dir),
            "listen_addresses": self.host,
            "fsync": "on",
            "max_connections": "300",
            **extra,
        }
        options = " ".join(f"-c {k}={v}" for k, v in settings.items())
        subprocess.run(
            self._server_command(
                str(self.bindir / "pg_ctl"),
                "-D",
                str(self.data_dir),
                "-l",
                str(self.log_file),
                "-o",
                options,
                "-w",
                "-t",
                str(int(COMMAND_TIMEOUT_S)),
                "start",
            ),
            check=True,
            capture_output=True,
            timeout=COMMAND_TIMEOUT_S + 10,
        )
        self._running = True

    def stop(self) -> None:
        """Stop the server (fast shutdown) and delete its folder; safe to call twice."""
        if self._running:
            self._running = False
            result = subprocess.run(
                self._server_command(
                    str(self.bindir / "pg_ctl"),
                    "-D",
                    str(self.data_dir),
                    "-m",
                    "fast",
                    "-w",
                    "-t",
                    str(int(COMMAND_TIMEOUT_S)),
                    "stop",
                ),
                capture_output=True,
                timeout=COMMAND_TIMEOUT_S + 10,
                check=False,
            )
            if result.returncode != 0:
                self._kill_postmaster()
        shutil.rmtree(self.root, ignore_errors=True)

    def _kill_postmaster(self) -> None:
        pid_file = self.data_dir / "postmaster.pid"
        with contextlib.suppress(OSError, ValueError, IndexError):
            pid = int(pid_file.read_text().splitlines()[0])
            os.kill(pid, signal.SIGKILL)

    def log_tail(self, lines: int = 20) -> str:
        try:
            return "\n".join(self.log_file.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return "(no server log)"

    # -- databases ---------------------------------------------------------------------

    def dsn(self, database: str = "postgres") -> str:
        return f"postgresql://{SUPERUSER}@{self.host}:{self.port}/{database}"

    def _client(self, program: str, *args: str) -> None:
        subprocess.run(
            [
                str(self.bindir / program),
                "-h",
                self.host,
                "-p",
                str(self.port),
                "-U",
                SUPERUSER,
                *args,
            ],
            check=True,
            capture_output=True,
            timeout=COMMAND_TIMEOUT_S,
            env={**os.environ, "PGCONNECT_TIMEOUT": "10"},
        )

    def create_database(self, name: str) -> str:
        """An empty database (from template0); returns its DSN."""
        self._client("createdb", "-T", "template0", "-E", "UTF8", name)
        return self.dsn(name)

    def drop_database(self, name: str) -> None:
        """Drop it even if a connection was left open (``--force``)."""
        self._client("dropdb", "--force", "--if-exists", name)


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def main() -> int:
    cluster = PostgresCluster.start()
    print(cluster.dsn(), flush=True)
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        pass
    finally:
        cluster.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
