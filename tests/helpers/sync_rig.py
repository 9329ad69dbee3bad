"""Workstations that sync with one real backend: stores, engines, and the server between.

``SyncRig`` starts ``python -m backend`` (the embedded backend, a real child process)
and, when asked, a :class:`FhirProxy` in front of it (faults, or a foreign server's
manners). Each :class:`Workstation` is an encrypted store of its own with a
:class:`SyncEngine` pointed at the proxy or the backend.
"""

import secrets
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from app.audit.audit_entry import AuditAction
from app.domain.change_set import ChangeSet
from app.services.conflict_service import ConflictService
from app.services.session import Session
from app.store.demo_key_file import DemoKeyFile
from app.store.encrypted_store import EncryptedStore
from app.store.resource_write import ResourceWrite
from sync.embedded_backend import EmbeddedBackend
from sync.sync_engine import SyncEngine
from tests.helpers.fhir_proxy import FhirProxy

TODAY = date(2026, 11, 23)


class RigServer:
    """A base URL (the proxy's or the backend's) with the backend's tokens."""

    def __init__(self, backend: EmbeddedBackend, base_url: str | None = None) -> None:
        self._backend = backend
        self._base = base_url

    @property
    def base_url(self) -> str | None:
        return self._base or self._backend.base_url

    async def token(self) -> str:
        return await self._backend.token()


@dataclass
class Workstation:
    """One profile: its store, its session, its sync engine, its conflict inbox."""

    name: str
    store: EncryptedStore
    session: Session
    engine: SyncEngine
    conflicts: ConflictService

    async def write(
        self, resource: dict[str, Any], base: dict[str, Any] | None = None
    ) -> ChangeSet:
        """Commit ``resource``; ``base`` is the copy it was edited from, if any."""
        ref = f"{resource['resourceType']}/{resource['id']}"
        return await self.store.commit(
            [ResourceWrite(resource["resourceType"], resource["id"], resource, base)],
            [self.session.record(AuditAction.UPDATE, ref)],
        )

    async def delete(self, rtype: str, rid: str) -> ChangeSet:
        return await self.store.commit(
            [ResourceWrite(rtype, rid, None)],
            [self.session.record(AuditAction.DELETE, f"{rtype}/{rid}")],
        )

    async def read(self, rtype: str, rid: str) -> dict[str, Any] | None:
        return await self.store.read(rtype, rid)

    async def version(self, rtype: str, rid: str) -> str | None:
        held, _ = await self.store.with_ledger(lambda ledger: ledger.held_version(rtype, rid))
        return held


def patient(family: str = "Martin", phone: str = "06 11 11 11 11") -> dict[str, Any]:
    return {
        "resourceType": "Patient",
        "id": str(uuid.uuid4()),
        "name": [{"use": "official", "family": family, "given": ["Jeanne"]}],
        "gender": "female",
        "birthDate": "1961-04-02",
        "telecom": [
            {"system": "phone", "use": "mobile", "value": phone},
            {"system": "email", "value": "jeanne@example.org"},
        ],
    }


class SyncRig:
    """A backend, optionally a proxy, and workstations made on demand."""

    def __init__(self, tmp: Path, backend: EmbeddedBackend, proxy: FhirProxy | None) -> None:
        self.tmp = tmp
        self.backend = backend
        self.proxy = proxy
        self._stores: list[EncryptedStore] = []
        self._engines: list[SyncEngine] = []

    @property
    def server(self) -> RigServer:
        return RigServer(self.backend, self.proxy.base_url if self.proxy else None)

    async def workstation(self, name: str) -> Workstation:
        path = self.tmp / name / "store.db"
        store = await EncryptedStore.open(path, DemoKeyFile(path.with_name("demo.key"), path))
        self._stores.append(store)
        session = Session(f"Practitioner/{name}", f"Dr {name.title()}", name)
        engine = SyncEngine(
            store,
            self.server,
            "rig",
            f"Dr {name.title()} ({name})",
            today=lambda: TODAY,
            timeout_s=10.0,
        )
        self._engines.append(engine)
        return Workstation(name, store, session, engine, ConflictService(store, session))

    async def close(self) -> None:
        for engine in self._engines:
            await engine.stop()
        for store in self._stores:
            await store.close()

    @staticmethod
    @asynccontextmanager
    async def running(tmp: Path, *, foreign: bool = False) -> AsyncIterator["SyncRig"]:
        backend = EmbeddedBackend(
            db_path=tmp / "server" / "backend.db",
            db_key=secrets.token_bytes(32),
            practitioner="Practitioner/rig",
            display="Rig",
            log_path=tmp / "server" / "backend.log",
        )
        await backend.start()
        proxy: FhirProxy | None = None
        rig: SyncRig | None = None
        try:
            if foreign:
                assert backend.base_url is not None
                proxy = FhirProxy(backend.base_url, foreign=True)
                await proxy.start_async()
            rig = SyncRig(tmp, backend, proxy)
            yield rig
        finally:
            if rig is not None:
                await rig.close()
            if proxy is not None:
                await proxy.stop_async()
            await backend.stop()
