"""The background sync of one profile's store with one FHIR server.

A cycle pushes the outbox, pulls the server's changes, pushes again what the pull
merged, then pushes the audit trail. Cycles run at start, a couple of seconds after a
local edit (:meth:`notify_local_change`; edits made in a burst go together), every
minute, and on « Synchroniser maintenant » (:meth:`sync_now`). Never two at once.

Offline is an ordinary state: a cycle that cannot reach the server leaves everything
in the store and the outbox, and the next one is tried after a growing delay (up to
a minute) — or at once when asked. Nothing here runs on the Qt thread's time: HTTP
is asynchronous and the store works on its own thread.
"""

import asyncio
import contextlib
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from typing import Protocol

from app.domain.change_set import ChangeSet
from app.domain.sync_scope import SyncScope
from app.domain.sync_status import SyncPhase, SyncStatus
from app.store.encrypted_store import EncryptedStore
from sync.audit_pusher import AuditPusher
from sync.change_puller import ChangePuller, PullReport
from sync.fhir_http import REQUEST_TIMEOUT_S, FhirHttp
from sync.outbox_pusher import OutboxPusher, PushReport
from sync.server_capabilities import ServerCapabilities
from sync.server_refused_error import ServerRefusedError
from sync.server_unreachable_error import ServerUnreachableError

log = logging.getLogger(__name__)

PERIOD_S = 60.0
DEBOUNCE_S = 2.0
BACKOFF_S = (2.0, 5.0, 10.0, 30.0, 60.0)


class SyncServer(Protocol):
    """Where to send requests and with which token (``app.ports.FhirServer`` fits)."""

    @property
    def base_url(self) -> str | None: ...

    async def token(self) -> str: ...


@dataclass(frozen=True, slots=True)
class SyncReport:
    """What one cycle did."""

    pushed: PushReport
    pulled: PullReport
    audit_pushed: int
    push_s: float = 0.0
    pull_s: float = 0.0
    audit_s: float = 0.0


class SyncEngine:
    """Implements ``app.ports.SyncControl``; :meth:`sync_once` is one cycle."""

    def __init__(
        self,
        store: EncryptedStore,
        server: SyncServer,
        server_key: str,
        edited_by: str,
        *,
        scope: SyncScope | None = None,
        today: Callable[[], date] = date.today,
        period_s: float = PERIOD_S,
        debounce_s: float = DEBOUNCE_S,
        timeout_s: float = REQUEST_TIMEOUT_S,
    ) -> None:
        self._store = store
        self._server = server
        self._key = server_key
        self._edited_by = edited_by
        self._scope = scope or SyncScope()
        self._today = today
        self._period = period_s
        self._debounce = debounce_s
        self._timeout = timeout_s
        self._status = SyncStatus()
        self._status_callbacks: list[Callable[[SyncStatus], None]] = []
        self._change_callbacks: list[Callable[[ChangeSet], None]] = []
        self._http: FhirHttp | None = None
        self._caps: ServerCapabilities | None = None
        self._cycle_lock = asyncio.Lock()
        self._wake = asyncio.Event()
        self._task: asyncio.Task[None] | None = None
        self._debounced: asyncio.TimerHandle | None = None
        self._failures = 0
        self._counting: asyncio.Task[None] | None = None

    # -- SyncControl ------------------------------------------------------------------

    @property
    def status(self) -> SyncStatus:
        return self._status

    def on_status_change(self, callback: Callable[[SyncStatus], None]) -> None:
        self._status_callbacks.append(callback)

    def on_changes(self, callback: Callable[[ChangeSet], None]) -> None:
        """``callback(changes)`` when sync changed resources in the store."""
        self._change_callbacks.append(callback)

    def sync_now(self) -> None:
        self._wake.set()

    def notify_local_change(self) -> None:
        """An edit was committed: sync shortly, once for a burst of edits."""
        loop = asyncio.get_running_loop()
        if self._debounced is not None:
            self._debounced.cancel()
        self._debounced = loop.call_later(self._debounce, self._wake.set)
        self._counting = loop.create_task(self._refresh_counts())

    # -- running ----------------------------------------------------------------------

    def start(self) -> None:
        """Run cycles in the background until :meth:`stop`."""
        if self._task is None:
            self._task = asyncio.get_running_loop().create_task(self._run())

    async def stop(self) -> None:
        if self._debounced is not None:
            self._debounced.cancel()
        task, self._task = self._task, None
        if task is not None:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
        if self._http is not None:
            await self._http.close()
            self._http = None

    async def _run(self) -> None:
        await self._refresh_counts()
        while True:
            try:
                await self.sync_once()
                self._failures = 0
                delay = self._period
            except (ServerUnreachableError, ConnectionError, OSError) as exc:
                log.info("sync offline: %s", type(exc).__name__)
                self._failures += 1
                delay = BACKOFF_S[min(self._failures, len(BACKOFF_S)) - 1]
                await self._set(phase=SyncPhase.OFFLINE, progress=None)
            except ServerRefusedError as exc:
                log.warning("sync refused: HTTP %d", exc.status)
                delay = self._period
                await self._set(phase=SyncPhase.REFUSED, progress=None)
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), delay)
            self._wake.clear()

    async def sync_once(self) -> SyncReport:
        """One cycle; raises ServerUnreachableError / ServerRefusedError (nothing is lost)."""
        async with self._cycle_lock:
            await self._set(phase=SyncPhase.SYNCING)
            try:
                return await self._cycle()
            except BaseExceptionGroup as group:
                # Requests made in parallel (asyncio.TaskGroup) fail as a group: callers
                # are promised one of the two errors, and the background loop catches only
                # those. Anything else in the group is a fault of ours: it goes up as is.
                raise self._one_error(group) from None
            finally:
                await self._refresh_counts()

    @staticmethod
    def _one_error(group: BaseExceptionGroup[BaseException]) -> BaseException:
        """The group's refusal, else its first network failure, else the group itself."""
        leaves: list[BaseException] = []
        pending: list[BaseException] = [group]
        while pending:
            exc = pending.pop(0)
            if isinstance(exc, BaseExceptionGroup):
                pending[:0] = exc.exceptions
            else:
                leaves.append(exc)
        if not all(isinstance(e, (ServerRefusedError, ServerUnreachableError)) for e in leaves):
            return group
        refused = [e for e in leaves if isinstance(e, ServerRefusedError)]
        return refused[0] if refused else leaves[0]

    async def _cycle(self) -> SyncReport:
        http = self._connection()
        caps = await self._capabilities(http)
        started = time.perf_counter()
        pusher = OutboxPusher(http, self._store, self._edited_by, self._emit)
        pushed = await pusher.push(caps)
        pushed_at = time.perf_counter()
        puller = ChangePuller(
            http, self._store, self._key, self._scope, self._today, self._progress
        )
        pulled = await puller.pull(caps)
        if puller.changed:
            self._emit(puller.changed)
        pulled_at = time.perf_counter()
        if pulled.merged or pulled.conflicts:
            more = await pusher.push(caps)
            pushed.acknowledged += more.acknowledged
            pushed.conflicts += more.conflicts
        if pulled.initial:
            # The changes made while the first sync ran are read right away.
            self._wake.set()
        audit_at = time.perf_counter()
        audit = await AuditPusher(http, self._store).push(caps)
        await self._set(phase=SyncPhase.IDLE, last_sync=datetime.now(UTC), progress=None)
        return SyncReport(
            pushed,
            pulled,
            audit,
            push_s=pushed_at - started,
            pull_s=pulled_at - pushed_at,
            audit_s=time.perf_counter() - audit_at,
        )

    def _connection(self) -> FhirHttp:
        base = self._server.base_url
        if base is None:
            raise ServerUnreachableError("no server", outcome_unknown=False)
        if self._http is None or self._http.base_url != base.rstrip("/") + "/":
            # The embedded backend comes back on a new port after a restart.
            if self._http is not None:
                asyncio.get_running_loop().create_task(self._http.close())
            self._http = FhirHttp(base, self._token, timeout_s=self._timeout)
            self._caps = None
        return self._http

    async def _token(self, _fresh: bool) -> str:
        return await self._server.token()

    async def _capabilities(self, http: FhirHttp) -> ServerCapabilities:
        if self._caps is None:
            reply = await http.request("GET", "metadata")
            if not reply.ok:
                raise ServerUnreachableError(f"metadata HTTP {reply.status}", outcome_unknown=False)
            self._caps = ServerCapabilities.parse(reply.body)
        return self._caps

    # -- status -----------------------------------------------------------------------

    def _emit(self, refs: frozenset[str]) -> None:
        changes = ChangeSet(refs)
        for callback in list(self._change_callbacks):
            callback(changes)

    def _progress(self, done: int, total: int | None) -> None:
        self._publish(replace(self._status, progress=(done, total)))

    async def _refresh_counts(self) -> None:
        pending, conflicts = await self._store.with_ledger(
            lambda ledger: (ledger.pending_count(), ledger.open_conflict_count())
        )
        self._publish(replace(self._status, pending=pending, conflicts=conflicts))

    async def _set(self, **changes: object) -> None:
        self._publish(replace(self._status, **changes))  # type: ignore[arg-type]

    def _publish(self, status: SyncStatus) -> None:
        if status == self._status:
            return
        self._status = status
        for callback in list(self._status_callbacks):
            callback(status)
