"""The one schema of both engines, as numbered migrations.

Tables:

- ``resource``: the current version of each resource (a tombstone row when deleted,
  ``json`` NULL), looked up by (type, id) and listed per type in ``last_updated`` order;
- ``resource_history``: every version, tombstones included, for vread and ``_history``;
- ``search_index``: one row per (resource, parameter, value) of the current live
  version, with typed value columns; each kind has a partial index over its own columns,
  so an insert touches only the index of its kind;
- ``schema_migration``: one row per migration applied.

A migration is never edited once released: a change is a new step appended to
:data:`_MIGRATIONS`. Each step runs in one transaction with its ``schema_migration`` row,
so a database is always exactly at some version. A database newer than this code is
refused rather than written with an older idea of the schema.
"""

from backend.storage.sql_dialect import SqlDialect
from backend.storage.storage_errors import StorageError

_V1 = (
    """
    CREATE TABLE resource (
        type         {text} NOT NULL,
        id           {text} NOT NULL,
        version      INTEGER NOT NULL,
        last_updated {ts} NOT NULL,
        deleted      SMALLINT NOT NULL,
        json         TEXT,
        PRIMARY KEY (type, id)
    )
    """,
    # Default search order and _lastUpdated ranges per type.
    "CREATE INDEX resource_type_updated ON resource (type, last_updated, id)",
    """
    CREATE TABLE resource_history (
        type         {text} NOT NULL,
        id           {text} NOT NULL,
        version      INTEGER NOT NULL,
        last_updated {ts} NOT NULL,
        json         TEXT,
        PRIMARY KEY (type, id, version)
    )
    """,
    # System-level and type-level history, newest first, with _since.
    # Their ORDER BY (all columns descending) is a backward scan of these.
    "CREATE INDEX history_updated ON resource_history (last_updated, type, id, version)",
    "CREATE INDEX history_type_updated ON resource_history (type, last_updated, id, version)",
    """
    CREATE TABLE search_index (
        type         {text} NOT NULL,
        id           {text} NOT NULL,
        param        {text} NOT NULL,
        value_string {text},
        token_system {text},
        token_code   {text},
        ref_type     {text},
        ref_id       {text},
        date_low     {ts},
        date_high    {ts}
    )
    """,
    # Replacing a resource's rows on update and delete.
    "CREATE INDEX search_index_resource ON search_index (type, id)",
    "CREATE INDEX search_index_string ON search_index (type, param, value_string)"
    " WHERE value_string IS NOT NULL",
    "CREATE INDEX search_index_token ON search_index (type, param, token_code, token_system)"
    " WHERE token_code IS NOT NULL",
    "CREATE INDEX search_index_reference ON search_index (type, param, ref_id, ref_type)"
    " WHERE ref_id IS NOT NULL",
    "CREATE INDEX search_index_date ON search_index (type, param, date_low, date_high)"
    " WHERE date_low IS NOT NULL",
)

_MIGRATIONS: tuple[tuple[str, ...], ...] = (_V1,)

_VERSION_TABLE = """
CREATE TABLE IF NOT EXISTS schema_migration (
    version    INTEGER PRIMARY KEY,
    applied_at {ts} NOT NULL
)
"""


class Schema:
    """The DDL of each migration, rendered for one engine."""

    LATEST = len(_MIGRATIONS)
    CURRENT_VERSION_SQL = "SELECT coalesce(max(version), 0) FROM schema_migration"
    RECORD_SQL = "INSERT INTO schema_migration (version, applied_at) VALUES (?, ?)"

    @staticmethod
    def check_supported(current: int, where: str) -> None:
        """Refuses a database migrated by a newer backend than this one."""
        if current > Schema.LATEST:
            raise StorageError(
                f"{where}: schema version {current} is newer than this backend's ({Schema.LATEST})"
            )

    @staticmethod
    def version_table(dialect: SqlDialect) -> str:
        return dialect.ddl(_VERSION_TABLE)

    @staticmethod
    def steps(dialect: SqlDialect, current: int) -> list[tuple[int, list[str]]]:
        """The migrations after ``current``: (version it leads to, its statements)."""
        return [
            (version, [dialect.ddl(statement) for statement in statements])
            for version, statements in enumerate(_MIGRATIONS, 1)
            if version > current
        ]
