"""What differs between SQLite and PostgreSQL in our SQL, and nothing else.

All SQL is written once, with ``?`` placeholders and ``{ts}`` / ``{text}`` type slots;
a dialect renders it for its engine:

- placeholders: ``?`` for SQLite, ``$1, $2…`` for PostgreSQL (asyncpg);
- instants: PostgreSQL has ``timestamptz``; SQLite has none, so an instant is stored as
  UTC ISO-8601 text with exactly six fraction digits and ``+00:00``
  (``2026-11-23T10:15:30.123456+00:00``). That fixed width makes text order equal time
  order, so ``<``/``>=`` and ORDER BY on those columns are correct in both engines;
- text: PostgreSQL columns use the "C" collation so that comparisons are by code point,
  like SQLite's BINARY (the string search is a range scan on folded text, which needs
  code-point order and a btree usable for it whatever the database's locale).
"""

from datetime import UTC, datetime
from typing import ClassVar


class SqlDialect:
    """One engine's rendering of the shared SQL."""

    SQLITE: ClassVar["SqlDialect"]
    POSTGRES: ClassVar["SqlDialect"]

    def __init__(self, name: str, *, numbered: bool, ts_type: str, text_type: str) -> None:
        self.name = name
        self._numbered = numbered
        self._types = {"ts": ts_type, "text": text_type}
        self._rendered: dict[str, str] = {}
        self.instants_as_text = ts_type == "TEXT"

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
        """A DDL template with its ``{ts}`` and ``{text}`` type slots filled."""
        return template.format_map(self._types)

    def instant(self, value: datetime) -> datetime | str:
        """A bound parameter for an instant column."""
        if self.instants_as_text:
            return self.instant_text(value)
        return value.astimezone(UTC) if value.tzinfo is not None else value.replace(tzinfo=UTC)

    @staticmethod
    def instant_text(value: datetime) -> str:
        """The fixed-width UTC text form (naive datetimes are taken as UTC)."""
        utc = value.astimezone(UTC) if value.tzinfo is not None else value.replace(tzinfo=UTC)
        return utc.isoformat(timespec="microseconds")

    def read_instant(self, value: object) -> datetime:
        """An instant column's value as a timezone-aware UTC datetime."""
        if isinstance(value, str):
            return datetime.fromisoformat(value)
        if isinstance(value, datetime):
            return value.astimezone(UTC)
        raise TypeError(f"not an instant: {value!r}")


SqlDialect.SQLITE = SqlDialect("sqlite", numbered=False, ts_type="TEXT", text_type="TEXT")
SqlDialect.POSTGRES = SqlDialect(
    "postgresql", numbered=True, ts_type="TIMESTAMPTZ", text_type='TEXT COLLATE "C"'
)
