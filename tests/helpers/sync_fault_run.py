"""The sync fault run shared by tests/integration/test_sync_faults.py and bench/sync_faults.py.

1. A real backend (``python -m backend``, SQLCipher) and a :class:`FhirProxy` in front
   of it. The SHARED patients are put on the backend, and every client's store syncs
   them once through the proxy while it is still healthy (everyone holds them first).
2. The proxy turns hostile: it drops responses after the server processed the
   request, sends requests upstream twice, resets connections and delays. Each client
   is a :mod:`tests.helpers.sync_client_process` child, editing and syncing, killed
   with SIGKILL at random points and restarted on its store
   (:class:`SyncClientDriver`), until its edits are all made and the kills spent.
3. The network heals. Every client's store is opened here, and all sync in turn,
   resolving what conflicts remain by keeping their own side, until a whole round
   changes nothing and nothing is left pending.
4. The server (read directly, not through the proxy) and the stores are compared
   with the workload (:class:`SyncFaultCheck`).
"""

import asyncio
import contextlib
import json
import random
import secrets
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import aiohttp

from app.domain.conflict_side import ConflictSide
from app.services.conflict_changed_error import ConflictChangedError
from app.services.conflict_service import ConflictService
from app.services.session import Session
from app.store.demo_key_file import DemoKeyFile
from app.store.encrypted_store import EncryptedStore
from app.store.store_database import StoreDatabase
from sync.bundle_reader import EDITED_BY_URL, BundleReader
from sync.embedded_backend import EmbeddedBackend
from sync.server_unreachable_error import ServerUnreachableError
from sync.sync_engine import SyncEngine
from tests.helpers.fhir_proxy import FhirProxy
from tests.helpers.sync_client_driver import KillPool, LifeReport, SyncClientDriver
from tests.helpers.sync_client_process import SERVER_KEY
from tests.helpers.sync_fault_check import (
    CheckResult,
    ClientSnapshot,
    ConflictRecord,
    ServerSnapshot,
    SyncFaultCheck,
)
from tests.helpers.sync_rig import RigServer
from tests.helpers.sync_workload import SyncWorkload

FhirJson = dict[str, Any]
FHIR_JSON = "application/fhir+json"
MAX_ROUNDS = 40
PAGE = 1000
TOKEN_TIMEOUT_S = 30.0


@dataclass(frozen=True, slots=True)
class NetworkFaults:
    """The hostile network of step 2 (FhirProxy's settings)."""

    drop_response_rate: float = 0.20
    duplicate_rate: float = 0.05
    reset_rate: float = 0.05
    delay_s: tuple[float, float] = (0.0, 0.03)


@dataclass(slots=True)
class SyncFaultReport:
    """The run's figures, and examples of whatever went wrong."""

    clients: int
    edits: int
    kills: int
    check: CheckResult
    proxy: dict[str, int]
    lives: list[LifeReport]
    convergence_rounds: int
    seconds: float
    failures: list[str] = field(default_factory=list)
    # What was checked, for a closer look when a figure is not 0.
    server: ServerSnapshot | None = None
    stores: list[ClientSnapshot] = field(default_factory=list)

    def figures(self) -> dict[str, int | float]:
        """One flat JSON object: the goal is lost = duplicated = silent_overwrites = 0."""
        c = self.check
        killed = [life for life in self.lives if life.killed]
        return {
            "clients": self.clients,
            "edits": self.edits,
            "kills": self.kills,
            "lost": c.lost,
            "duplicated": c.duplicated,
            "silent_overwrites": c.silent_overwrites,
            "diverged": c.diverged,
            "left_pending": c.leftovers,
            "acknowledged_edits": c.acknowledged_edits,
            "conflicts": c.conflict_records,
            "overwrites_with_conflict": c.overwrites_with_conflict,
            "server_versions": c.server_versions,
            "requests": self.proxy.get("requests", 0),
            "drops": self.proxy.get("dropped", 0),
            "duplicates": self.proxy.get("duplicated", 0),
            "resets": self.proxy.get("reset", 0),
            "delayed": self.proxy.get("delayed", 0),
            "lives": len(self.lives),
            "kills_before_ready": sum(1 for life in killed if not life.ready),
            "kills_after_last_edit": sum(1 for life in killed if life.after_last_edit),
            "kills_with_push_unanswered": sum(1 for life in killed if life.push_unanswered),
            "stores_damaged_by_kills": sum(1 for life in killed if life.store_problems),
            "convergence_rounds": self.convergence_rounds,
            "child_failures": len(self.failures),
            "seconds": round(self.seconds, 1),
        }


@dataclass(slots=True)
class _Workstation:
    client: int
    store: EncryptedStore
    engine: SyncEngine
    inbox: ConflictService


class SyncFaultRun:
    """One run in ``workdir``: ``kills`` SIGKILLs spread over the clients' lives."""

    def __init__(
        self,
        workdir: Path,
        workload: SyncWorkload,
        kills: int,
        *,
        faults: NetworkFaults | None = None,
        pace_s: float = 0.05,
    ) -> None:
        self._dir = workdir
        self._workload = workload
        self._kills = kills
        self._faults = faults or NetworkFaults()
        self._pace = pace_s
        self._rng = random.Random(workload.seed)

    def store_path(self, client: int) -> Path:
        return self._dir / f"client-{client}" / "store.db"

    async def run(self) -> SyncFaultReport:
        started = time.perf_counter()
        backend = EmbeddedBackend(
            db_path=self._dir / "server" / "backend.db",
            db_key=secrets.token_bytes(32),
            practitioner="Practitioner/sync-faults",
            display="Sync faults",
            log_path=self._dir / "server" / "backend.log",
        )
        await backend.start()
        try:
            upstream = backend.base_url
            if upstream is None:
                raise RuntimeError(f"the backend did not start: {backend.state}")
            proxy = FhirProxy(upstream, seed=self._workload.seed)
            await proxy.start_async()
            try:
                return await self._run(backend, upstream, proxy, started)
            finally:
                await proxy.stop_async()
        finally:
            await backend.stop()

    async def _run(
        self, backend: EmbeddedBackend, upstream: str, proxy: FhirProxy, started: float
    ) -> SyncFaultReport:
        assert proxy.base_url is not None
        server = RigServer(backend, proxy.base_url)
        await self._put_shared(upstream, await backend.token())
        for k in range(self._workload.clients):
            await self._first_sync(k, server)
        proxy.reset_counters()
        proxy.drop_response_rate = self._faults.drop_response_rate
        proxy.duplicate_rate = self._faults.duplicate_rate
        proxy.reset_rate = self._faults.reset_rate
        proxy.delay_s = self._faults.delay_s
        drivers = self._drivers(backend, proxy.base_url)
        await asyncio.gather(*(asyncio.to_thread(d.run) for d in drivers))
        counters = proxy.counters
        proxy.heal()
        rounds = await self._converge(server)
        found, history = await self._server_snapshot(upstream, await backend.token())
        clients = await asyncio.to_thread(self._client_snapshots)
        snapshot = ServerSnapshot(found, history)
        check = SyncFaultCheck(self._workload, snapshot, clients).result()
        return SyncFaultReport(
            clients=self._workload.clients,
            edits=self._workload.edits,
            kills=sum(d.kills for d in drivers),
            check=check,
            proxy=counters,
            lives=[life for d in drivers for life in d.lives],
            convergence_rounds=rounds,
            seconds=time.perf_counter() - started,
            failures=[f for d in drivers for f in d.failures],
            server=snapshot,
            stores=clients,
        )

    # -- before the faults ------------------------------------------------------------

    async def _put_shared(self, upstream: str, token: str) -> None:
        headers = {"Authorization": f"Bearer {token}", "Content-Type": FHIR_JSON}
        async with aiohttp.ClientSession() as http:
            for i in range(self._workload.shared):
                body = self._workload.shared_patient(i)
                body["meta"] = {"extension": [{"url": EDITED_BY_URL, "valueString": "seed"}]}
                async with http.put(
                    f"{upstream}/Patient/{body['id']}", json=body, headers=headers
                ) as response:
                    if response.status not in {200, 201}:
                        raise RuntimeError(f"shared patient refused: {response.status}")

    async def _open(self, client: int, server: RigServer) -> _Workstation:
        path = self.store_path(client)
        store = await EncryptedStore.open(path, DemoKeyFile(path.with_name("demo.key"), path))
        name = SyncWorkload.edit_session(client)
        engine = SyncEngine(store, server, SERVER_KEY, SyncWorkload.writer(client))
        session = Session(f"Practitioner/{name}", f"Dr {name}", f"{name}-inbox")
        return _Workstation(client, store, engine, ConflictService(store, session))

    @staticmethod
    async def _close(w: _Workstation) -> None:
        await w.engine.stop()
        await w.store.close()

    async def _first_sync(self, client: int, server: RigServer) -> None:
        w = await self._open(client, server)
        try:
            await w.engine.sync_once()
            for rid in self._workload.shared_ids():
                if await w.store.read("Patient", rid) is None:
                    raise RuntimeError(f"client {client} did not pull Patient/{rid}")
        finally:
            await self._close(w)

    # -- under faults -----------------------------------------------------------------

    def _drivers(self, backend: EmbeddedBackend, base_url: str) -> list[SyncClientDriver]:
        loop = asyncio.get_running_loop()

        def token() -> str:
            return asyncio.run_coroutine_threadsafe(backend.token(), loop).result(TOKEN_TIMEOUT_S)

        pool = KillPool(self._kills, self._workload.clients)
        return [
            SyncClientDriver(
                k,
                self._workload,
                self.store_path(k),
                base_url,
                token,
                pool,
                random.Random(self._rng.random()),
                self._pace,
                self.store_path(k).with_name("client.log"),
            )
            for k in range(self._workload.clients)
        ]

    # -- after the heal ---------------------------------------------------------------

    async def _converge(self, server: RigServer) -> int:
        """Sync every client in turn until a whole round moves nothing; rounds taken."""
        stations = [await self._open(k, server) for k in range(self._workload.clients)]
        try:
            for rounds in range(1, MAX_ROUNDS + 1):
                moved = False
                for w in stations:
                    moved |= await self._sync_and_resolve(w)
                if not moved:
                    return rounds
            return MAX_ROUNDS
        finally:
            for w in stations:
                await self._close(w)

    @staticmethod
    async def _sync_and_resolve(w: _Workstation) -> bool:
        """One cycle and the conflicts resolved (ours kept); whether anything moved."""
        try:
            report = await w.engine.sync_once()
        except ServerUnreachableError:
            return True
        moved = bool(
            report.pushed.acknowledged
            or report.pushed.conflicts
            or report.pushed.merged
            or report.pulled.applied
            or report.pulled.merged
            or report.pulled.conflicts
        )
        for conflict in await w.inbox.open_conflicts():
            with contextlib.suppress(ConflictChangedError):
                await w.inbox.resolve(
                    conflict, {f.path: ConflictSide.MINE for f in conflict.fields}
                )
            moved = True
        return moved or w.engine.status.pending > 0

    async def _server_snapshot(
        self, upstream: str, token: str
    ) -> tuple[list[FhirJson], dict[str, list[FhirJson]]]:
        headers = {"Authorization": f"Bearer {token}", "Accept": FHIR_JSON}
        async with aiohttp.ClientSession(headers=headers) as http:
            found = await self._all(http, f"{upstream}/Patient?_count={PAGE}")
            history: dict[str, list[FhirJson]] = {}
            for rid in sorted({str(r["id"]) for r in found} | set(self._expected_ids())):
                versions = await self._all(http, f"{upstream}/Patient/{rid}/_history?_count={PAGE}")
                history[rid] = sorted(
                    versions, key=lambda v: int((v.get("meta") or {}).get("versionId", 0))
                )
        return found, history

    def _expected_ids(self) -> list[str]:
        w = self._workload
        own = [w.own_id(k, i) for k in range(w.clients) for i in range(w.own_patients)]
        return w.shared_ids() + own

    @staticmethod
    async def _all(http: aiohttp.ClientSession, url: str) -> list[FhirJson]:
        """Every resource of a search or history, following ``next`` links."""
        out: list[FhirJson] = []
        next_url: str | None = url
        while next_url is not None:
            async with http.get(next_url) as response:
                if response.status == 404:
                    return out
                if response.status != 200:
                    raise RuntimeError(f"GET {next_url}: HTTP {response.status}")
                bundle = await response.json(content_type=None)
            for entry in bundle.get("entry") or []:
                resource = entry.get("resource")
                if isinstance(resource, dict):
                    out.append(resource)
            next_url = BundleReader.next_link(bundle)
        return out

    def _client_snapshots(self) -> list[ClientSnapshot]:
        return [self._client_snapshot(k) for k in range(self._workload.clients)]

    def _client_snapshot(self, client: int) -> ClientSnapshot:
        path = self.store_path(client)
        db = StoreDatabase.open(path, DemoKeyFile(path.with_name("demo.key"), path))
        try:
            conn = db.connection
            session = SyncWorkload.edit_session(client)
            committed = sum(1 for e in db.audit_entries() if e.workstation == session)
            records = [
                ConflictRecord(
                    str(rid),
                    tuple((tuple(f[0]), f[1], f[2], f[3]) for f in json.loads(fields)),
                    resolution,
                )
                for rid, fields, resolution in conn.execute(
                    "SELECT id, fields_json, resolution FROM conflict WHERE type = 'Patient'"
                    " ORDER BY seq"
                )
            ]
            local = {
                str(rid): (version, None if deleted else json.loads(text))
                for rid, version, deleted, text in conn.execute(
                    "SELECT id, version_id, deleted, json FROM resource WHERE type = 'Patient'"
                )
            }
            problems = list(db.integrity_problems())
            verdict = db.verify_audit()
            if not verdict.ok:
                problems.append(f"audit chain broken at {verdict.broken_seq}")
            return ClientSnapshot(
                client=client,
                committed_edits=committed,
                conflicts=records,
                local=local,
                pending=db.ledger.pending_count(),
                open_conflicts=db.ledger.open_conflict_count(),
                in_flight=int(conn.execute("SELECT count(*) FROM in_flight").fetchone()[0]),
                problems=problems,
            )
        finally:
            db.close()
