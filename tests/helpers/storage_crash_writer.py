"""Child process of the storage crash test: writes 1,000-op batches until it is killed.

``python -m tests.helpers.storage_crash_writer ENGINE TARGET START`` opens
``SqliteStorage(Path(TARGET), key)`` (the key, hex, in ``CABINET_TEST_DB_KEY``; none if
unset) or ``PostgresStorage(TARGET)``, prints ``ready``, then for n = START, START + 1…
prints ``writing n``, writes batch n in one ``write()`` and prints ``ack n`` once it
returned (each line flushed).

Batch n is :data:`BATCH_OPS` ops: ``BATCH_OPS - 1`` new Observations coded
``batch-n`` (so each batch has its own index rows) and an update of the one counter
Patient to n (so every batch also rewrites a resource the previous batch wrote).
:class:`StorageCrashWriter` says what a database holding batches 1..k contains.
"""

import asyncio
import os
import sys
import time
from pathlib import Path
from typing import Any

from backend.storage.postgres_storage import PostgresStorage
from backend.storage.resource_storage import ResourceStorage
from backend.storage.sqlite_storage import SqliteStorage
from backend.storage.write_op import WriteKind, WriteOp

BATCH_OPS = 1000
COUNTER_ID = "crash-counter"
CODE_SYSTEM = "urn:cabinet:test:crash-batch"
KEY_ENV = "CABINET_TEST_DB_KEY"
# A child that was never killed stops by itself: a stuck parent leaves no orphan.
TIME_LIMIT_S = 60.0


class StorageCrashWriter:
    """The numbered batches, and the loop that writes them."""

    @staticmethod
    def code(n: int) -> str:
        return f"batch-{n}"

    @staticmethod
    def observation_id(n: int, i: int) -> str:
        return f"crash-{n}-{i}"

    @staticmethod
    def counter_value(patient: dict[str, Any] | None) -> int:
        if patient is None:
            return 0
        return int(patient["extension"][0]["valueInteger"])

    @classmethod
    def batch(cls, n: int) -> list[WriteOp]:
        ops = [
            WriteOp(
                WriteKind.CREATE,
                "Observation",
                cls.observation_id(n, i),
                {
                    "resourceType": "Observation",
                    "status": "final",
                    "code": {"coding": [{"system": CODE_SYSTEM, "code": cls.code(n)}]},
                    "subject": {"reference": f"Patient/{COUNTER_ID}"},
                    "effectiveDateTime": "2026-03-12T10:00:00Z",
                    "valueInteger": i,
                },
            )
            for i in range(BATCH_OPS - 1)
        ]
        counter = {
            "resourceType": "Patient",
            "name": [{"family": "Compteur"}],
            "extension": [{"url": "urn:cabinet:test:crash-counter", "valueInteger": n}],
        }
        # In the middle, so that a kill before the end has already written it.
        ops.insert(BATCH_OPS // 2, WriteOp(WriteKind.UPDATE, "Patient", COUNTER_ID, counter))
        return ops

    @staticmethod
    def storage(engine: str, target: str) -> ResourceStorage:
        if engine == "sqlite":
            key_hex = os.environ.get(KEY_ENV)
            return SqliteStorage(Path(target), bytes.fromhex(key_hex) if key_hex else None)
        return PostgresStorage(target, min_size=1, max_size=1)

    @classmethod
    async def run(cls, engine: str, target: str, start: int) -> int:
        out = sys.stdout
        storage = cls.storage(engine, target)
        await storage.open()
        out.write("ready\n")
        out.flush()
        deadline = time.monotonic() + TIME_LIMIT_S
        n = start
        while time.monotonic() < deadline:
            out.write(f"writing {n}\n")
            out.flush()
            await storage.write(cls.batch(n))
            out.write(f"ack {n}\n")
            out.flush()
            n += 1
        await storage.close()
        return 0


def main(argv: list[str]) -> int:
    return asyncio.run(StorageCrashWriter.run(argv[0], argv[1], int(argv[2])))


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
