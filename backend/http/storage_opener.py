"""``--db`` to a storage: ``sqlite:PATH`` (SQLCipher when given a key) or a PostgreSQL DSN."""

from pathlib import Path

from backend.storage.resource_storage import ResourceStorage

_POSTGRES_SCHEMES = ("postgresql://", "postgres://")


class StorageOpener:
    """Parses the ``--db`` value and builds (does not open) the storage it names."""

    @staticmethod
    def check(db: str) -> None:
        """ValueError with a message for the command line if ``db`` names no storage."""
        if db.startswith("sqlite:"):
            if not db.removeprefix("sqlite:"):
                raise ValueError("--db sqlite:PATH needs a file path")
            return
        if not db.startswith(_POSTGRES_SCHEMES):
            raise ValueError("--db takes sqlite:PATH or postgresql://user@host/dbname")

    @staticmethod
    def create(db: str, key: bytes | None) -> ResourceStorage:
        StorageOpener.check(db)
        if db.startswith("sqlite:"):
            from backend.storage.sqlite_storage import SqliteStorage

            return SqliteStorage(Path(db.removeprefix("sqlite:")), key)
        from backend.storage.postgres_storage import PostgresStorage

        return PostgresStorage(db)
