"""Child process of the sync fault run: one workstation editing and syncing until killed.

``python -m tests.helpers.sync_client_process --store PATH --client K --clients C
--edits E --seed S --shared N --base-url URL [--pace-s P]`` opens the workstation
store at PATH (an :class:`EncryptedStore` keyed by its ``demo.key``, as the sync rig's
workstations are), then runs two tasks at once, as the workstation does:

- the practitioner: client K's edits of :class:`SyncWorkload`, from the first one its
  store has not committed yet (its audit trail counts them), a random pause of up to
  ``2 * P`` seconds after each; each edit is read and committed in one call on the
  store's thread (see :meth:`SyncClientProcess._edit`);
- sync: :meth:`SyncEngine.sync_once` against URL (the fault proxy) over and over,
  ServerUnreachableError being the ordinary answer of a bad network; after a cycle
  that went through, now and then (always once the edits are done) every open
  conflict is resolved keeping this workstation's side, as a practitioner might.

The bearer token comes in ``CABINET_SYNC_TOKEN`` (never on the command line: other
local users can read that). Lines on stdout, each flushed: ``ready`` once the store is
open, ``edit n`` once the commit of edit n returned, ``sync ok`` / ``sync offline``
after each cycle, ``resolved n`` after resolving n conflicts, and ``done`` before
exiting 0 once every edit is made and a cycle left nothing pending. Exit 3: the token
was refused (the parent starts it again with a fresh one).
"""

import argparse
import asyncio
import os
import random
import sys
import time
from functools import partial
from pathlib import Path

from app.audit.audit_entry import AuditAction
from app.domain.conflict_side import ConflictSide
from app.services.conflict_changed_error import ConflictChangedError
from app.services.conflict_service import ConflictService
from app.services.session import Session
from app.store.demo_key_file import DemoKeyFile
from app.store.encrypted_store import EncryptedStore
from app.store.resource_write import ResourceWrite
from app.store.sync_ledger import SyncLedger
from sync.server_refused_error import ServerRefusedError
from sync.server_unreachable_error import ServerUnreachableError
from sync.sync_engine import SyncEngine
from tests.helpers.sync_workload import EditKind, PlannedEdit, SyncWorkload

TOKEN_ENV = "CABINET_SYNC_TOKEN"
SERVER_KEY = "sync-faults"
REQUEST_TIMEOUT_S = 10.0
# A child that was never killed stops by itself: a stuck parent leaves no orphan.
TIME_LIMIT_S = 300.0
RESOLVE_CHANCE = 0.5
EXIT_REFUSED = 3


class _ProxyServer:
    """The fault proxy's URL and the token the parent handed over."""

    def __init__(self, base_url: str, token: str) -> None:
        self._base = base_url
        self._token = token

    @property
    def base_url(self) -> str | None:
        return self._base

    async def token(self) -> str:
        return self._token


class SyncClientProcess:
    """One client's life between two kills."""

    def __init__(
        self,
        store_path: Path,
        workload: SyncWorkload,
        client: int,
        base_url: str,
        token: str,
        pace_s: float,
    ) -> None:
        self._path = store_path
        self._workload = workload
        self._client = client
        self._server = _ProxyServer(base_url, token)
        self._pace = pace_s
        self._rng = random.Random()
        name = SyncWorkload.edit_session(client)
        self._editing = Session(f"Practitioner/{name}", f"Dr {name}", name)
        # Resolutions are audited too, under another workstation name: the count of
        # edit entries stays the count of edits.
        self._resolving = Session(f"Practitioner/{name}", f"Dr {name}", f"{name}-inbox")

    @staticmethod
    def _say(line: str) -> None:
        sys.stdout.write(line + "\n")
        sys.stdout.flush()

    async def run(self) -> int:
        store = await EncryptedStore.open(
            self._path, DemoKeyFile(self._path.with_name("demo.key"), self._path)
        )
        try:
            self._say("ready")
            engine = SyncEngine(
                store,
                self._server,
                SERVER_KEY,
                SyncWorkload.writer(self._client),
                timeout_s=REQUEST_TIMEOUT_S,
            )
            try:
                return await self._work(store, engine)
            finally:
                await engine.stop()
        finally:
            await store.close()

    async def _work(self, store: EncryptedStore, engine: SyncEngine) -> int:
        committed = await self.committed_edits(store, self._client)
        editor = asyncio.create_task(self._edit_from(store, committed + 1))
        inbox = ConflictService(store, self._resolving)
        deadline = time.monotonic() + TIME_LIMIT_S
        try:
            while time.monotonic() < deadline:
                if editor.done():
                    editor.result()  # a failed edit ends the child, loudly
                try:
                    await engine.sync_once()
                except ServerUnreachableError:
                    self._say("sync offline")
                    await asyncio.sleep(self._rng.uniform(0.0, 0.1))
                    continue
                except ServerRefusedError:
                    self._say("sync refused")
                    return EXIT_REFUSED
                self._say("sync ok")
                if editor.done() or self._rng.random() < RESOLVE_CHANCE:
                    await self._resolve_all(inbox)
                if editor.done() and engine.status.pending == 0:
                    editor.result()
                    self._say("done")
                    return 0
                await asyncio.sleep(self._rng.uniform(0.0, 0.05))
            return 1
        finally:
            if not editor.done():
                editor.cancel()
                await asyncio.gather(editor, return_exceptions=True)

    @staticmethod
    async def committed_edits(store: EncryptedStore, client: int) -> int:
        """Edits this client's store has committed (its edit session's audit entries)."""
        session = SyncWorkload.edit_session(client)
        return sum(1 for e in await store.audit_entries() if e.workstation == session)

    async def _edit_from(self, store: EncryptedStore, first: int) -> None:
        for n in range(first, self._workload.edits + 1):
            planned = self._workload.plan(self._client, n)
            await store.with_ledger(partial(self._edit, planned=planned))
            self._say(f"edit {n}")
            await asyncio.sleep(self._rng.uniform(0.0, 2 * self._pace))

    def _edit(self, ledger: SyncLedger, planned: PlannedEdit) -> None:
        """Read, change and commit in one call on the store's thread.

        ``store.read`` then ``store.commit`` would let sync apply a pulled version in
        between, and the commit would silently put the older copy back: the store has
        no check against that (see test_sync_fault_regressions). This run is about
        sync, so its edits are made from the copy they replace.
        """
        db = ledger._db
        current = None
        if planned.kind is not EditKind.CREATE:
            current = db.read("Patient", planned.patient_id)
        resource = self._workload.apply(planned, current)
        ref = f"Patient/{planned.patient_id}"
        action = AuditAction.CREATE if planned.kind is EditKind.CREATE else AuditAction.UPDATE
        db.commit(
            [ResourceWrite("Patient", planned.patient_id, resource)],
            [self._editing.record(action, ref)],
        )

    async def _resolve_all(self, inbox: ConflictService) -> None:
        resolved = 0
        for conflict in await inbox.open_conflicts():
            try:
                await inbox.resolve(conflict, {f.path: ConflictSide.MINE for f in conflict.fields})
            except ConflictChangedError:
                continue
            resolved += 1
        if resolved:
            self._say(f"resolved {resolved}")


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.helpers.sync_client_process")
    parser.add_argument("--store", type=Path, required=True)
    parser.add_argument("--client", type=int, required=True)
    parser.add_argument("--clients", type=int, required=True)
    parser.add_argument("--edits", type=int, required=True)
    parser.add_argument("--seed", type=int, required=True)
    parser.add_argument("--shared", type=int, required=True)
    parser.add_argument("--base-url", required=True)
    parser.add_argument("--pace-s", type=float, default=0.05)
    args = parser.parse_args(argv)
    token = os.environ.get(TOKEN_ENV)
    if not token:
        parser.error(f"no token in {TOKEN_ENV}")
    workload = SyncWorkload(args.seed, args.clients, args.edits, args.shared)
    process = SyncClientProcess(
        args.store, workload, args.client, args.base_url, token, args.pace_s
    )
    return asyncio.run(process.run())


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
