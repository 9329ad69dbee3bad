"""The store as the rest of the workstation sees it: async, one serial executor.

Every database call runs on a single worker thread (SQLCipher connections are not
shared between threads), so the Qt thread never waits on disk and writes happen in
the order they were asked for.
"""

import asyncio
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from app.audit.audit_chain import AuditVerdict
from app.audit.audit_entry import AuditEntry, AuditRecord
from app.domain.change_set import ChangeSet
from app.domain.patient_query import PatientQuery
from app.store.key_provider import KeyProvider
from app.store.known_card import KnownCard
from app.store.resource_write import ResourceWrite
from app.store.store_database import StoreDatabase
from app.store.sync_ledger import SyncLedger

FhirJson = dict[str, Any]


class EncryptedStore:
    """Async facade over :class:`StoreDatabase`; create it with :meth:`open`."""

    def __init__(self, db: StoreDatabase, executor: ThreadPoolExecutor) -> None:
        self._db = db
        self._executor = executor

    @classmethod
    async def open(
        cls, path: Path, keys: KeyProvider, *, full_check: bool = True
    ) -> "EncryptedStore":
        """Open on a fresh serial executor; raises StoreLockedError, file untouched."""
        executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="store")
        loop = asyncio.get_running_loop()
        try:
            db = await loop.run_in_executor(
                executor, lambda: StoreDatabase.open(path, keys, full_check=full_check)
            )
        except BaseException:
            executor.shutdown(wait=False)
            raise
        return cls(db, executor)

    @property
    def path(self) -> Path:
        return self._db.path

    @property
    def workstation_id(self) -> str:
        return self._db.workstation_id

    @property
    def workstation_name(self) -> str:
        return self._db.workstation_name

    async def _run[T](self, fn: Callable[[], T]) -> T:
        return await asyncio.get_running_loop().run_in_executor(self._executor, fn)

    async def commit(
        self,
        writes: Sequence[ResourceWrite],
        audits: Sequence[AuditRecord],
        *,
        to_outbox: bool = True,
    ) -> ChangeSet:
        return await self._run(lambda: self._db.commit(writes, audits, to_outbox=to_outbox))

    async def with_ledger[T](self, fn: Callable[[SyncLedger], T]) -> T:
        """Run ``fn`` with the sync side of the store, on the store's thread."""
        return await self._run(lambda: fn(self._db.ledger))

    async def secret(self, name: str) -> bytes:
        return await self._run(lambda: self._db.secret(name))

    async def read(self, rtype: str, rid: str) -> FhirJson | None:
        return await self._run(lambda: self._db.read(rtype, rid))

    async def read_audited(self, rtype: str, rid: str, audit: AuditRecord) -> FhirJson | None:
        return await self._run(lambda: self._db.read_audited(rtype, rid, audit))

    async def search_patients(self, query: PatientQuery, limit: int = 100) -> list[FhirJson]:
        return await self._run(lambda: self._db.search_patients(query, limit))

    async def of_type(self, rtype: str, limit: int = 1000) -> list[FhirJson]:
        return await self._run(lambda: self._db.of_type(rtype, limit))

    async def by_date(self, rtype: str, low: str, high: str) -> list[FhirJson]:
        return await self._run(lambda: self._db.by_date(rtype, low, high))

    async def by_patient(self, rtype: str, patient_ref: str) -> list[FhirJson]:
        return await self._run(lambda: self._db.by_patient(rtype, patient_ref))

    async def with_identifier(self, rtype: str, system: str, value: str) -> list[FhirJson]:
        return await self._run(lambda: self._db.with_identifier(rtype, system, value))

    async def known_card(self, id_nat_ps: str) -> KnownCard | None:
        return await self._run(lambda: self._db.known_card(id_nat_ps))

    async def remember_card(
        self, id_nat_ps: str, certificate: bytes, practitioner_ref: str
    ) -> None:
        await self._run(lambda: self._db.remember_card(id_nat_ps, certificate, practitioner_ref))

    async def count(self, rtype: str) -> int:
        return await self._run(lambda: self._db.count(rtype))

    async def outbox_size(self) -> int:
        return await self._run(self._db.outbox_size)

    async def audit_entries(self) -> list[AuditEntry]:
        return await self._run(lambda: list(self._db.audit_entries()))

    async def verify_audit(self) -> AuditVerdict:
        return await self._run(self._db.verify_audit)

    async def integrity_problems(self) -> list[str]:
        return await self._run(self._db.integrity_problems)

    async def close(self) -> None:
        """Finish queued work, checkpoint and close; the executor is released."""
        try:
            await self._run(self._db.close)
        finally:
            self._executor.shutdown(wait=True)
