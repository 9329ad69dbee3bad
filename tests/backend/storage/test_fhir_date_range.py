"""The instant ranges of FHIR dates: precision, time zones, Periods, refusals."""

from datetime import UTC, datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from backend.search.fhir_date_range import FhirDateRange

R = FhirDateRange


def _utc(
    year: int, month: int, day: int, hour: int = 0, minute: int = 0, second: int = 0, micro: int = 0
) -> datetime:
    return datetime(year, month, day, hour, minute, second, micro, tzinfo=UTC)


@pytest.mark.parametrize(
    ("text", "low", "high"),
    [
        ("2026", _utc(2026, 1, 1), _utc(2027, 1, 1)),
        ("2026-03", _utc(2026, 3, 1), _utc(2026, 4, 1)),
        ("2026-12", _utc(2026, 12, 1), _utc(2027, 1, 1)),
        ("2024-02-29", _utc(2024, 2, 29), _utc(2024, 3, 1)),
        ("2026-03-12T10:15Z", _utc(2026, 3, 12, 10, 15), _utc(2026, 3, 12, 10, 16)),
        ("2026-03-12T10:15:30Z", _utc(2026, 3, 12, 10, 15, 30), _utc(2026, 3, 12, 10, 15, 31)),
        (
            "2026-03-12T10:15:30.1Z",
            _utc(2026, 3, 12, 10, 15, 30, 100000),
            _utc(2026, 3, 12, 10, 15, 30, 200000),
        ),
        (
            "2026-03-12T10:15:30.123456789Z",
            _utc(2026, 3, 12, 10, 15, 30, 123456),
            _utc(2026, 3, 12, 10, 15, 30, 123457),
        ),
        ("2026-03-12T00:30:00+01:00", _utc(2026, 3, 11, 23, 30), _utc(2026, 3, 11, 23, 30, 1)),
        ("2026-03-12T23:00:00-05:30", _utc(2026, 3, 13, 4, 30), _utc(2026, 3, 13, 4, 30, 1)),
        ("2026-03-12T10:00:00", _utc(2026, 3, 12, 10), _utc(2026, 3, 12, 10, 0, 1)),
        ("2016-12-31T23:59:60Z", _utc(2016, 12, 31, 23, 59, 59), _utc(2017, 1, 1)),
        ("9999", _utc(9999, 1, 1), R.MAX),
        (" 2026 ", _utc(2026, 1, 1), _utc(2027, 1, 1)),
    ],
)
def test_parse(text: str, low: datetime, high: datetime) -> None:
    assert R.parse(text) == R(low, high)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "26",
        "2026-13",
        "2026-00",
        "2026-02-30",
        "2026-04-31",
        "2026-03-12T24:00:00Z",
        "2026-03-12T10:60:00Z",
        "2026-03-12T10:15:30+15:00",
        "2026-03-12T10:15:30+01:60",
        "2026-03-12 10:15:30Z",
        "0000",
        "2026-3-1",
        "yesterday",
        "2026-03-12T10Z",
    ],
)
def test_refuses_what_is_not_a_fhir_date(text: str) -> None:
    assert R.parse(text) is None


def test_periods() -> None:
    assert R.of_period({"start": "2026-03-12", "end": "2026-03-14"}) == R(
        _utc(2026, 3, 12), _utc(2026, 3, 15)
    )
    assert R.of_period({"start": "2026-03-12"}) == R(_utc(2026, 3, 12), R.MAX)
    assert R.of_period({"end": "2026-03-12"}) == R(R.MIN, _utc(2026, 3, 13))
    assert R.of_period({}) is None
    assert R.of_period({"start": "nonsense"}) is None
    # An end before its start: the start alone rather than an empty range.
    assert R.of_period({"start": "2026-03-12", "end": "2020"}) == R.parse("2026-03-12")


def test_an_offset_near_the_ends_of_time_stays_inside() -> None:
    early = R.parse("0001-01-01T00:00:00+05:00")
    assert early is not None
    assert early.low == R.MIN
    assert early.low < early.high
    late = R.parse("9999-12-31T23:59:59.999999Z")
    assert late is not None
    assert late.low < late.high <= R.MAX


_ZONES = st.sampled_from(["Z", "+00:00", "+01:00", "-05:30", "+14:00", "-12:00"])


@given(
    st.datetimes(min_value=datetime(1900, 1, 1), max_value=datetime(2200, 1, 1)),
    st.integers(min_value=0, max_value=9),
    _ZONES,
)
def test_a_date_time_range_holds_its_instant_and_is_as_wide_as_its_precision(
    moment: datetime, digits: int, zone: str
) -> None:
    text = moment.strftime("%Y-%m-%dT%H:%M:%S")
    micro = f"{moment.microsecond:06d}"
    fraction = (micro + "000")[:digits]
    if digits:
        text += "." + fraction
    text += zone
    parsed = R.parse(text)
    assert parsed is not None
    tz = UTC if zone in ("Z", "+00:00") else _zone(zone)
    kept = min(digits, 6)
    instant = moment.replace(
        microsecond=int(micro[:kept].ljust(6, "0")) if kept else 0, tzinfo=tz
    ).astimezone(UTC)
    assert parsed.low == instant
    assert parsed.high - parsed.low == timedelta(microseconds=10 ** (6 - kept))


def _zone(text: str) -> timezone:
    sign = -1 if text[0] == "-" else 1
    return timezone(sign * timedelta(hours=int(text[1:3]), minutes=int(text[4:6])))


@given(st.dates(min_value=datetime(1, 1, 1).date(), max_value=datetime(9998, 12, 31).date()))
def test_days_months_and_years_tile_time_without_gaps(day: object) -> None:
    from datetime import date

    assert isinstance(day, date)
    d = R.parse(day.isoformat())
    nxt = R.parse((day + timedelta(days=1)).isoformat())
    assert d is not None
    assert nxt is not None
    assert d.high == nxt.low
    month = R.parse(day.isoformat()[:7])
    year = R.parse(day.isoformat()[:4])
    assert month is not None
    assert year is not None
    assert year.contains(month)
    assert month.contains(d)
    assert d.overlaps(month)
