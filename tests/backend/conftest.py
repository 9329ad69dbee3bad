"""Fixtures of the backend tests: both storage engines, a real PostgreSQL, a hang guard.

Engines
    ``storage_engine`` is parametrised over ``"sqlite"`` and ``"postgresql"``: a test (or
    fixture) that asks for ``storage``, ``storage_factory`` or ``backend_db_url`` runs
    once per engine, with test ids ``[sqlite]`` / ``[postgresql]``.

    - ``storage_factory()`` makes a new, unopened storage on this test's one database;
      call it twice for two storages on the same data (reopening after a crash, two
      servers on one database). SQLite is encrypted with ``sqlite_key`` (the embedded
      mode the workstation uses); PostgreSQL gets a fresh empty database.
    - ``storage``: ``storage_factory()`` opened, and closed after the test (async).
    - ``backend_db_url``: the ``--db`` argument for ``python -m backend`` on that same
      database (``sqlite:PATH`` or the DSN). The encrypted SQLite key is not in it: a
      child backend gets ``sqlite_key`` through its private channel.

PostgreSQL
    - ``postgres_cluster`` (session): a :class:`PostgresCluster` started once for the
      run (``initdb`` into /tmp, a free loopback port, ``fsync=on``), stopped and deleted
      at the end. ``postgres_cluster.dsn(name)`` / ``create_database(name)`` for more.
    - ``postgres_dsn``: a fresh empty database for this test only (about 30 ms to
      create from template0), dropped afterwards even if a connection was left open.

Hangs
    Every test here runs under a watchdog (``faulthandler.dump_traceback_later``): past
    its limit (120 s, 600 s for ``@pytest.mark.slow``) every thread's stack is printed
    and the run stops, rather than waiting for CI's own timeout with nothing to show.
"""

import faulthandler
import os
import uuid
from collections.abc import AsyncIterator, Callable, Iterator
from pathlib import Path

import pytest
import pytest_asyncio

from backend.storage.postgres_storage import PostgresStorage
from backend.storage.resource_storage import ResourceStorage
from backend.storage.sqlite_storage import SqliteStorage
from tests.helpers.postgres_cluster import PostgresCluster

ENGINES = ("sqlite", "postgresql")
TEST_TIMEOUT_S = 120
SLOW_TEST_TIMEOUT_S = 600

StorageFactory = Callable[[], ResourceStorage]


@pytest.fixture(autouse=True)
def _hang_guard(request: pytest.FixtureRequest) -> Iterator[None]:
    slow = request.node.get_closest_marker("slow") is not None
    faulthandler.dump_traceback_later(SLOW_TEST_TIMEOUT_S if slow else TEST_TIMEOUT_S, exit=True)
    try:
        yield
    finally:
        faulthandler.cancel_dump_traceback_later()


@pytest.fixture(scope="session")
def postgres_cluster() -> Iterator[PostgresCluster]:
    cluster = PostgresCluster.start()
    try:
        yield cluster
    finally:
        cluster.stop()


@pytest.fixture
def postgres_dsn(postgres_cluster: PostgresCluster) -> Iterator[str]:
    name = f"test_{uuid.uuid4().hex[:16]}"
    dsn = postgres_cluster.create_database(name)
    try:
        yield dsn
    finally:
        postgres_cluster.drop_database(name)


@pytest.fixture
def sqlite_path(tmp_path: Path) -> Path:
    return tmp_path / "backend.db"


@pytest.fixture
def sqlite_key() -> bytes:
    return os.urandom(32)


@pytest.fixture(params=ENGINES)
def storage_engine(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def backend_db_url(storage_engine: str, request: pytest.FixtureRequest) -> str:
    if storage_engine == "sqlite":
        return f"sqlite:{request.getfixturevalue('sqlite_path')}"
    return str(request.getfixturevalue("postgres_dsn"))


@pytest.fixture
def storage_factory(storage_engine: str, request: pytest.FixtureRequest) -> StorageFactory:
    # getfixturevalue: a SQLite test never starts the PostgreSQL cluster.
    if storage_engine == "sqlite":
        path: Path = request.getfixturevalue("sqlite_path")
        key: bytes = request.getfixturevalue("sqlite_key")
        return lambda: SqliteStorage(path, key)
    dsn: str = request.getfixturevalue("postgres_dsn")
    return lambda: PostgresStorage(dsn, min_size=1, max_size=10, command_timeout=30)


@pytest_asyncio.fixture
async def storage(storage_factory: StorageFactory) -> AsyncIterator[ResourceStorage]:
    store = storage_factory()
    await store.open()
    try:
        yield store
    finally:
        await store.close()
