"""The one schema of both engines, as numbered migrations.

Tables (as of version 2):

- ``resource``: the current version of each resource (``deleted`` for a tombstone),
  looked up by (type, id) and listed per type in ``last_updated`` order. Each resource
  also has ``rkey``, a number the storage gives it when it is created (one more than
  the last), which keys its other rows;
- ``resource_history``: every version with its JSON (NULL for a tombstone), for read,
  vread and ``_history``, keyed by ``hkey = rkey × 2^24 + version``. The JSON is stored
  once: a read finds the current version's row from ``resource`` by that key;
- ``search_index``: one row per (resource, parameter, value) of the current live
  version, with typed value columns, keyed by ``skey = rkey × 2^24 + n`` (n counts the
  resource's rows from 0); each kind has a partial index over its own columns, so an
  insert touches only the index of its kind;
- ``schema_migration``: one row per migration applied.

Why numbers and not (type, id): on SQLite every page a write changes is encrypted and
written at commit, so what costs is the number of distinct pages. Keyed by (type, id),
a new resource with a random id changes a random page in every index holding its id;
keyed by ``rkey``, the rows of every new resource go at the end of their tables, where
the writes of one commit share their last pages, and the tables are their own index
(SQLite stores a table with an integer primary key in key order, with no separate
index). The versions of a resource and its index rows are ranges of those keys:
instance history and vread are a range and a point of ``hkey``, replacing a resource's
index rows is a range delete. Only ``resource`` keeps an index of ids, since they are
looked up; server-chosen ids are time-ordered (:class:`TimeOrderedId`) so that even
that index is appended to. It is unique on (id, type), id first: new ids of every type
then go at one end of it, where (type, id) would append at the end of each type's
range, one more page per type per commit (and the middle of an index fills and splits
its pages more often than its end). Lookups give both columns, so the order does not
matter to them. 2^24 versions of one resource and 2^24 index rows of one version are
limits far beyond what a 16 MiB body can make (the write refuses more).

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

_BITS = 24
_SPAN = 1 << _BITS  # hkey = rkey * _SPAN + version, skey = rkey * _SPAN + n

# Version 2: integer keys, JSON in the history only, SQLite instants as integers (see
# the module docstring and SqlDialect). New tables beside the old ones, the data copied
# (each resource numbered in the order of its last update), the old tables dropped, the
# new ones renamed, the indexes made on the filled tables.
_V2 = (
    """
    CREATE TABLE resource_v2 (
        rkey         {auto_key},
        type         {text} NOT NULL,
        id           {text} NOT NULL,
        version      INTEGER NOT NULL,
        last_updated {instant} NOT NULL,
        deleted      SMALLINT NOT NULL,
        CONSTRAINT resource_key UNIQUE (id, type)
    )
    """,
    "INSERT INTO resource_v2 (type, id, version, last_updated, deleted)"
    " SELECT type, id, version, {from_text:last_updated}, deleted FROM resource"
    " ORDER BY last_updated, type, id",
    """
    CREATE TABLE resource_history_v2 (
        hkey         {key},
        type         {text} NOT NULL,
        id           {text} NOT NULL,
        version      INTEGER NOT NULL,
        last_updated {instant} NOT NULL,
        json         TEXT
    )
    """,
    "INSERT INTO resource_history_v2 (hkey, type, id, version, last_updated, json)"
    f" SELECT r.rkey * {_SPAN} + h.version, h.type, h.id, h.version,"
    " {from_text:h.last_updated}, h.json"
    " FROM resource_history h JOIN resource_v2 r ON r.type = h.type AND r.id = h.id",
    """
    CREATE TABLE search_index_v2 (
        skey         {key},
        type         {text} NOT NULL,
        param        {text} NOT NULL,
        value_string {text},
        token_system {text},
        token_code   {text},
        ref_type     {text},
        ref_id       {text},
        date_low     {instant},
        date_high    {instant}
    )
    """,
    "INSERT INTO search_index_v2 (skey, type, param, value_string, token_system, token_code,"
    " ref_type, ref_id, date_low, date_high)"
    f" SELECT r.rkey * {_SPAN} + row_number() OVER (PARTITION BY r.rkey) - 1, s.type, s.param,"
    " s.value_string, s.token_system, s.token_code, s.ref_type, s.ref_id,"
    " {from_text:s.date_low}, {from_text:s.date_high}"
    " FROM search_index s JOIN resource_v2 r ON r.type = s.type AND r.id = s.id",
    "DROP TABLE search_index",
    "DROP TABLE resource_history",
    "DROP TABLE resource",
    "ALTER TABLE resource_v2 RENAME TO resource",
    "ALTER TABLE resource_history_v2 RENAME TO resource_history",
    "ALTER TABLE search_index_v2 RENAME TO search_index",
    # Default search order and _lastUpdated ranges per type; searches see live ones only.
    "CREATE INDEX resource_type_updated ON resource (type, last_updated, id) WHERE deleted = 0",
    # System-level and type-level history, newest first, with _since: ORDER BY
    # last_updated DESC, hkey DESC is a backward scan of these. hkey, not (type, id,
    # version), breaks ties: as stable an order, in a third of the bytes per entry.
    "CREATE INDEX history_updated ON resource_history (last_updated, hkey)",
    "CREATE INDEX history_type_updated ON resource_history (type, last_updated, hkey)",
    "CREATE INDEX search_index_string ON search_index (type, param, value_string)"
    " WHERE value_string IS NOT NULL",
    "CREATE INDEX search_index_token ON search_index (type, param, token_code, token_system)"
    " WHERE token_code IS NOT NULL",
    "CREATE INDEX search_index_reference ON search_index (type, param, ref_id, ref_type)"
    " WHERE ref_id IS NOT NULL",
    "CREATE INDEX search_index_date ON search_index (type, param, date_low, date_high)"
    " WHERE date_low IS NOT NULL",
)

_MIGRATIONS: tuple[tuple[str, ...], ...] = (_V1, _V2)

_VERSION_TABLE = """
CREATE TABLE IF NOT EXISTS schema_migration (
    version    INTEGER PRIMARY KEY,
    applied_at {ts} NOT NULL
)
"""


class Schema:
    """The DDL of each migration, rendered for one engine."""

    LATEST = len(_MIGRATIONS)
    # hkey = rkey * KEY_SPAN + version; skey = rkey * KEY_SPAN + n (0 <= n < KEY_SPAN).
    KEY_BITS = _BITS
    KEY_SPAN = _SPAN
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
