"""Push: send the outbox to the server without ever duplicating or overwriting.

Each resource goes as ``PUT /Type/id`` with the id the workstation chose (creates
too: update-as-create), with ``If-Match`` naming the server version its edits started
from. Deletes go as ``DELETE`` with ``If-Match``. Order: Binary first (what points to
it must not arrive before it), then other writes, then deletes, Binary's last; within
each, oldest edit first. Several edits of one resource go as its latest state, once.

Answers:
- 200/201: stored as that version (``ETag``/``meta.versionId``, weak or strong, any
  text) — :meth:`SyncLedger.acknowledge`;
- 409 or 412 (HAPI answers 409 to a version clash, the specification 412): someone
  else changed it; their copy is read and merged three ways (:meth:`apply_remote`),
  a clean merge goes out on the next round, an overlap waits in the conflict inbox;
- 404/410 to a delete: already gone, done;
- no answer (network, timeout, 5xx): the change stays, marked as sent. Before it is
  sent again, the server's copy is read: unchanged since our base → it did not land,
  send again; equal to what we sent → it landed, acknowledge it; anything else → it
  is someone's newer version, merged like a 412. So a replay never creates a second
  version of our edit over someone else's, and never loses it.

With ``batch`` in the CapabilityStatement the writes of a round travel in batch
Bundles (each entry succeeds or fails on its own, with its own status); otherwise one
request each, several at a time.
"""

import asyncio
import copy
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from functools import partial
from typing import Any

from app.store.encrypted_store import EncryptedStore
from app.store.pending_change import PendingChange
from app.store.remote_version import RemoteVersion
from app.store.sync_ledger import SyncLedger, same_content
from sync.bundle_reader import EDITED_BY_URL, BundleReader
from sync.fhir_http import FhirHttp
from sync.fhir_reply import FhirReply
from sync.server_capabilities import ServerCapabilities
from sync.server_unreachable_error import ServerUnreachableError

ROUND_SIZE = 1000
BATCH_SIZE = 250
PARALLEL_REQUESTS = 4
MAX_ROUNDS = 10_000


@dataclass(slots=True)
class PushReport:
    """Counts of one push."""

    acknowledged: int = 0
    conflicts: int = 0
    merged: int = 0
    rejected: int = 0
    settled: int = 0


@dataclass(frozen=True, slots=True)
class _Answer:
    status: int
    version: str | None
    last_updated: str | None
    resource: dict[str, Any] | None


class OutboxPusher:
    """One push of one store's outbox to one server."""

    def __init__(
        self,
        http: FhirHttp,
        store: EncryptedStore,
        edited_by: str,
        on_change: Callable[[frozenset[str]], None] | None = None,
    ) -> None:
        self._http = http
        self._store = store
        self._edited_by = edited_by
        self._on_change = on_change
        self._rejected: set[tuple[str, str, int]] = set()

    async def push(self, caps: ServerCapabilities) -> PushReport:
        """Until the outbox is empty (or holds only what waits for a human)."""
        report = PushReport()
        for _ in range(MAX_ROUNDS):
            changes = await self._store.with_ledger(lambda ledger: ledger.pending(ROUND_SIZE))
            changes = [c for c in changes if (c.type, c.id, c.upto_seq) not in self._rejected]
            if not changes:
                break
            unsure = [c for c in changes if c.in_flight]
            if unsure:
                await self._settle(unsure, report)
                continue
            for rank in sorted({c.rank for c in changes}):
                group = [c for c in changes if c.rank == rank]
                await self._send(group, caps, report)
        return report

    # -- lost answers -----------------------------------------------------------------

    async def _settle(self, unsure: Sequence[PendingChange], report: PushReport) -> None:
        """Learn from the server's copy whether each unanswered push landed."""
        semaphore = asyncio.Semaphore(PARALLEL_REQUESTS * 2)

        async def one(unsure_change: PendingChange) -> None:
            # What landed is what was sent: it covers the outbox entries up to the sent
            # one, not the edits made since, which stay queued on top of it.
            sent_upto = unsure_change.sent_upto_seq
            change = (
                unsure_change if sent_upto is None else replace(unsure_change, upto_seq=sent_upto)
            )
            async with semaphore:
                reply = await self._http.request("GET", f"{change.type}/{change.id}")
            if reply.status in {404, 410}:
                if change.sent_json is None:
                    # Our delete landed (or the resource is gone anyway).
                    gone = RemoteVersion(change.type, change.id, None, None, None)
                    await self._acknowledge([(change, gone)], report)
                elif change.sent_base is None and reply.status == 404:
                    await self._store.with_ledger(lambda ledger: ledger.clear_in_flight(change))
                else:
                    await self._merge_with_server(change, reply, report)
                return
            if not reply.ok:
                raise ServerUnreachableError(f"read HTTP {reply.status}", outcome_unknown=False)
            server = BundleReader.of_resource(reply.body) if isinstance(reply.body, dict) else None
            if server is None:
                raise ServerUnreachableError("unreadable resource", outcome_unknown=False)
            version = server.version_id or reply.version_from_etag
            if change.sent_json is not None and same_content(server.json, change.sent_json):
                landed = RemoteVersion(
                    change.type, change.id, version, server.last_updated, server.json, server.by
                )
                await self._acknowledge([(change, landed)], report)
            elif version is not None and version == change.sent_base:
                await self._store.with_ledger(lambda ledger: ledger.clear_in_flight(change))
            else:
                await self._merge_with_server(change, reply, report)
            report.settled += 1

        async with asyncio.TaskGroup() as group:
            for change in unsure:
                group.create_task(one(change))

    async def _merge_with_server(
        self, change: PendingChange, reply: FhirReply | None, report: PushReport
    ) -> None:
        """Someone else's version is on the server: merge ours into it."""
        if reply is None:
            reply = await self._http.request("GET", f"{change.type}/{change.id}")
        if reply.status in {404, 410}:
            deleted_version = reply.version_from_etag
            theirs = RemoteVersion(change.type, change.id, deleted_version, None, None)
        elif reply.ok and isinstance(reply.body, dict):
            found = BundleReader.of_resource(reply.body)
            if found is None:
                raise ServerUnreachableError("unreadable resource", outcome_unknown=False)
            theirs = found
        else:
            raise ServerUnreachableError(f"read HTTP {reply.status}", outcome_unknown=False)
        await self._store.with_ledger(lambda ledger: ledger.clear_in_flight(change))
        result = await self._store.with_ledger(lambda ledger: ledger.apply_remote([theirs]))
        report.conflicts += result.conflicts
        report.merged += result.merged
        if self._on_change is not None and result.changes:
            self._on_change(frozenset(result.changes))

    # -- sending ----------------------------------------------------------------------

    def _prepared(self, change: PendingChange) -> dict[str, Any] | None:
        if change.json is None:
            return None
        body = copy.deepcopy(change.json)
        meta = {
            k: v
            for k, v in (body.get("meta") or {}).items()
            if k not in {"versionId", "lastUpdated"}
        }
        others = [e for e in meta.get("extension", []) if e.get("url") != EDITED_BY_URL]
        meta["extension"] = [*others, {"url": EDITED_BY_URL, "valueString": self._edited_by}]
        body["meta"] = meta
        body["id"] = change.id
        return body

    async def _send(
        self, group: Sequence[PendingChange], caps: ServerCapabilities, report: PushReport
    ) -> None:
        local_only = [c for c in group if c.is_delete and c.base_version is None]
        for change in local_only:
            await self._store.with_ledger(partial(SyncLedger.drop_local_only, change=change))
        group = [c for c in group if c not in local_only]
        if not group:
            return
        bodies = {c.ref: self._prepared(c) for c in group}
        sent = [
            PendingChange(
                c.type,
                c.id,
                bodies[c.ref],
                c.base_version,
                c.upto_seq,
                True,
                bodies[c.ref],
                c.base_version,
            )
            for c in group
        ]
        await self._store.with_ledger(lambda ledger: ledger.mark_in_flight(sent))
        if caps.batch:
            chunks = [sent[i : i + BATCH_SIZE] for i in range(0, len(sent), BATCH_SIZE)]
            semaphore = asyncio.Semaphore(PARALLEL_REQUESTS)

            async def batch(chunk: Sequence[PendingChange]) -> None:
                async with semaphore:
                    answers = await self._batch(chunk)
                await self._handle(list(zip(chunk, answers, strict=True)), report)

            async with asyncio.TaskGroup() as tasks:
                for chunk in chunks:
                    tasks.create_task(batch(chunk))
            return
        semaphore = asyncio.Semaphore(PARALLEL_REQUESTS * 2)

        async def single(change: PendingChange) -> None:
            async with semaphore:
                answer = await self._single(change)
            await self._handle([(change, answer)], report)

        async with asyncio.TaskGroup() as tasks:
            for change in sent:
                tasks.create_task(single(change))

    @staticmethod
    def _if_match(change: PendingChange) -> str | None:
        return None if change.base_version is None else f'W/"{change.base_version}"'

    async def _single(self, change: PendingChange) -> _Answer:
        headers = {"Prefer": "return=representation"}
        if_match = self._if_match(change)
        if if_match is not None:
            headers["If-Match"] = if_match
        path = f"{change.type}/{change.id}"
        if change.json is None:
            reply = await self._http.request("DELETE", path, headers=headers)
        else:
            reply = await self._http.request("PUT", path, body=change.json, headers=headers)
        resource = reply.body if isinstance(reply.body, dict) else None
        if resource is not None and resource.get("resourceType") != change.type:
            resource = None
        meta = (resource or {}).get("meta") or {}
        return _Answer(
            reply.status,
            str(meta["versionId"]) if "versionId" in meta else reply.version_from_etag,
            meta.get("lastUpdated") or reply.headers.get("last-modified"),
            resource,
        )

    async def _batch(self, chunk: Sequence[PendingChange]) -> list[_Answer]:
        entries = []
        for change in chunk:
            request: dict[str, Any] = {
                "method": "DELETE" if change.json is None else "PUT",
                "url": f"{change.type}/{change.id}",
            }
            if_match = self._if_match(change)
            if if_match is not None:
                request["ifMatch"] = if_match
            entry: dict[str, Any] = {"request": request}
            if change.json is not None:
                entry["fullUrl"] = self._http.url(f"{change.type}/{change.id}")
                entry["resource"] = change.json
            entries.append(entry)
        reply = await self._http.request(
            "POST",
            "",
            body={"resourceType": "Bundle", "type": "batch", "entry": entries},
            headers={"Prefer": "return=representation"},
        )
        if not reply.ok or not isinstance(reply.body, dict):
            # The whole batch refused (too big, malformed for this server): nothing of
            # it was applied; each entry is reported with that status.
            return [_Answer(reply.status, None, None, None) for _ in chunk]
        answers = []
        got = reply.body.get("entry") or []
        for i in range(len(chunk)):
            entry = got[i] if i < len(got) and isinstance(got[i], dict) else {}
            response = entry.get("response") or {}
            status_text = str(response.get("status", "500"))
            try:
                status = int(status_text.split(maxsplit=1)[0])
            except ValueError:
                status = 500
            resource = entry.get("resource") if isinstance(entry.get("resource"), dict) else None
            meta = (resource or {}).get("meta") or {}
            answers.append(
                _Answer(
                    status,
                    str(meta["versionId"])
                    if "versionId" in meta
                    else FhirReply.parse_etag(response.get("etag")),
                    meta.get("lastUpdated") or response.get("lastModified"),
                    resource,
                )
            )
        return answers

    async def _handle(
        self, answered: list[tuple[PendingChange, _Answer]], report: PushReport
    ) -> None:
        acks: list[tuple[PendingChange, RemoteVersion]] = []
        for change, answer in answered:
            if answer.status in {200, 201} or (
                change.is_delete and answer.status in {204, 404, 410}
            ):
                json = None if change.is_delete else (answer.resource or change.json)
                acks.append(
                    (
                        change,
                        RemoteVersion(
                            change.type,
                            change.id,
                            answer.version,
                            answer.last_updated,
                            json,
                        ),
                    )
                )
            elif answer.status in {409, 412}:
                await self._merge_with_server(change, None, report)
            elif answer.status >= 500:
                # Stays marked as sent: settled against the server's copy next time.
                raise ServerUnreachableError(f"HTTP {answer.status}", outcome_unknown=True)
            else:
                # 400/422…: the server will not take this version as it is. It stays in
                # the outbox (nothing is lost) and is tried again after the next edit.
                await self._store.with_ledger(partial(SyncLedger.clear_in_flight, change=change))
                self._rejected.add((change.type, change.id, change.upto_seq))
                report.rejected += 1
        if acks:
            await self._acknowledge(acks, report)

    async def _acknowledge(
        self, acks: list[tuple[PendingChange, RemoteVersion]], report: PushReport
    ) -> None:
        changes = await self._store.with_ledger(lambda ledger: ledger.acknowledge(acks))
        report.acknowledged += len(acks)
        if self._on_change is not None:
            self._on_change(changes.refs)
