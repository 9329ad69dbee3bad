"""The shared SQL: placeholders per engine, instant text order, string prefix bounds."""

from datetime import UTC, datetime, timedelta, timezone

from hypothesis import given
from hypothesis import strategies as st

from backend.search.fhir_date_range import FhirDateRange
from backend.search.search_query import SearchClause, SearchQuery, SearchValue
from backend.storage.search_sql import SearchSql, _prefix_end
from backend.storage.sql_dialect import SqlDialect


def test_placeholders_are_numbered_for_postgresql_only() -> None:
    sql = "SELECT a FROM t WHERE b = ? AND c IN (?, ?)"
    assert SqlDialect.SQLITE.render(sql) == sql
    assert SqlDialect.POSTGRES.render(sql) == "SELECT a FROM t WHERE b = $1 AND c IN ($2, $3)"


def test_both_engines_get_the_same_statement_and_parameters() -> None:
    query = SearchQuery(
        "Patient",
        (
            SearchClause("name", (SearchValue(text="Hé"), SearchValue(text="zo"))),
            SearchClause("_id", (SearchValue(code="a"), SearchValue(code="b"))),
            SearchClause("identifier", (SearchValue(system="", code="x"),)),
        ),
        count=10,
        offset=20,
    )
    (lite_sql, lite_params), lite_count = SearchSql(SqlDialect.SQLITE).search(query)
    (pg_sql, pg_params), pg_count = SearchSql(SqlDialect.POSTGRES).search(query)
    assert lite_params == pg_params
    assert lite_sql.count("?") == len(lite_params)
    assert f"${len(pg_params)}" in pg_sql
    assert f"${len(pg_params) + 1}" not in pg_sql
    assert SqlDialect.POSTGRES.render(lite_sql) == pg_sql
    assert lite_count is not None
    assert pg_count is not None
    assert lite_params[-2:] == [10, 20]
    assert "he" in lite_params  # folded


_AWARE = st.datetimes(
    min_value=datetime(1, 1, 2),
    max_value=datetime(9999, 12, 30),
    timezones=st.sampled_from(
        [UTC, timezone(timedelta(hours=5, minutes=30)), timezone(-timedelta(hours=11))]
    ),
)


@given(_AWARE, _AWARE)
def test_instant_text_sorts_like_the_instants(a: datetime, b: datetime) -> None:
    ta, tb = SqlDialect.instant_text(a), SqlDialect.instant_text(b)
    assert len(ta) == len(tb) == len("2026-11-23T10:15:30.123456+00:00")
    assert (ta < tb) == (a < b)
    assert (ta == tb) == (a == b)
    assert SqlDialect.SQLITE.read_instant(ta) == a


def test_the_ends_of_time_have_the_same_width() -> None:
    assert SqlDialect.instant_text(FhirDateRange.MIN) == "0001-01-01T00:00:00.000000+00:00"
    assert SqlDialect.instant_text(FhirDateRange.MAX) == "9999-12-31T23:59:59.999999+00:00"


@given(st.text(min_size=1), st.text())
def test_prefix_end_bounds_exactly_the_strings_with_that_prefix(prefix: str, rest: str) -> None:
    prefix = prefix.encode("utf-8", "replace").decode("utf-8")
    rest = rest.encode("utf-8", "replace").decode("utf-8")
    end = _prefix_end(prefix)
    value = prefix + rest
    if end is not None:
        assert prefix <= value < end
    # A string that does not start with the prefix is outside [prefix, end).
    other = rest
    if not other.startswith(prefix):
        assert not (prefix <= other and (end is None or other < end))


def test_prefix_end_skips_surrogates_and_the_last_code_point() -> None:
    assert _prefix_end("ab") == "ac"
    assert _prefix_end("a\ud7ff") == "a\ue000"
    assert _prefix_end("a\U0010ffff") == "b"
    assert _prefix_end("\U0010ffff") is None
