"""``python -m app audit verify``: checks the audit chain of a profile without Qt."""

import argparse
import asyncio
import sys
from typing import TextIO

from app.audit.audit_chain import AuditVerdict, ChainBreak
from app.config import Config
from app.store.encrypted_store import EncryptedStore
from app.store.profile_keys import ProfileKeys
from app.store.store_locked_error import StoreLockedError

_PROBLEMS = {
    ChainBreak.ALTERED: "contenu modifié après coup",
    ChainBreak.UNLINKED: "ne suit pas l'entrée précédente (entrée supprimée ou déplacée)",
    ChainBreak.GAP: "entrée manquante",
    ChainBreak.TRUNCATED: "les dernières entrées ont disparu",
}


class AuditCommand:
    """Opens the profile's store and reports the first broken entry, if any."""

    def __init__(self, config: Config, out: TextIO = sys.stdout) -> None:
        self._config = config
        self._out = out

    def run(self) -> int:
        """Exit code: 0 intact, 1 broken, 2 store could not be opened."""
        if not self._config.db_path.exists():
            print(f"Aucune base pour le profil « {self._config.profile} ».", file=self._out)
            return 2
        try:
            verdict = asyncio.run(self._verify())
        except StoreLockedError as exc:
            print(
                f"Base verrouillée ({exc.reason.value}) : vérification impossible.", file=self._out
            )
            return 2
        if verdict.ok:
            print(f"Chaîne d'audit intègre : {verdict.entries} entrées.", file=self._out)
            return 0
        problem = verdict.problem or ChainBreak.ALTERED
        print(
            f"Chaîne d'audit rompue à l'entrée n° {verdict.broken_seq} : "
            f"{_PROBLEMS[problem]} ({problem.value}).",
            file=self._out,
        )
        return 1

    async def _verify(self) -> AuditVerdict:
        store = await EncryptedStore.open(
            self._config.db_path, ProfileKeys.for_config(self._config)
        )
        try:
            return await store.verify_audit()
        finally:
            await store.close()

    @classmethod
    def main(cls, argv: list[str]) -> int:
        parser = argparse.ArgumentParser(prog="python -m app audit")
        parser.add_argument("action", choices=["verify"])
        group = parser.add_mutually_exclusive_group()
        group.add_argument("--profile", default=None)
        group.add_argument("--demo", action="store_true")
        parser.add_argument("--data-dir", default=None, help=argparse.SUPPRESS)
        args = parser.parse_args(argv)
        base = Config.parser().parse_args(
            [
                *(["--demo"] if args.demo else []),
                *(["--profile", args.profile] if args.profile else []),
                *(["--data-dir", args.data_dir] if args.data_dir else []),
            ]
        )
        return cls(Config.from_args(base)).run()
