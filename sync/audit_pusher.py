"""Push the local audit trail as FHIR AuditEvents, so the practice server holds it too.

Each entry goes as ``PUT /AuditEvent/<id>``, the id derived from the workstation and
the entry's sequence number: sending one twice (a lost answer) rewrites the same
event instead of adding a second. An entry is marked pushed only once acknowledged.
"""

import uuid
from functools import partial
from typing import Any

from app.store.encrypted_store import EncryptedStore
from app.store.sync_ledger import SyncLedger
from sync.fhir_http import FhirHttp
from sync.server_capabilities import ServerCapabilities
from sync.server_unreachable_error import ServerUnreachableError

ROUND_SIZE = 500


class AuditPusher:
    """One push of the unpushed audit entries."""

    def __init__(self, http: FhirHttp, store: EncryptedStore) -> None:
        self._http = http
        self._store = store

    def event_id(self, seq: int) -> str:
        return str(
            uuid.uuid5(uuid.NAMESPACE_URL, f"urn:cabinet:{self._store.workstation_id}:{seq}")
        )

    async def push(self, caps: ServerCapabilities) -> int:
        """Entries pushed; stops (keeping the rest) at the first refusal."""
        pushed = 0
        while True:
            entries = await self._store.with_ledger(
                lambda ledger: ledger.unpushed_audit(ROUND_SIZE)
            )
            if not entries:
                return pushed
            events = [(e.seq, e.to_fhir(self.event_id(e.seq))) for e in entries]
            done = await (self._batch(events) if caps.batch else self._singly(events))
            if done:
                await self._store.with_ledger(partial(SyncLedger.mark_audit_pushed, seqs=done))
                pushed += len(done)
            if len(done) < len(events):
                return pushed

    async def _batch(self, events: list[tuple[int, dict[str, Any]]]) -> list[int]:
        bundle = {
            "resourceType": "Bundle",
            "type": "batch",
            "entry": [
                {
                    "fullUrl": self._http.url(f"AuditEvent/{event['id']}"),
                    "resource": event,
                    "request": {"method": "PUT", "url": f"AuditEvent/{event['id']}"},
                }
                for _, event in events
            ],
        }
        reply = await self._http.request("POST", "", body=bundle)
        if not reply.ok or not isinstance(reply.body, dict):
            raise ServerUnreachableError(f"audit batch HTTP {reply.status}", outcome_unknown=False)
        done = []
        for (seq, _), entry in zip(events, reply.body.get("entry") or [], strict=False):
            status = str(((entry or {}).get("response") or {}).get("status", ""))
            if status[:3] in {"200", "201"}:
                done.append(seq)
        return done

    async def _singly(self, events: list[tuple[int, dict[str, Any]]]) -> list[int]:
        done = []
        for seq, event in events:
            reply = await self._http.request("PUT", f"AuditEvent/{event['id']}", body=event)
            if not reply.ok:
                break
            done.append(seq)
        return done
