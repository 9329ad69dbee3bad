"""A writer killed with SIGKILL in the middle of a 1,000-op write leaves all of it or none.

A :mod:`tests.helpers.storage_crash_writer` child writes 1,000-op batches back to back
and is killed at a random moment once it is ready; the database is then reopened in
this process and must hold exactly batches 1..k, every one complete (resources, index
rows, history, the counter it updated), with k the last acknowledged batch or the one
in flight. Several kills follow one another on the same database.
"""

import asyncio
import os
import random
import signal
import sys
from dataclasses import dataclass

import pytest

from backend.search.search_query import SearchValue
from backend.storage.resource_storage import ResourceStorage
from tests.backend.conftest import StorageFactory
from tests.backend.storage.samples import Samples
from tests.helpers.child_env import REPO_ROOT
from tests.helpers.storage_crash_writer import (
    BATCH_OPS,
    CODE_SYSTEM,
    COUNTER_ID,
    KEY_ENV,
    StorageCrashWriter,
)

S = Samples  # nearly every line of these tests builds a sample

pytestmark = [pytest.mark.asyncio, pytest.mark.slow]

KILLS = 4
READY_TIMEOUT_S = 30.0
MIN_DELAY_S = 0.05
MAX_DELAY_S = 0.8


@dataclass(frozen=True, slots=True)
class _Kill:
    last_ack: int
    in_flight: int | None


async def _kill_child(engine: str, target: str, key: bytes | None, start: int) -> _Kill:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CABINET_")}
    env["PYTHONPATH"] = str(REPO_ROOT)
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    if key is not None:
        env[KEY_ENV] = key.hex()
    child = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "tests.helpers.storage_crash_writer",
        engine,
        target,
        str(start),
        stdout=asyncio.subprocess.PIPE,
        cwd=REPO_ROOT,
        env=env,
    )
    assert child.stdout is not None
    try:
        async with asyncio.timeout(READY_TIMEOUT_S):
            line = await child.stdout.readline()
        assert line == b"ready\n", line
        await asyncio.sleep(random.uniform(MIN_DELAY_S, MAX_DELAY_S))
    finally:
        if child.returncode is None:
            child.send_signal(signal.SIGKILL)
        async with asyncio.timeout(READY_TIMEOUT_S):
            rest = await child.stdout.read()
            await child.wait()
    assert child.returncode == -signal.SIGKILL, "the child ended before it was killed"
    last_ack, in_flight = start - 1, None
    for word, n in (line.split() for line in rest.decode().splitlines()):
        if word == "writing":
            in_flight = int(n)
        elif word == "ack":
            last_ack, in_flight = int(n), None
    return _Kill(last_ack, in_flight)


async def _committed(storage: ResourceStorage, upto: int) -> int:
    """k such that exactly batches 1..k are there, each complete; fails otherwise."""
    present = []
    for n in range(1, upto + 1):
        code = SearchValue(system=CODE_SYSTEM, code=StorageCrashWriter.code(n))
        _, total = await storage.search(S.query("Observation", ("code", [code]), count=0))
        assert total in (0, BATCH_OPS - 1), f"batch {n} is partly there: {total}"
        if total:
            present.append(n)
    k = len(present)
    assert present == list(range(1, k + 1)), f"batches present: {present}"
    _, observations = await storage.search(S.query("Observation", count=0))
    assert observations == k * (BATCH_OPS - 1)
    _, versions = await storage.history(None, None, None, 0, 0)
    assert versions == k * BATCH_OPS
    counter = await storage.read("Patient", COUNTER_ID)
    assert StorageCrashWriter.counter_value(None if counter is None else counter.json) == k
    assert (0 if counter is None else counter.version) == k
    return k


async def test_a_killed_writer_leaves_whole_batches(
    storage_engine: str, storage_factory: StorageFactory, request: pytest.FixtureRequest
) -> None:
    if storage_engine == "sqlite":
        target = str(request.getfixturevalue("sqlite_path"))
        key: bytes | None = request.getfixturevalue("sqlite_key")
    else:
        target, key = request.getfixturevalue("postgres_dsn"), None
    committed = 0
    mid_write = 0
    for _ in range(KILLS):
        kill = await _kill_child(storage_engine, target, key, committed + 1)
        mid_write += kill.in_flight is not None
        storage = storage_factory()
        await storage.open()
        try:
            committed = await _committed(storage, kill.last_ack + 1)
        finally:
            await storage.close()
        assert committed >= kill.last_ack, "an acknowledged batch is gone"
        assert committed <= (kill.in_flight or kill.last_ack)
    # The child does nothing but write: kills land inside a write nearly every time.
    assert mid_write > 0
