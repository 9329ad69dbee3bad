"""Pull: bring the server's changes into the store.

With ``history-system`` in the CapabilityStatement: one ``GET _history?_since=`` across
all types, which also reports deletions. Without it: per type,
``_lastUpdated=ge<cursor>&_sort=-_lastUpdated`` searches (deletions are then invisible
until a resource is next read, a limit of such servers). Either way every ``next`` link
is followed to the end; a page shorter than ``_count`` is not the end, only a missing
``next`` link is; ``total`` is never needed.

The first sync (no cursor) asks per type for what is in scope (:class:`SyncScope`),
newest first, then reads changes from a cursor taken BEFORE it began, so whatever
changed meanwhile is read again rather than missed. Cursors move only forward: to when
the server ran the last read's query (``Bundle.meta.lastUpdated``, where the server
gives it), else to the newest ``lastUpdated`` seen. Each read starts a little before
the cursor, since concurrent commits on a server can become visible out of order;
versions already held are recognised by their version id and skipped
(:class:`SyncLedger`).

Newest-first paging matters against servers that page by offset over live data: a
resource updated while we page moves to the front, which can only repeat an entry we
have seen, never skip one.
"""

import asyncio
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from functools import partial

from app.domain.sync_scope import SyncScope
from app.store.encrypted_store import EncryptedStore
from app.store.remote_version import RemoteVersion
from app.store.sync_ledger import ApplyResult, SyncLedger
from sync.bundle_reader import BundleReader
from sync.fhir_http import FhirHttp
from sync.fhir_reply import FhirReply
from sync.server_capabilities import ServerCapabilities
from sync.server_unreachable_error import ServerUnreachableError

PAGE_SIZE = 1000
# How far before its cursor a read starts. On PostgreSQL a version can become visible
# after a newer one (its transaction commits later), by about a transaction's duration
# (a 1,000-resource transaction: ~0.3 s). Re-read versions are recognised and skipped.
OVERLAP = timedelta(seconds=2)
HISTORY_KEY = "_history"
INITIAL_DONE_KEY = "_initial"
INITIAL_START_KEY = "_initial_start"
# A type fully read by an interrupted first sync is not read again when it resumes.
INITIAL_TYPE_KEY = "_initial:{}"
# A page that cannot be read is asked again a few times before the pull gives up (a
# GET changes nothing): a long first sync on a poor network then gets through.
# Marks a patient whose images have been searched once (``_media:Patient/<id>``).
MEDIA_DONE_KEY = "_media:"
PAGE_ATTEMPTS = 4
PAGE_RETRY_S = (0.5, 1.0, 2.0)
MAX_PAGES = 100_000
PARALLEL_TYPES = 3

Progress = Callable[[int, int | None], None]


@dataclass(slots=True)
class PullReport:
    """Counts of one pull."""

    received: int = 0
    applied: int = 0
    merged: int = 0
    conflicts: int = 0
    initial: bool = False

    def add(self, result: ApplyResult, received: int) -> None:
        self.received += received
        self.applied += result.applied
        self.merged += result.merged
        self.conflicts += result.conflicts


def _parse(instant: str | None) -> datetime | None:
    if not instant:
        return None
    try:
        moment = datetime.fromisoformat(instant)
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _since(cursor: str) -> str:
    moment = _parse(cursor)
    if moment is None:
        return cursor
    return (moment - OVERLAP).astimezone(UTC).isoformat(timespec="milliseconds")


class ChangePuller:
    """One pull against one server, for one store."""

    def __init__(
        self,
        http: FhirHttp,
        store: EncryptedStore,
        server_key: str,
        scope: SyncScope,
        today: Callable[[], date],
        progress: Progress | None = None,
    ) -> None:
        self._http = http
        self._store = store
        self._key = server_key
        self._scope = scope
        self._today = today
        self._progress = progress
        self._changed: set[str] = set()
        self._seen: frozenset[str] | None = None
        self._covered: frozenset[str] = frozenset()

    @property
    def changed(self) -> frozenset[str]:
        """References changed in the store by this pull."""
        return frozenset(self._changed)

    async def pull(self, caps: ServerCapabilities) -> PullReport:
        """Every change since the last pull (the first: everything in scope), then the
        Binaries that the images now held point to."""
        report = PullReport()
        await self._refresh_seen()
        await self._pull_versions(caps, report)
        if "Media" in self._types(caps):
            await self._media_of_newly_seen(report)
        await self._binaries(report)
        return report

    async def _media_of_newly_seen(self, report: PullReport) -> None:
        """A patient who just got an appointment: their earlier images come too.

        Changes pulled before the patient was seen left their images on the server;
        each patient's images are searched once, when they first count as seen.
        """
        await self._refresh_seen()
        seen = self._seen or frozenset()
        done = await self._store.with_ledger(
            lambda ledger: ledger.cursor_keys(self._key, MEDIA_DONE_KEY)
        )
        todo = sorted(p for p in seen if MEDIA_DONE_KEY + p not in done)
        if not todo:
            return
        since = self._scope.search_params("Media", self._today())
        for ref in todo:
            # The first sync's own search of Media already covered whom it knew as seen.
            if ref not in self._covered:
                params = [("subject", ref), *since, ("_count", str(PAGE_SIZE))]
                await self._follow("Media", params, report, None)
        marks = [(MEDIA_DONE_KEY + ref, "1") for ref in todo]
        await self._store.with_ledger(lambda ledger: ledger.set_cursors(self._key, marks))

    async def _refresh_seen(self) -> None:
        since, until = self._scope.seen_window(self._today())
        self._seen = await self._store.with_ledger(
            lambda ledger: ledger.seen_patients(since.isoformat(), until.isoformat())
        )

    async def _binaries(self, report: PullReport) -> None:
        """Fetch the image files of the Media kept here (GET Binary/id, a few at a time)."""
        missing = await self._store.with_ledger(lambda ledger: ledger.missing_binaries())
        semaphore = asyncio.Semaphore(PARALLEL_TYPES)

        async def one(bid: str) -> RemoteVersion | None:
            async with semaphore:
                reply = await self._page(f"Binary/{bid}", None)
            if reply.status in {404, 410}:
                return None
            if not reply.ok or not isinstance(reply.body, dict):
                raise ServerUnreachableError(f"Binary HTTP {reply.status}", outcome_unknown=False)
            return BundleReader.of_resource(reply.body)

        for start in range(0, len(missing), 50):
            got = await asyncio.gather(*(one(b) for b in missing[start : start + 50]))
            versions = [v for v in got if v is not None and v.type == "Binary"]
            if versions:
                result = await self._store.with_ledger(
                    partial(SyncLedger.apply_remote, versions=versions)
                )
                self._changed |= result.changes
                report.add(result, len(versions))

    async def _pull_versions(self, caps: ServerCapabilities, report: PullReport) -> None:
        initial_done = await self._cursor(INITIAL_DONE_KEY)
        if caps.history_system:
            cursor = await self._cursor(HISTORY_KEY)
            if initial_done is None:
                # Taken once, at the first attempt: a first sync interrupted and resumed
                # later must still read every change made since it began.
                start = await self._cursor(INITIAL_START_KEY)
                if start is None:
                    start = await self._newest_change()
                    if start is not None:
                        await self._set_cursor(INITIAL_START_KEY, start)
                report.initial = True
                await self._initial(caps, report)
                if start is not None:
                    await self._set_cursor(HISTORY_KEY, start)
                await self._set_cursor(INITIAL_DONE_KEY, "1")
                # What changed during the first sync is read by the next cycle, which
                # the engine starts at once: the practitioner can work meanwhile.
                return
            params = [("_count", str(PAGE_SIZE))]
            if cursor is not None:
                params.append(("_since", _since(cursor)))
            newest = await self._follow("_history", params, report, None)
            if newest is not None:
                await self._advance(HISTORY_KEY, newest)
            return
        if initial_done is None:
            report.initial = True
            await self._initial(caps, report)
            await self._set_cursor(INITIAL_DONE_KEY, "1")
            return
        for rtype in self._types(caps):
            cursor = await self._cursor(rtype)
            params = [("_sort", "-_lastUpdated"), ("_count", str(PAGE_SIZE))]
            if cursor is not None:
                params.append(("_lastUpdated", "ge" + _since(cursor)))
            newest = await self._follow(rtype, params, report, None)
            if newest is not None:
                await self._advance(rtype, newest)

    def _types(self, caps: ServerCapabilities) -> list[str]:
        wanted = self._scope.types()
        return [t for t in wanted if not caps.types or t in caps.types]

    async def _initial(self, caps: ServerCapabilities, report: PullReport) -> None:
        today = self._today()
        done = 0
        lock = asyncio.Lock()

        def counted(n: int) -> None:
            nonlocal done
            done += n
            if self._progress is not None:
                self._progress(done, None)

        async def one(rtype: str) -> bool:
            if await self._cursor(INITIAL_TYPE_KEY.format(rtype)) is not None:
                return False
            params = [
                *self._scope.search_params(rtype, today),
                ("_sort", "-_lastUpdated"),
                ("_count", str(PAGE_SIZE)),
            ]
            newest = await self._follow(rtype, params, report, counted)
            async with lock:
                if newest is not None and not caps.history_system:
                    await self._advance(rtype, newest)
                await self._set_cursor(INITIAL_TYPE_KEY.format(rtype), "1")
            return True

        semaphore = asyncio.Semaphore(PARALLEL_TYPES)

        async def bounded(rtype: str) -> None:
            async with semaphore:
                await one(rtype)

        types = self._types(caps)
        async with asyncio.TaskGroup() as group:
            for rtype in types:
                if rtype != "Media":
                    group.create_task(bounded(rtype))
        # Images last: which patients were seen is known once the agenda is in.
        if "Media" in types:
            await self._refresh_seen()
            if await one("Media"):
                self._covered = self._seen or frozenset()

    async def _newest_change(self) -> str | None:
        """The lastUpdated of the server's latest change: where changes are read from."""
        reply = await self._http.request("GET", "_history", params=[("_count", "1")])
        if not reply.ok:
            raise ServerUnreachableError(f"history HTTP {reply.status}", outcome_unknown=False)
        as_of = BundleReader.as_of(reply.body)
        if as_of is not None:
            return as_of
        for version in BundleReader.entries(reply.body):
            return version.last_updated
        return None

    async def _follow(
        self,
        path: str,
        params: list[tuple[str, str]],
        report: PullReport,
        counted: Callable[[int], None] | None,
    ) -> str | None:
        """Read every page from ``path``; apply each; return the next cursor.

        That is when the server ran the first page's query, if it says so, else the
        newest ``lastUpdated`` seen.
        """
        newest: datetime | None = None
        newest_text: str | None = None
        as_of: str | None = None
        url: str | None = path
        query: list[tuple[str, str]] | None = params
        seen_urls: set[str] = set()
        pending_apply: asyncio.Task[ApplyResult] | None = None
        pending_count = 0
        for _ in range(MAX_PAGES):
            if url is None:
                break
            reply = await self._page(url, query)
            if reply.status == 404 and path == "_history":
                raise ServerUnreachableError("history refused", outcome_unknown=False)
            if not reply.ok:
                raise ServerUnreachableError(f"pull HTTP {reply.status}", outcome_unknown=False)
            if as_of is None and not seen_urls:
                as_of = BundleReader.as_of(reply.body)
            versions = self._newest_per_resource(BundleReader.entries(reply.body))
            for v in versions:
                moment = _parse(v.last_updated)
                if moment is not None and (newest is None or moment > newest):
                    newest, newest_text = moment, v.last_updated
            # Apply this page while the next one is on its way.
            if pending_apply is not None:
                report.add(await pending_apply, pending_count)
            pending_apply = asyncio.ensure_future(self._apply(versions))
            pending_count = len(versions)
            if counted is not None:
                counted(len(versions))
            next_url = BundleReader.next_link(reply.body)
            if next_url is None or next_url in seen_urls:
                url = None
            else:
                seen_urls.add(next_url)
                url, query = next_url, None
        if pending_apply is not None:
            report.add(await pending_apply, pending_count)
        # When the server says when it ran the query (Bundle.meta.lastUpdated, stamped
        # before it reads), that moment is the cursor: the next read re-reads only what
        # changed just before it, not the tail of a burst of old changes.
        return as_of or newest_text

    async def _page(self, url: str, query: list[tuple[str, str]] | None) -> FhirReply:
        for attempt in range(PAGE_ATTEMPTS):
            try:
                return await self._http.request("GET", url, params=query)
            except ServerUnreachableError:
                if attempt == PAGE_ATTEMPTS - 1:
                    raise
                await asyncio.sleep(PAGE_RETRY_S[min(attempt, len(PAGE_RETRY_S) - 1)])
        raise AssertionError("unreachable")  # pragma: no cover

    @staticmethod
    def _newest_per_resource(versions: object) -> list[RemoteVersion]:
        """Within a page, one version per resource: the newest by lastUpdated."""
        best: dict[tuple[str, str], RemoteVersion] = {}
        for v in versions:  # type: ignore[attr-defined]
            key = (v.type, v.id)
            held = best.get(key)
            if held is None:
                best[key] = v
                continue
            a, b = _parse(held.last_updated), _parse(v.last_updated)
            if a is not None and b is not None and b > a:
                best[key] = v
        return list(best.values())

    async def _apply(self, versions: list[RemoteVersion]) -> ApplyResult:
        if not versions:
            return ApplyResult()
        today = self._today()
        scope = self._scope

        seen = self._seen

        def wanted(v: RemoteVersion) -> bool:
            return scope.wants(v.type, v.json, today, seen)

        result = await self._store.with_ledger(lambda ledger: ledger.apply_remote(versions, wanted))
        self._changed |= result.changes
        return result

    async def _cursor(self, key: str) -> str | None:
        return await self._store.with_ledger(lambda ledger: ledger.cursor(self._key, key))

    async def _set_cursor(self, key: str, value: str) -> None:
        await self._store.with_ledger(lambda ledger: ledger.set_cursor(self._key, key, value))

    async def _advance(self, key: str, newest: str) -> None:
        held = await self._cursor(key)
        a, b = _parse(held), _parse(newest)
        if held is None or a is None or (b is not None and b > a):
            await self._set_cursor(key, newest)
