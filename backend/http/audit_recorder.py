"""The server's audit trail: one FHIR R4 AuditEvent per access to patient data.

Each event says who (the token's practitioner), what (action C/R/U/D/E and the REST
interaction), when, from where, about which patient and resource, and how it ended.
Events are stored through the same storage as everything else, so they are searchable
(``AuditEvent?patient=…``), versioned and synchronised like any resource.

Writes carry their event inside the same ``storage.write`` call: the change and its
record commit together or not at all, for the cost of one more row, not one more
transaction. Reads and searches queue theirs; a background task stores the queue in
one write every ``flush_interval_s`` (or sooner once ``batch_size`` are waiting), so a
read does not wait for a write. The price: a crash can lose the last fraction of a
second of read events. If they cannot be stored and the queue passes ``max_pending``,
reads of patient data get 503 rather than happening unrecorded.
"""

import asyncio
import base64
import contextlib
import logging
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from backend.auth.principal import Principal
from backend.http.fhir_error import FhirError
from backend.storage.resource_storage import ResourceStorage
from backend.storage.storage_errors import StorageError
from backend.storage.time_ordered_id import TimeOrderedId
from backend.storage.write_op import WriteKind, WriteOp

log = logging.getLogger(__name__)

_EVENT_TYPE = {
    "system": "http://terminology.hl7.org/CodeSystem/audit-event-type",
    "code": "rest",
    "display": "RESTful Operation",
}
_INTERACTION = "http://hl7.org/fhir/restful-interaction"
_ENTITY_TYPE = "http://terminology.hl7.org/CodeSystem/audit-entity-type"
_OBJECT_ROLE = "http://terminology.hl7.org/CodeSystem/object-role"
_SOURCE = {
    "observer": {"display": "Cabinet backend"},
    "type": [
        {
            "system": "http://terminology.hl7.org/CodeSystem/security-source-type",
            "code": "4",
            "display": "Application Server",
        }
    ],
}
SUCCESS = "0"
MINOR_FAILURE = "4"


class AuditRecorder:
    """Builds AuditEvents, and stores the deferred ones in batches."""

    def __init__(
        self,
        storage: ResourceStorage,
        *,
        flush_interval_s: float = 0.25,
        batch_size: int = 500,
        max_pending: int = 20_000,
    ) -> None:
        self._storage = storage
        self._flush_interval_s = flush_interval_s
        self._batch_size = batch_size
        self._max_pending = max_pending
        self._pending: list[dict[str, Any]] = []
        self._wake = asyncio.Event()
        self._task: asyncio.Task[None] | None = None
        self._stopping = False

    # -- building ----------------------------------------------------------------------

    def event(
        self,
        principal: Principal,
        action: str,
        interaction: str,
        *,
        patients: Sequence[str] = (),
        resources: Sequence[str] = (),
        query: str | None = None,
        outcome: str = SUCCESS,
        address: str | None = None,
    ) -> dict[str, Any]:
        """An AuditEvent; ``patients`` and ``resources`` are ``Type/id`` references."""
        agent: dict[str, Any] = {"who": principal.reference(), "requestor": True}
        if address:
            agent["network"] = {"address": address, "type": "2"}  # 2: IP address
        entities = [_entity(p, "1", "Person", "1", "Patient") for p in patients]
        entities += [
            _entity(r, "2", "System Object", "4", "Domain Resource")
            for r in resources
            if r not in patients
        ]
        if query is not None:
            entities.append(
                {
                    "type": {"system": _ENTITY_TYPE, "code": "2", "display": "System Object"},
                    "role": {"system": _OBJECT_ROLE, "code": "24", "display": "Query"},
                    "query": base64.b64encode(query.encode("utf-8")).decode("ascii"),
                }
            )
        event: dict[str, Any] = {
            "resourceType": "AuditEvent",
            "id": TimeOrderedId.new(),
            "type": _EVENT_TYPE,
            "subtype": [{"system": _INTERACTION, "code": interaction}],
            "action": action,
            "recorded": _now(),
            "outcome": outcome,
            "agent": [agent],
            "source": _SOURCE,
        }
        if entities:
            event["entity"] = entities
        return event

    @staticmethod
    def op(event: dict[str, Any]) -> WriteOp:
        """The event as one more op of the write it records."""
        return WriteOp(WriteKind.CREATE, "AuditEvent", event["id"], event)

    # -- deferred events ---------------------------------------------------------------

    def defer(self, event: dict[str, Any]) -> None:
        """Queue a read's event; 503 if the trail is too far behind to take more."""
        if len(self._pending) >= self._max_pending:
            raise FhirError(
                503,
                "The audit trail cannot be written just now; patient data is not served "
                "unrecorded. Try again shortly.",
                headers={"Retry-After": "5"},
            )
        self._pending.append(event)
        if len(self._pending) >= self._batch_size:
            self._wake.set()

    @property
    def pending(self) -> int:
        return len(self._pending)

    def start(self) -> None:
        self._task = asyncio.get_running_loop().create_task(self._run())

    async def stop(self) -> None:
        """Store what is queued (one attempt), then end the background task."""
        self._stopping = True
        self._wake.set()
        if self._task is not None:
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None
        await self.flush()

    async def flush(self) -> bool:
        """Store every queued event; False (events kept) if the storage refused."""
        while self._pending:
            batch = self._pending[: self._batch_size]
            try:
                await self._storage.write([self.op(event) for event in batch])
            except StorageError as exc:
                log.warning("audit events not stored yet (%s)", type(exc).__name__)
                return False
            del self._pending[: len(batch)]
        return True

    async def _run(self) -> None:
        while True:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), self._flush_interval_s)
            self._wake.clear()
            if self._stopping:
                return
            try:
                stored = await self.flush()
            except Exception as exc:  # noqa: BLE001 (the trail must outlive any one failure)
                # No traceback: its messages may quote content.
                log.error("audit flush failed (%s)", type(exc).__name__)  # noqa: TRY400
                stored = False
            if not stored:
                await asyncio.sleep(self._flush_interval_s)


def _entity(
    reference: str, type_code: str, type_display: str, role_code: str, role_display: str
) -> dict[str, Any]:
    return {
        "what": {"reference": reference},
        "type": {"system": _ENTITY_TYPE, "code": type_code, "display": type_display},
        "role": {"system": _OBJECT_ROLE, "code": role_code, "display": role_display},
    }


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")
