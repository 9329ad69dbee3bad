"""The instant range a FHIR date, dateTime, instant or Period covers, in UTC.

FHIR compares dates as ranges: ``2026`` is the whole year, ``2026-03`` the month,
``2026-03-12`` the day, ``2026-03-12T10:15:30+01:00`` that second (a fraction narrows
it to its last digit, down to the microsecond). Ranges are half-open, [low, high), so
adjacent days neither overlap nor leave a gap.

A date without a time has no time zone in FHIR; it is taken as UTC here (the server
cannot know the author's zone, and one fixed rule keeps searches reproducible). A time
without a zone (invalid in FHIR, but seen in the wild) is taken as UTC too.

Open ends (a Period with no ``end``) extend to :attr:`FhirDateRange.MIN` /
:attr:`FhirDateRange.MAX`, which both database engines store and compare like any other
instant.
"""

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone
from typing import Any, ClassVar

_DATE_TIME = re.compile(
    r"(?P<year>\d{4})"
    r"(?:-(?P<month>\d{2})"
    r"(?:-(?P<day>\d{2})"
    r"(?:T(?P<hour>\d{2}):(?P<minute>\d{2})"
    r"(?::(?P<second>\d{2})(?:\.(?P<fraction>\d+))?)?"
    r"(?P<zone>Z|[+-]\d{2}:\d{2})?"
    r")?)?)?"
)
_MAX_OFFSET_MINUTES = 14 * 60
_TICK = timedelta(microseconds=1)
_SECOND = timedelta(seconds=1)
_MINUTE = timedelta(minutes=1)
_DAY = timedelta(days=1)


@dataclass(frozen=True, slots=True)
class FhirDateRange:
    """[``low``, ``high``): timezone-aware UTC instants, ``low < high``."""

    low: datetime
    high: datetime

    MIN: ClassVar[datetime] = datetime(1, 1, 1, tzinfo=UTC)
    MAX: ClassVar[datetime] = datetime(9999, 12, 31, 23, 59, 59, 999999, tzinfo=UTC)

    @classmethod
    def parse(cls, text: str) -> "FhirDateRange | None":
        """The range of a date, dateTime or instant string; None when it is not one."""
        m = _DATE_TIME.fullmatch(text.strip())
        if m is None:
            return None
        try:
            return cls._from_match(m)
        except ValueError:
            # Day 31 of April, hour 25, an offset of +15:00...: not a FHIR date.
            return None

    @classmethod
    def of_period(cls, period: dict[str, Any]) -> "FhirDateRange | None":
        """The range of a Period: from its start's low to its end's high, open ends unbounded.

        A Period with neither end (or unparsable ends) covers nothing searchable.
        """
        start = period.get("start")
        end = period.get("end")
        low_range = cls.parse(start) if isinstance(start, str) else None
        high_range = cls.parse(end) if isinstance(end, str) else None
        if low_range is None and high_range is None:
            return None
        low = low_range.low if low_range is not None else cls.MIN
        high = high_range.high if high_range is not None else cls.MAX
        if high <= low:
            # An end before its start is invalid FHIR; index the start alone rather than
            # an empty range that no search could ever find.
            return low_range or high_range
        return cls(low, high)

    @classmethod
    def of_instant(cls, instant: datetime) -> "FhirDateRange":
        """The one-microsecond range of a stored instant (``meta.lastUpdated``)."""
        low = cls._utc(instant)
        return cls._clamped(low, low + _TICK if low < cls.MAX else None)

    def overlaps(self, other: "FhirDateRange") -> bool:
        return self.low < other.high and other.low < self.high

    def contains(self, other: "FhirDateRange") -> bool:
        return self.low <= other.low and other.high <= self.high

    # -- parsing -----------------------------------------------------------------------

    @classmethod
    def _from_match(cls, m: re.Match[str]) -> "FhirDateRange":
        # One call for every group: a search index parses a date per resource or more.
        year_text, month_text, day_text, hour, minute, second_text, fraction, zone_text = m.groups()
        year = int(year_text)
        if month_text is None:
            return cls._clamped(datetime(year, 1, 1), _add_months(year, 1, 12))
        month = int(month_text)
        if day_text is None:
            return cls._clamped(datetime(year, month, 1), _add_months(year, month, 1))
        day = int(day_text)
        if hour is None:
            start = datetime(year, month, day)
            return cls._clamped(start, _plus(start, _DAY))
        zone = cls._zone(zone_text)
        second = int(second_text) if second_text is not None else 0
        # A leap second (":60") is the last instant of its minute, not an error.
        leap = second == 60
        start = datetime(year, month, day, int(hour), int(minute), 59 if leap else second)
        if second_text is None:
            width = _MINUTE
        elif fraction is None:
            width = _SECOND
        else:
            digits = fraction[:6]
            start = start.replace(microsecond=int(digits.ljust(6, "0")))
            width = timedelta(microseconds=10 ** (6 - len(digits)))
        start = start.replace(tzinfo=zone)
        return cls._clamped(start, _plus(start, width))

    @staticmethod
    def _zone(text: str | None) -> timezone:
        if text is None or text == "Z":
            return UTC
        minutes = int(text[1:3]) * 60 + int(text[4:6])
        if int(text[4:6]) >= 60 or minutes > _MAX_OFFSET_MINUTES:
            raise ValueError(text)
        return timezone(timedelta(minutes=-minutes if text[0] == "-" else minutes))

    @classmethod
    def _clamped(cls, low: datetime, high: datetime | None) -> "FhirDateRange":
        """UTC bounds, kept inside [MIN, MAX] (year 9999's end, an offset near year 1)."""
        if high is not None and low.year > 1 and high.year < 9999:
            # Far from the ends of time (offsets are under a day): nothing overflows or
            # needs clamping. Most dates, spared the comparisons below.
            low_utc = low.replace(tzinfo=UTC) if low.tzinfo is None else low.astimezone(UTC)
            high_utc = high.replace(tzinfo=UTC) if high.tzinfo is None else high.astimezone(UTC)
            if low_utc < high_utc:
                return cls(low_utc, high_utc)
        low_utc = cls._utc(low)
        high_utc = cls.MAX if high is None else cls._utc(high)
        # Clamping never empties a range: the ends of time keep at least a microsecond.
        low_utc = min(max(low_utc, cls.MIN), cls.MAX - _TICK)
        high_utc = max(min(high_utc, cls.MAX), low_utc + _TICK)
        return cls(low_utc, high_utc)

    @classmethod
    def _utc(cls, value: datetime) -> datetime:
        if value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        try:
            return value.astimezone(UTC)
        except OverflowError:
            return cls.MIN if value.year == 1 else cls.MAX


def _plus(start: datetime, width: timedelta) -> datetime | None:
    """``start + width``; None past the last representable instant (the end of 9999)."""
    try:
        return start + width
    except OverflowError:
        return None


def _add_months(year: int, month: int, months: int) -> datetime | None:
    """The first day of the month ``months`` after (year, month); None past year 9999."""
    index = year * 12 + (month - 1) + months
    new_year, new_month = divmod(index, 12)
    if new_year > 9999:
        return None
    return datetime(new_year, new_month + 1, 1)
