"""Wall-clock times in Europe/Paris as ISO datetimes with their UTC offset."""

from datetime import date, datetime, time, timedelta, timezone

_WINTER = timezone(timedelta(hours=1))
_SUMMER = timezone(timedelta(hours=2))


class ParisClock:
    """European summer time rules (since 1996), for times of day from 03:00 on.

    Python's ``zoneinfo`` needs the ``tzdata`` package on Windows, which Cabinet does
    not ship; the demo only needs the EU rule, which this applies directly. Times
    in the hour the clocks change (02:00-03:00) are not handled: the demo never uses
    them.
    """

    @staticmethod
    def _last_sunday(year: int, month: int) -> date:
        last = date(year, month + 1, 1) - timedelta(days=1)
        return last - timedelta(days=(last.weekday() - 6) % 7)

    @classmethod
    def tz_on(cls, day: date) -> timezone:
        """The offset in force in Paris on ``day`` after 03:00."""
        summer_from = cls._last_sunday(day.year, 3)
        summer_until = cls._last_sunday(day.year, 10)
        return _SUMMER if summer_from <= day < summer_until else _WINTER

    @classmethod
    def at(cls, day: date, hour: int, minute: int = 0) -> datetime:
        """An aware datetime for the Paris wall-clock time ``hour:minute`` on ``day``."""
        return datetime.combine(day, time(hour, minute), cls.tz_on(day))

    @staticmethod
    def iso(moment: datetime) -> str:
        """``2026-03-30T08:30:00+02:00``: what FHIR instant and dateTime expect."""
        return moment.isoformat(timespec="seconds")
