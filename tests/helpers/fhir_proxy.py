"""A reverse HTTP proxy between a FHIR client and server: a hostile network, a foreign server.

Sync tests put it between the sync client and a real server. Requests and responses
pass through unchanged (method, path, query, body, headers with ``Authorization``;
status, headers, body), except for what any reverse proxy changes: hop-by-hop
headers, ``Host`` (the upstream's own), ``Content-Length`` and ``Content-Encoding``
(bodies are relayed decoded), and the upstream's base URL in Bundle links,
``fullUrl``, ``Location`` and the like, which becomes the proxy's, so that a client
following a ``next`` link stays behind the proxy.

Switchable behaviours, each drawn per request from one ``random.Random(seed)``:

- ``reset_rate``: the client's connection is reset before anything is forwarded;
- ``delay_s``: a delay, uniform in ``(low, high)`` seconds, before forwarding;
- ``duplicate_rate``: the request goes upstream twice in a row; the client gets the
  second answer (a retransmission that did not know the first one arrived);
- ``drop_response_rate``: the upstream processes the request in full, then the
  client's connection is reset without an answer: the outcome is unknown to it;
- ``foreign``: the server looks like another implementation
  (:class:`tests.helpers.foreign_server.ForeignServer`).

Every request draws the same four numbers whatever the settings, so a run replays
with the same seed as long as the requests arrive in the same order.

The proxy runs its own event loop on a thread, so that a synchronous driver (a
benchmark) can use it with ``start()``/``stop()`` or ``with``, and an async test with
``async with`` (which never blocks the test's loop: an upstream served by that loop
keeps answering). Settings may be changed while it runs, from any thread.
"""

import asyncio
import contextlib
import json
import random
import socket
import struct
import threading
from dataclasses import dataclass
from types import TracebackType
from typing import Any, Self

import aiohttp
from aiohttp import web
from multidict import CIMultiDict
from yarl import URL

from tests.helpers.foreign_server import FHIR_JSON, ForeignServer, ForwardedRequest

START_TIMEOUT_S = 10.0
STOP_TIMEOUT_S = 10.0
# What a handler still running at stop is given before it is cancelled.
SHUTDOWN_GRACE_S = 1.0
MAX_BODY_BYTES = 256 * 1024 * 1024
UPSTREAM_CONNECTIONS = 200
# RFC 9110 §7.6.1: meaningful only for one connection, never forwarded.
_HOP_BY_HOP = frozenset(
    {
        "connection",
        "keep-alive",
        "proxy-authenticate",
        "proxy-authorization",
        "proxy-connection",
        "te",
        "trailer",
        "transfer-encoding",
        "upgrade",
    }
)
# The body is read in full before it is forwarded: no 100-continue to wait for upstream.
_NOT_FORWARDED = _HOP_BY_HOP | {"host", "content-length", "expect"}
_NOT_RETURNED = _HOP_BY_HOP | {"content-length", "content-encoding"}
# Headers aiohttp's client adds by itself; left out when the client did not send them.
_AUTO_HEADERS = ("Accept", "Accept-Encoding", "User-Agent", "Content-Type")
_COUNTERS = (
    "requests",
    "forwarded",
    "reset",
    "delayed",
    "duplicated",
    "dropped",
    "refused",
    "upstream_errors",
)


@dataclass(frozen=True, slots=True)
class _Fate:
    """What the dice decided for one request."""

    reset: bool
    delay_s: float
    duplicate: bool
    drop: bool


@dataclass(frozen=True, slots=True)
class _Reply:
    """An upstream answer read in full."""

    status: int
    reason: str | None
    headers: CIMultiDict[str]
    body: bytes


class FhirProxy:
    """A seeded, switchable reverse proxy to one FHIR base URL, on its own loop thread."""

    def __init__(
        self,
        upstream: str,
        *,
        seed: int = 0,
        drop_response_rate: float = 0.0,
        duplicate_rate: float = 0.0,
        reset_rate: float = 0.0,
        delay_s: tuple[float, float] = (0.0, 0.0),
        foreign: bool = False,
        upstream_timeout_s: float = 30.0,
    ) -> None:
        self.upstream = upstream.rstrip("/")
        self.seed = seed
        self.drop_response_rate = drop_response_rate
        self.duplicate_rate = duplicate_rate
        self.reset_rate = reset_rate
        self.delay_s = delay_s
        self.foreign = foreign
        self.upstream_timeout_s = upstream_timeout_s
        self.base_url: str | None = None
        self.foreign_server = ForeignServer(seed)
        self._random = random.Random(seed)
        self._counters = dict.fromkeys(_COUNTERS, 0)
        # Guards the dice, the counters and multi-setting changes across threads.
        self._lock = threading.Lock()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._runner: web.AppRunner | None = None
        self._session: aiohttp.ClientSession | None = None

    # -- settings and figures ------------------------------------------------------------

    def heal(self) -> None:
        """Every fault off (the foreign face stays: it is a server, not a fault)."""
        with self._lock:
            self.drop_response_rate = 0.0
            self.duplicate_rate = 0.0
            self.reset_rate = 0.0
            self.delay_s = (0.0, 0.0)

    @property
    def counters(self) -> dict[str, int]:
        """How many requests arrived, were forwarded, and met each fault, so far."""
        with self._lock:
            return dict(self._counters)

    def reset_counters(self) -> None:
        with self._lock:
            self._counters = dict.fromkeys(_COUNTERS, 0)

    # -- lifecycle -----------------------------------------------------------------------

    def start(self) -> str:
        """Listen on 127.0.0.1 with a free port; the proxy's base URL."""
        if self._thread is not None:
            raise RuntimeError("FhirProxy is already running")
        loop = asyncio.new_event_loop()
        self._loop = loop
        self._thread = threading.Thread(
            target=self._run_loop, args=(loop,), name="FhirProxy", daemon=True
        )
        self._thread.start()
        try:
            url = asyncio.run_coroutine_threadsafe(self._open(), loop).result(START_TIMEOUT_S)
        except BaseException:
            self.stop()
            raise
        self.base_url = url
        return url

    def stop(self) -> None:
        """Close the listener, the upstream connections and the loop; idempotent."""
        loop, thread = self._loop, self._thread
        if loop is None or thread is None:
            return
        try:
            asyncio.run_coroutine_threadsafe(self._close(), loop).result(STOP_TIMEOUT_S)
        finally:
            loop.call_soon_threadsafe(loop.stop)
            thread.join(STOP_TIMEOUT_S)
            if not thread.is_alive():
                loop.close()
            self._loop = None
            self._thread = None
            self.base_url = None

    async def start_async(self) -> str:
        """:meth:`start` without blocking the calling loop."""
        return await asyncio.to_thread(self.start)

    async def stop_async(self) -> None:
        """:meth:`stop` without blocking the calling loop (which may serve the upstream)."""
        await asyncio.to_thread(self.stop)

    def __enter__(self) -> Self:
        self.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()

    async def __aenter__(self) -> Self:
        await self.start_async()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        await self.stop_async()

    @staticmethod
    def _run_loop(loop: asyncio.AbstractEventLoop) -> None:
        asyncio.set_event_loop(loop)
        loop.run_forever()

    async def _open(self) -> str:
        self._session = aiohttp.ClientSession(
            connector=aiohttp.TCPConnector(limit=UPSTREAM_CONNECTIONS),
            timeout=aiohttp.ClientTimeout(
                total=self.upstream_timeout_s, connect=min(5.0, self.upstream_timeout_s)
            ),
            # Cookies belong to the clients, not to the proxy's one session for all.
            cookie_jar=aiohttp.DummyCookieJar(),
        )
        app = web.Application(client_max_size=MAX_BODY_BYTES)
        app.router.add_route("*", "/{tail:.*}", self._handle)
        self._runner = web.AppRunner(
            app, handle_signals=False, access_log=None, shutdown_timeout=SHUTDOWN_GRACE_S
        )
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        port = self._runner.addresses[0][1]
        return f"http://127.0.0.1:{port}"

    async def _close(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None
        if self._session is not None:
            await self._session.close()
            self._session = None
        current = asyncio.current_task()
        others = [t for t in asyncio.all_tasks() if t is not current]
        for task in others:
            task.cancel()
        await asyncio.gather(*others, return_exceptions=True)
        loop = asyncio.get_running_loop()
        await loop.shutdown_asyncgens()
        await loop.shutdown_default_executor()

    # -- one request ---------------------------------------------------------------------

    async def _handle(self, request: web.Request) -> web.StreamResponse:
        fate = self._draw()
        if fate.reset:
            self._reset(request)
            return web.Response()  # never written: the connection is gone
        if fate.delay_s > 0:
            await asyncio.sleep(fate.delay_s)
        forwarded = ForwardedRequest(
            method=request.method,
            path=request.path,
            target=request.raw_path,
            headers=CIMultiDict(
                (k, v) for k, v in request.headers.items() if k.lower() not in _NOT_FORWARDED
            ),
            body=await request.read(),
        )
        foreign = self.foreign
        if foreign:
            refusal = self.foreign_server.rewrite_request(forwarded)
            if refusal is not None:
                self._count("refused")
                return _fhir_json(refusal, 404)
        try:
            reply = await self._send(forwarded)
            if fate.duplicate:
                self._count("duplicated")
                reply = await self._send(forwarded)
        except TimeoutError:
            self._count("upstream_errors")
            return _fhir_json(_outcome("timeout", "The upstream server did not answer"), 504)
        except aiohttp.ClientError as exc:
            self._count("upstream_errors")
            message = f"The upstream server cannot be reached ({type(exc).__name__})"
            return _fhir_json(_outcome("transient", message), 502)
        if fate.drop:
            self._count("dropped")
            self._reset(request)
            return web.Response()
        return self._answer(forwarded, reply, foreign)

    def _draw(self) -> _Fate:
        with self._lock:
            self._counters["requests"] += 1
            reset, delay, duplicate, drop = (self._random.random() for _ in range(4))
            low, high = self.delay_s
            fate = _Fate(
                reset=reset < self.reset_rate,
                delay_s=0.0 if high <= 0 else low + (high - low) * delay,
                duplicate=duplicate < self.duplicate_rate,
                drop=drop < self.drop_response_rate,
            )
            if fate.reset:
                self._counters["reset"] += 1
            elif fate.delay_s > 0:
                self._counters["delayed"] += 1
            return fate

    def _count(self, name: str) -> None:
        with self._lock:
            self._counters[name] += 1

    async def _send(self, forwarded: ForwardedRequest) -> _Reply:
        session = self._session
        if session is None:
            raise aiohttp.ClientConnectionError("the proxy is stopping")
        self._count("forwarded")
        async with session.request(
            forwarded.method,
            URL(self.upstream + forwarded.target, encoded=True),
            headers=forwarded.headers,
            data=forwarded.body or None,
            allow_redirects=False,
            skip_auto_headers=[h for h in _AUTO_HEADERS if h not in forwarded.headers],
        ) as response:
            body = await response.read()
            headers = CIMultiDict(
                (k, v) for k, v in response.headers.items() if k.lower() not in _NOT_RETURNED
            )
            return _Reply(response.status, response.reason, headers, body)

    def _answer(self, forwarded: ForwardedRequest, reply: _Reply, foreign: bool) -> web.Response:
        headers = reply.headers
        document: Any = None
        if reply.body and "json" in headers.get("Content-Type", ""):
            with contextlib.suppress(ValueError):
                document = json.loads(reply.body)
        if foreign:
            self.foreign_server.rewrite_response(forwarded, headers, document)
        for name in ("Location", "Content-Location"):
            if name in headers:
                headers[name] = self._proxied(headers[name])
        relinked = isinstance(document, dict) and self._relink(document)
        body = reply.body
        if document is not None and (foreign or relinked):
            body = json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode()
        return web.Response(status=reply.status, reason=reply.reason, headers=headers, body=body)

    # -- the proxy's address in place of the upstream's ----------------------------------

    def _proxied(self, url: str) -> str:
        base = self.base_url
        if base is None:
            return url
        if url == self.upstream or url.startswith((f"{self.upstream}/", f"{self.upstream}?")):
            return base + url[len(self.upstream) :]
        return url

    def _relink(self, document: dict[str, Any]) -> bool:
        """Upstream URLs in links, fullUrls and locations made the proxy's; any changed?"""
        changed = False

        def swap(holder: Any, key: str) -> None:
            nonlocal changed
            if isinstance(holder, dict) and isinstance(holder.get(key), str):
                proxied = self._proxied(holder[key])
                if proxied != holder[key]:
                    holder[key] = proxied
                    changed = True

        rtype = document.get("resourceType")
        if rtype == "CapabilityStatement":
            swap(document.get("implementation"), "url")
        if rtype != "Bundle":
            return changed
        for link in document.get("link", []):
            swap(link, "url")
        for entry in document.get("entry", []):
            if not isinstance(entry, dict):
                continue
            swap(entry, "fullUrl")
            swap(entry.get("response"), "location")
            nested = entry.get("resource")
            if isinstance(nested, dict) and nested.get("resourceType") == "Bundle":
                changed = self._relink(nested) or changed
        return changed

    @staticmethod
    def _reset(request: web.Request) -> None:
        """Close the client's connection with a TCP reset, nothing more written."""
        transport = request.transport
        if transport is None:
            return
        sock = transport.get_extra_info("socket")
        if sock is not None:
            with contextlib.suppress(OSError):
                # Linger on, timeout 0: close() sends RST rather than FIN.
                sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        transport.abort()


def _outcome(code: str, diagnostics: str) -> dict[str, Any]:
    return {
        "resourceType": "OperationOutcome",
        "issue": [{"severity": "error", "code": code, "diagnostics": diagnostics}],
    }


def _fhir_json(body: dict[str, Any], status: int) -> web.Response:
    return web.Response(
        status=status,
        body=json.dumps(body, separators=(",", ":")).encode(),
        content_type=FHIR_JSON,
        charset="utf-8",
    )
