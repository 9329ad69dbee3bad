"""Child process of the crash tests: commits numbered edits until it is killed.

``python -m tests.helpers.crash_writer DB_PATH START [PROFILE]`` prints ``opening``
just before it opens the store, ``ready`` once it is open, then ``ack n`` (flushed)
each time the commit of edit ``n`` has returned, counting from ``START``.

Edit ``n`` always updates the one "counter" Patient to ``n`` and creates Observation
``n``; every third edit also creates a Patient (so the patient index and the full-text
index take inserts), every seventh Observation is large enough to need overflow pages,
and every fourth edit chains two audit entries. :meth:`CrashWriter.outbox_after` and
:meth:`CrashWriter.audit_after` say what the store must hold after edits 1..k.
"""

import sys
import time
from pathlib import Path
from typing import Any

from app.audit.audit_entry import AuditAction, AuditRecord
from app.store.resource_write import ResourceWrite
from app.store.store_database import StoreDatabase
from app.store.store_key import StoreKey

COUNTER_ID = "counter"
COUNTER_REF = f"Patient/{COUNTER_ID}"
COUNTER_URL = "urn:cabinet:test:crash-counter"
EXTRA_FAMILY = "Crashtest"
WORKSTATION = "crash-writer"
WHO = "Practitioner/crash-writer"
DEFAULT_PROFILE = "crash"
# A child that was never killed stops by itself: a stuck parent leaves no orphan.
TIME_LIMIT_S = 30.0


class CrashWriter:
    """The numbered edits, and the loop that commits them."""

    @staticmethod
    def observation_id(n: int) -> str:
        return f"crash-obs-{n:07d}"

    @staticmethod
    def has_extra_patient(n: int) -> bool:
        return n % 3 == 0

    @staticmethod
    def has_large_note(n: int) -> bool:
        return n % 7 == 0

    @staticmethod
    def has_second_audit(n: int) -> bool:
        return n % 4 == 0

    @staticmethod
    def outbox_after(k: int) -> int:
        """Outbox entries after edits 1..k: two writes each, a third every third edit."""
        return 2 * k + k // 3

    @staticmethod
    def audit_after(k: int) -> int:
        """Audit entries after edits 1..k: one each, a second every fourth edit."""
        return k + k // 4

    @staticmethod
    def counter_value(patient: dict[str, Any] | None) -> int:
        """The counter a stored counter Patient holds (0 when there is none)."""
        if patient is None:
            return 0
        for ext in patient.get("extension", []):
            if ext.get("url") == COUNTER_URL:
                return int(ext["valueInteger"])
        return 0

    @classmethod
    def edit(cls, n: int) -> tuple[list[ResourceWrite], list[AuditRecord]]:
        counter = {
            "resourceType": "Patient",
            "id": COUNTER_ID,
            "name": [{"use": "official", "family": "Compteur", "given": ["Crash"]}],
            "extension": [{"url": COUNTER_URL, "valueInteger": n}],
        }
        obs_id = cls.observation_id(n)
        obs: dict[str, Any] = {
            "resourceType": "Observation",
            "id": obs_id,
            "status": "final",
            "code": {"text": "crash test edit"},
            "subject": {"reference": COUNTER_REF},
            "effectiveDateTime": f"2024-01-01T00:00:00.{n % 1_000_000:06d}Z",
            "valueInteger": n,
        }
        if cls.has_large_note(n):
            obs["note"] = [{"text": f"edit {n} " + "x" * 2500}]
        writes = [
            ResourceWrite("Patient", COUNTER_ID, counter),
            ResourceWrite("Observation", obs_id, obs),
        ]
        audits = [AuditRecord(WHO, AuditAction.UPDATE, COUNTER_REF, WORKSTATION)]
        if cls.has_extra_patient(n):
            pid = f"crash-patient-{n:07d}"
            writes.append(
                ResourceWrite(
                    "Patient",
                    pid,
                    {
                        "resourceType": "Patient",
                        "id": pid,
                        "name": [{"use": "official", "family": EXTRA_FAMILY, "given": [f"N{n}"]}],
                        "birthDate": "1970-01-01",
                    },
                )
            )
        if cls.has_second_audit(n):
            audits.append(
                AuditRecord(WHO, AuditAction.CREATE, f"Observation/{obs_id}", WORKSTATION)
            )
        return writes, audits

    @classmethod
    def run(cls, path: Path, start: int, profile: str) -> int:
        out = sys.stdout
        out.write("opening\n")
        out.flush()
        # The parent runs the full check after every kill; the child opens quickly.
        db = StoreDatabase.open(path, StoreKey(profile, path), full_check=False)
        out.write("ready\n")
        out.flush()
        deadline = time.monotonic() + TIME_LIMIT_S
        n = start
        while time.monotonic() < deadline:
            writes, audits = cls.edit(n)
            db.commit(writes, audits)
            out.write(f"ack {n}\n")
            out.flush()
            n += 1
        db.close()
        return 0


def main(argv: list[str]) -> int:
    path = Path(argv[0])
    start = int(argv[1])
    profile = argv[2] if len(argv) > 2 else DEFAULT_PROFILE
    return CrashWriter.run(path, start, profile)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
