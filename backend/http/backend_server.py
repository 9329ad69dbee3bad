"""``python -m backend``: open the storage, listen, announce, serve, stop cleanly.

The protocol with whoever starts it (the workstation, a service manager, a test):

1. With ``--bootstrap-stdin``, the server first reads ONE line of JSON on standard
   input: ``{"bootstrap_secret": "<hex, ≥ 16 bytes>", "db_key": "<64 hex> or null"}``.
   ``db_key`` is the SQLCipher key of an ``sqlite:`` database (null: unencrypted).
2. Once listening it prints ONE line on standard output and flushes it:
   ``{"listening": "http://127.0.0.1:PORT"}`` (``https`` with TLS; the real port when
   ``--port 0``). Nothing else is ever written to standard output; logs go to stderr.
3. SIGTERM or SIGINT, or (with ``--bootstrap-stdin``) the end of standard input, stop
   it gracefully: no new connections, requests in flight finish (up to
   ``shutdown_timeout_s``), queued audit events are stored, the storage is closed, and
   the exit status is 0. Watching standard input means a workstation that dies, even
   by SIGKILL, leaves no orphan server: its end of the pipe closes with it.

Exit statuses: 0 after a graceful stop, 1 when the storage cannot be opened or the
address cannot be bound, 2 for a usage error or a refusal (plain HTTP off loopback,
a bad bootstrap line, an unreadable certificate).
"""

import asyncio
import contextlib
import gc
import json
import logging
import os
import signal
import ssl
import sys
import threading
from collections.abc import Sequence
from typing import IO, Any

from aiohttp import web

from backend.auth.authenticator import Authenticator
from backend.auth.bootstrap_authenticator import MIN_SECRET_BYTES, BootstrapAuthenticator
from backend.auth.cps_authenticator import CpsAuthenticator
from backend.auth.psc_authenticator import PscAuthenticator
from backend.auth.session_authenticator import SessionAuthenticator
from backend.auth.token_issuer import TokenIssuer
from backend.http.access_log import AccessLog
from backend.http.fhir_app import FhirApp
from backend.http.server_options import EXIT_USAGE, ServerOptions
from backend.http.storage_opener import StorageOpener
from backend.signalling.ice_servers import IceServers
from backend.signalling.join_link import JoinLink
from backend.storage.storage_errors import StorageError

log = logging.getLogger("backend")

EXIT_FAILURE = 1
MAX_BOOTSTRAP_LINE = 4096
DB_KEY_BYTES = 32  # SQLCipher's raw key
YOUNG_GC_THRESHOLD = 10_000
GIL_SWITCH_INTERVAL_S = 0.0005


class BackendServer:
    """One run of the server process."""

    def __init__(
        self,
        options: ServerOptions,
        bootstrap_secret: bytes | None,
        db_key: bytes | None,
        ssl_context: ssl.SSLContext | None,
        stdout: IO[str],
    ) -> None:
        self._options = options
        self._bootstrap_secret = bootstrap_secret
        self._db_key = db_key
        self._ssl = ssl_context
        self._stdout = stdout
        self._stop = asyncio.Event()

    @staticmethod
    def main(argv: Sequence[str]) -> int:
        options = ServerOptions.parse(argv)
        logging.basicConfig(
            stream=sys.stderr,
            level=options.log_level.upper(),
            format="%(asctime)s %(levelname)s %(name)s: %(message)s",
        )
        refusal = options.refusal()
        if refusal is not None:
            print(f"backend: {refusal}", file=sys.stderr)
            return EXIT_USAGE
        secret: bytes | None = None
        key: bytes | None = None
        if options.bootstrap_stdin:
            try:
                secret, key = BackendServer.read_bootstrap(sys.stdin.buffer)
            except ValueError as exc:
                print(f"backend: bad bootstrap line on standard input: {exc}", file=sys.stderr)
                return EXIT_USAGE
        try:
            context = BackendServer.ssl_context(options)
        except (OSError, ssl.SSLError) as exc:
            print(f"backend: cannot use the TLS certificate or key ({exc})", file=sys.stderr)
            return EXIT_USAGE
        server = BackendServer(options, secret, key, context, sys.stdout)
        # A request allocates hundreds of short-lived dicts and lists (JSON, the R4
        # models that validate it, index rows), nearly all freed by reference counting.
        # At CPython's default a young-generation collection runs every 700 of them,
        # several per request, and costs a twentieth of the event loop's time; every
        # 10,000 it costs next to nothing, and memory held by cycles waits a little
        # longer.
        gc.set_threshold(YOUNG_GC_THRESHOLD, *gc.get_threshold()[1:])
        # The storage's worker thread gives up the GIL for each SQLite call and must then
        # take it back from the event loop thread, which keeps re-taking it between its
        # own system calls: the worker waits for the switch interval (5 ms by default)
        # before the loop is made to hand it over, and every request of the group it
        # commits waits with it. A tenth of that keeps the commits flowing for a few
        # more switches of a busy loop.
        sys.setswitchinterval(GIL_SWITCH_INTERVAL_S)
        return asyncio.run(server.run())

    @staticmethod
    def read_bootstrap(stream: IO[bytes]) -> tuple[bytes, bytes | None]:
        """(secret, db key) from one JSON line; ValueError says what is wrong (not the value)."""
        line = stream.readline(MAX_BOOTSTRAP_LINE)
        if not line.endswith(b"\n") and len(line) >= MAX_BOOTSTRAP_LINE:
            raise ValueError("line too long")
        try:
            data: Any = json.loads(line)
        except ValueError:
            raise ValueError("not one line of JSON") from None
        if not isinstance(data, dict):
            data = {}
        secret_hex, key_hex = data.get("bootstrap_secret"), data.get("db_key")
        try:
            secret = bytes.fromhex(secret_hex) if isinstance(secret_hex, str) else b""
            key = bytes.fromhex(key_hex) if isinstance(key_hex, str) else None
        except ValueError:
            raise ValueError("bootstrap_secret and db_key must be hexadecimal") from None
        if len(secret) < MIN_SECRET_BYTES:
            raise ValueError(f"bootstrap_secret must be at least {MIN_SECRET_BYTES} bytes")
        if key_hex is not None and not isinstance(key_hex, str):
            raise ValueError("db_key must be hexadecimal or null")
        if key is not None and len(key) != DB_KEY_BYTES:
            raise ValueError(f"db_key must be {DB_KEY_BYTES} bytes ({2 * DB_KEY_BYTES} hex digits)")
        return secret, key

    @staticmethod
    def ssl_context(options: ServerOptions) -> ssl.SSLContext | None:
        if options.tls_cert is None or options.tls_key is None:
            return None
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.minimum_version = ssl.TLSVersion.TLSv1_2
        context.load_cert_chain(options.tls_cert, options.tls_key)
        return context

    async def run(self) -> int:
        options = self._options
        try:
            storage = StorageOpener.create(options.db, self._db_key)
            await storage.open()
        except (StorageError, ValueError, OSError) as exc:
            # The class only: the message may hold a path or a DSN with a password.
            log.error("cannot open the storage (%s)", type(exc).__name__)  # noqa: TRY400
            return EXIT_FAILURE
        turn_secret = os.environ.get("CABINET_TURN_SECRET", "").encode() or None
        if options.turn and turn_secret is None:
            log.error("--turn needs the TURN server's shared secret in CABINET_TURN_SECRET")
            await storage.close()
            return EXIT_FAILURE
        ice = IceServers(options.stun, options.turn, turn_secret)
        issuer = TokenIssuer(options.token_lifetime_s)
        authenticators: list[Authenticator] = [SessionAuthenticator(issuer, options.max_session_s)]
        if self._bootstrap_secret is not None:
            authenticators.append(BootstrapAuthenticator(self._bootstrap_secret))
        authenticators.append(
            CpsAuthenticator.configured(options.cps_trust_anchors, options.cps_id_attribute)
        )
        authenticators.append(
            PscAuthenticator.configured(
                options.psc_discovery, options.psc_client_id, options.psc_acr
            )
        )
        fhir = FhirApp(
            storage,
            issuer=issuer,
            authenticators=authenticators,
            limits=options.limits,
            behind_proxy=options.behind_tls_proxy,
            # From the database key: patients' links survive a restart of the server.
            join_link_key=JoinLink.derived_key(self._db_key) if self._db_key else None,
            ice=ice,
        )
        limits = options.limits
        runner = web.AppRunner(
            fhir.build(),
            access_log_class=AccessLog,
            max_line_size=limits.max_line_size,
            max_field_size=limits.max_field_size,
            max_headers=limits.max_headers,
            shutdown_timeout=limits.shutdown_timeout_s,
        )
        try:
            await runner.setup()
            site = web.TCPSite(runner, options.host, options.port, ssl_context=self._ssl)
            try:
                await site.start()
            except OSError as exc:
                log.error("cannot listen on %s:%d (%s)", options.host, options.port, exc)  # noqa: TRY400
                return EXIT_FAILURE
            port = runner.addresses[0][1]
            self._stdout.write(json.dumps({"listening": f"{options.url}:{port}"}) + "\n")
            self._stdout.flush()
            log.info("listening on %s:%d", options.url, port)
            self._watch_for_stop()
            await self._stop.wait()
            log.info("stopping")
        finally:
            await runner.cleanup()
            await storage.close()
        return 0

    def _watch_for_stop(self) -> None:
        loop = asyncio.get_running_loop()
        for signum in (signal.SIGTERM, signal.SIGINT):
            # Windows has no signal handlers in asyncio: there the end of stdin stops it.
            with contextlib.suppress(NotImplementedError):
                loop.add_signal_handler(signum, self._stop.set)
        if self._options.bootstrap_stdin:
            threading.Thread(
                target=self._wait_for_stdin_eof, args=(loop,), name="stdin-eof", daemon=True
            ).start()

    def _wait_for_stdin_eof(self, loop: asyncio.AbstractEventLoop) -> None:
        """On its own thread: read standard input to its end, then ask the loop to stop.

        Raw ``os.read`` on the descriptor, not ``sys.stdin``: a daemon thread blocked
        inside a buffered reader's lock aborts the interpreter at exit.
        """
        fd = sys.stdin.fileno()
        # OSError, ValueError: closed under us, an end all the same.
        with contextlib.suppress(OSError, ValueError):
            while os.read(fd, 4096):
                pass
        with contextlib.suppress(RuntimeError):  # the loop has ended already
            loop.call_soon_threadsafe(self._stop.set)
