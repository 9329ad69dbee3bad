"""One link of the audit chain, and its FHIR AuditEvent form for sync."""

import hashlib
import json
from dataclasses import dataclass
from enum import StrEnum
from typing import Any


class AuditAction(StrEnum):
    """FHIR AuditEvent.action codes."""

    CREATE = "C"
    READ = "R"
    UPDATE = "U"
    DELETE = "D"
    EXECUTE = "E"


@dataclass(frozen=True, slots=True)
class AuditRecord:
    """What the service layer says happened; the store turns it into a chained entry."""

    who: str
    action: AuditAction
    entity: str
    workstation: str
    outcome: str = "0"


@dataclass(frozen=True, slots=True)
class AuditEntry:
    """A stored audit entry: the record, its place in the chain and its hash.

    ``hash`` covers every other field and the previous entry's hash, so editing,
    deleting or reordering any entry breaks the chain from that point on.
    """

    seq: int
    recorded: str
    who: str
    action: str
    entity: str
    workstation: str
    outcome: str
    prev_hash: str
    hash: str

    GENESIS = "0" * 64

    @staticmethod
    def digest(
        seq: int,
        recorded: str,
        who: str,
        action: str,
        entity: str,
        workstation: str,
        outcome: str,
        prev_hash: str,
    ) -> str:
        """SHA-256 over a canonical JSON of the fields (stable across versions)."""
        payload = json.dumps(
            [seq, recorded, who, action, entity, workstation, outcome, prev_hash],
            ensure_ascii=True,
            separators=(",", ":"),
        )
        return hashlib.sha256(payload.encode("ascii")).hexdigest()

    def expected_hash(self) -> str:
        return self.digest(
            self.seq,
            self.recorded,
            self.who,
            self.action,
            self.entity,
            self.workstation,
            self.outcome,
            self.prev_hash,
        )

    def to_fhir(self, entry_id: str) -> dict[str, Any]:
        """The FHIR R4 AuditEvent that sync will push for this entry."""
        event: dict[str, Any] = {
            "resourceType": "AuditEvent",
            "id": entry_id,
            "type": {
                "system": "http://terminology.hl7.org/CodeSystem/audit-event-type",
                "code": "rest",
                "display": "RESTful Operation",
            },
            "action": self.action,
            "recorded": self.recorded,
            "outcome": self.outcome,
            "agent": [{"who": {"reference": self.who}, "requestor": True}],
            "source": {"observer": {"display": self.workstation}},
            "entity": [{"what": {"reference": self.entity}}],
        }
        return event
