"""What differs between SQLite and PostgreSQL in our SQL, and nothing else.

All SQL is written once, with ``?`` placeholders and ``{…}`` type slots; a dialect
renders it for its engine:

- placeholders: ``?`` for SQLite, ``$1, $2…`` for PostgreSQL (asyncpg);
- instants (``{instant}``): PostgreSQL has ``timestamptz``; SQLite has none, so an
  instant is stored as an integer, microseconds since 1970-01-01 UTC (negative before).
  Integer order is time order, so ``<``/``>=`` and ORDER BY are correct in both engines,
  and an integer takes 8 bytes where text took 32 in every index holding an instant
  (fewer index pages to write per commit). Schema version 1 stored SQLite instants as
  fixed-width UTC ISO-8601 text (``2026-11-23T10:15:30.123456+00:00``, its ``{ts}``
  slot, still rendered for that migration and for ``schema_migration``); version 2
  converts them with ``{from_text:column}``;
- text: PostgreSQL columns use the "C" collation so that comparisons are by code point,
  like SQLite's BINARY (the string search is a range scan on folded text, which needs
  code-point order and a btree usable for it whatever the database's locale);
- integer keys: ``{key}`` is a 64-bit integer primary key, which in SQLite is the rowid
  itself (the table is stored in key order, no separate index); ``{auto_key}`` is one
  the database numbers when the insert gives none (SQLite's rowid, PostgreSQL's
  identity column and its sequence).
"""

from datetime import UTC, datetime, timedelta
from typing import ClassVar

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_MICROS = 1_000_000


class _FromText:
    """``{from_text:column}``: a version-1 instant column as this engine's instant."""

    def __init__(self, integer: bool) -> None:
        self._integer = integer

    def __format__(self, column: str) -> str:
        if not self._integer:
            return column
        # The seconds without their fraction (exact, also before 1970), then the six
        # fraction digits: the text is always 'YYYY-MM-DDTHH:MM:SS.ffffff+00:00'.
        return (
            f"(unixepoch(substr({column}, 1, 19)) * {_MICROS}"
            f" + CAST(substr({column}, 21, 6) AS INTEGER))"
        )


class SqlDialect:
    """One engine's rendering of the shared SQL."""

    SQLITE: ClassVar["SqlDialect"]
    POSTGRES: ClassVar["SqlDialect"]

    def __init__(
        self,
        name: str,
        *,
        numbered: bool,
        instant_type: str,
        text_instant_type: str,
        text_type: str,
        key: str,
        auto_key: str,
    ) -> None:
        self.name = name
        self._numbered = numbered
        self._integer_instants = instant_type == "INTEGER"
        self._slots: dict[str, object] = {
            "instant": instant_type,
            "ts": text_instant_type,
            "text": text_type,
            "key": key,
            "auto_key": auto_key,
            "from_text": _FromText(self._integer_instants),
        }
        self._rendered: dict[str, str] = {}

    def render(self, sql: str) -> str:
        """``sql`` with this engine's placeholders (the shared SQL holds no literal ``?``)."""
        done = self._rendered.get(sql)
        if done is None:
            if self._numbered:
                parts = sql.split("?")
                done = parts[0] + "".join(f"${n}{part}" for n, part in enumerate(parts[1:], 1))
            else:
                done = sql
            self._rendered[sql] = done
        return done

    def ddl(self, template: str) -> str:
        """A DDL template with its slots (``{instant}``, ``{text}``…) filled."""
        return template.format_map(self._slots)

    def instant(self, value: datetime) -> datetime | int:
        """A bound parameter for an instant column (naive datetimes are taken as UTC)."""
        utc = value.astimezone(UTC) if value.tzinfo is not None else value.replace(tzinfo=UTC)
        if not self._integer_instants:
            return utc
        delta = utc - _EPOCH
        return (delta.days * 86_400 + delta.seconds) * _MICROS + delta.microseconds

    @staticmethod
    def instant_text(value: datetime) -> str:
        """The fixed-width UTC text form of schema version 1 (naive taken as UTC)."""
        utc = value.astimezone(UTC) if value.tzinfo is not None else value.replace(tzinfo=UTC)
        return utc.isoformat(timespec="microseconds")

    def read_instant(self, value: object) -> datetime:
        """An instant column's value as a timezone-aware UTC datetime."""
        if isinstance(value, int):
            return _EPOCH + timedelta(microseconds=value)
        if isinstance(value, datetime):
            return value.astimezone(UTC)
        if isinstance(value, str):
            return datetime.fromisoformat(value)
        raise TypeError(f"not an instant: {value!r}")


SqlDialect.SQLITE = SqlDialect(
    "sqlite",
    numbered=False,
    instant_type="INTEGER",
    text_instant_type="TEXT",
    text_type="TEXT",
    key="INTEGER PRIMARY KEY",
    auto_key="INTEGER PRIMARY KEY",
)
SqlDialect.POSTGRES = SqlDialect(
    "postgresql",
    numbered=True,
    instant_type="TIMESTAMPTZ",
    text_instant_type="TIMESTAMPTZ",
    text_type='TEXT COLLATE "C"',
    key="BIGINT PRIMARY KEY",
    auto_key="BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY",
)
