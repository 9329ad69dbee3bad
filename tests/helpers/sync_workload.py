"""The sync fault run's edits: for client k's n-th edit, which patient, element and value.

Each is a pure function of (seed, k, n), so the edits a client has made are known from
how many it has committed, and its store counts those itself: every edit commits with
one audit entry of the client's edit session (workstation ``client-k``), in the same
transaction as the resource and its outbox entry. No journal beside the store can
then disagree with it after a SIGKILL: a commit that returned is counted, and so is
one that committed just before the kill and never returned (stricter, not looser).

Patients and elements, chosen so that the checks are decisive:

- each client creates its own patients (UUIDs derived from the seed) in its first
  edits, then edits their ``own`` extension: nobody else ever touches them;
- a few SHARED patients exist on the server before the run and every client holds
  them; client k owns one telecom item of each (``phone`` with use ``home``, ``work``
  or ``mobile``: items of a keyed list, so one element path per client for the merge)
  and nobody else writes it;
- every client also writes one COMMON extension of the shared patients, so clients
  really collide there and conflicts happen. Its value says which value by someone
  else it replaced locally: ``c1e42/c0e17`` is client 1's edit 42, made over client 0's
  edit 17 (or over client 1's own edits made over it) — so the server's history shows
  whether a writer had seen what it replaced.

Every value carries its edit's tag ``c{k}e{n}``; tags are unique in the run.
"""

import copy
import random
import uuid
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from app.domain.field_conflict import ElementPath

FhirJson = dict[str, Any]

OWN_URL = "urn:cabinet:test:sync-faults:own"
COMMON_URL = "urn:cabinet:test:sync-faults:common"
# One telecom item per client on the shared patients (R4's ContactPointUse codes).
CLIENT_USES = ("home", "work", "mobile", "temp", "old")
SEED_TAG = "seed"
NOTHING_SEEN = "-"
SHARE_OWN = 0.40
SHARE_CLIENT = 0.35


class EditKind(StrEnum):
    """Which element an edit writes."""

    CREATE = "create"  # a new own patient, its own extension set
    OWN = "own"  # an own patient's own extension
    CLIENT = "client"  # a shared patient's telecom item of this client
    COMMON = "common"  # a shared patient's common extension


@dataclass(frozen=True, slots=True)
class PlannedEdit:
    """Client ``client``'s edit ``n``: ``kind`` on Patient ``patient_id``."""

    client: int
    n: int
    patient_id: str
    kind: EditKind

    @property
    def tag(self) -> str:
        return SyncWorkload.tag(self.client, self.n)

    @property
    def path(self) -> ElementPath:
        return SyncWorkload.path(self.kind, self.client)

    @property
    def key(self) -> tuple[str, ElementPath]:
        """The element this edit writes: a later edit of the same key supersedes it."""
        return self.patient_id, self.path


@dataclass(frozen=True, slots=True)
class SyncWorkload:
    """``clients`` clients, ``edits`` edits each, ``shared`` shared patients."""

    seed: int
    clients: int
    edits: int
    shared: int = 3

    def __post_init__(self) -> None:
        if not 1 <= self.clients <= len(CLIENT_USES):
            raise ValueError(f"1 to {len(CLIENT_USES)} clients")

    # -- names and values -------------------------------------------------------------

    @property
    def own_patients(self) -> int:
        """Patients each client creates (its first edits)."""
        return max(2, self.edits // 25)

    def _id(self, name: str) -> str:
        urn = f"urn:cabinet:test:sync-faults:{self.seed}:{name}"
        return str(uuid.uuid5(uuid.NAMESPACE_URL, urn))

    def shared_id(self, i: int) -> str:
        return self._id(f"shared-{i}")

    def shared_ids(self) -> list[str]:
        return [self.shared_id(i) for i in range(self.shared)]

    def own_id(self, client: int, i: int) -> str:
        return self._id(f"client-{client}-own-{i}")

    @staticmethod
    def tag(client: int, n: int) -> str:
        return f"c{client}e{n}"

    @staticmethod
    def author(value: str | None) -> int | None:
        """The client whose edit made ``value`` (None: the seed, or no value)."""
        if value is None or not value.startswith("c"):
            return None
        return int(value[1:].split("e", 1)[0])

    @staticmethod
    def seen(value: str | None) -> str | None:
        """The value a COMMON value was written over (None when not a COMMON value)."""
        if value is None or "/" not in value:
            return None
        return value.split("/", 1)[1]

    @staticmethod
    def path(kind: EditKind, client: int) -> ElementPath:
        if kind is EditKind.CLIENT:
            return ("telecom", f"[phone|{CLIENT_USES[client]}]", "value")
        url = COMMON_URL if kind is EditKind.COMMON else OWN_URL
        return ("extension", f"[{url}]", "valueString")

    @staticmethod
    def edit_session(client: int) -> str:
        """The workstation name of client ``client``'s edits in its audit trail."""
        return f"client-{client}"

    @staticmethod
    def writer(client: int) -> str:
        """What client ``client`` writes in ``meta`` as the author of its versions."""
        return f"client-{client}"

    # -- the plan ---------------------------------------------------------------------

    def plan(self, client: int, n: int) -> PlannedEdit:
        """Edit ``n`` (from 1) of ``client``."""
        if n <= self.own_patients:
            return PlannedEdit(client, n, self.own_id(client, n - 1), EditKind.CREATE)
        rng = random.Random(f"{self.seed}:{client}:{n}")
        draw = rng.random()
        if draw < SHARE_OWN:
            return PlannedEdit(
                client, n, self.own_id(client, rng.randrange(self.own_patients)), EditKind.OWN
            )
        kind = EditKind.CLIENT if draw < SHARE_OWN + SHARE_CLIENT else EditKind.COMMON
        return PlannedEdit(client, n, self.shared_id(rng.randrange(self.shared)), kind)

    def shared_patient(self, i: int) -> FhirJson:
        """A shared patient as it is on the server before the run."""
        return {
            "resourceType": "Patient",
            "id": self.shared_id(i),
            "name": [{"use": "official", "family": f"Partage{i}", "given": ["Anne"]}],
            "gender": "female",
            "birthDate": "1958-06-14",
            "extension": [{"url": COMMON_URL, "valueString": f"{SEED_TAG}/{NOTHING_SEEN}"}],
        }

    def apply(self, planned: PlannedEdit, current: FhirJson | None) -> FhirJson:
        """The resource after ``planned``, from the local copy ``current``."""
        if planned.kind is EditKind.CREATE:
            return {
                "resourceType": "Patient",
                "id": planned.patient_id,
                "name": [
                    {"use": "official", "family": f"Client{planned.client}", "given": ["Paul"]}
                ],
                "birthDate": "1971-02-03",
                "extension": [{"url": OWN_URL, "valueString": planned.tag}],
            }
        if current is None:
            raise LookupError(f"Patient/{planned.patient_id} is not in the store")
        resource = copy.deepcopy(current)
        if planned.kind is EditKind.CLIENT:
            use = CLIENT_USES[planned.client]
            telecom = [
                t
                for t in resource.get("telecom", [])
                if (t.get("system"), t.get("use")) != ("phone", use)
            ]
            telecom.append({"system": "phone", "use": use, "value": planned.tag})
            resource["telecom"] = telecom
            return resource
        url = COMMON_URL if planned.kind is EditKind.COMMON else OWN_URL
        value = planned.tag
        if planned.kind is EditKind.COMMON:
            value = f"{planned.tag}/{self._replaced(current, planned.client)}"
        extensions = [e for e in resource.get("extension", []) if e.get("url") != url]
        extensions.append({"url": url, "valueString": value})
        resource["extension"] = extensions
        return resource

    @classmethod
    def _replaced(cls, current: FhirJson, client: int) -> str:
        """What a COMMON edit over ``current`` replaces: the latest value by someone else.

        Over the client's own value (a local edit not pushed yet, or pushed), that
        value's own record is carried on: the client's edits since then are one change
        of its own, made having seen that value.
        """
        full = cls.full_value(current, EditKind.COMMON, client)
        if full is None:
            return NOTHING_SEEN
        tag = full.split("/", 1)[0]
        if cls.author(tag) == client:
            return cls.seen(full) or NOTHING_SEEN
        return tag

    @classmethod
    def value(cls, resource: FhirJson | None, kind: EditKind, client: int) -> str | None:
        """The element's value in ``resource`` (a COMMON value without its ``/seen``)."""
        if resource is None:
            return None
        full = cls.full_value(resource, kind, client)
        return None if full is None else full.split("/", 1)[0]

    @staticmethod
    def full_value(resource: FhirJson, kind: EditKind, client: int) -> str | None:
        if kind is EditKind.CLIENT:
            for item in resource.get("telecom", []):
                if (item.get("system"), item.get("use")) == ("phone", CLIENT_USES[client]):
                    value = item.get("value")
                    return value if isinstance(value, str) else None
            return None
        url = COMMON_URL if kind is EditKind.COMMON else OWN_URL
        for ext in resource.get("extension", []):
            if ext.get("url") == url:
                value = ext.get("valueString")
                return value if isinstance(value, str) else None
        return None
