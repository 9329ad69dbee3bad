"""A recurring appointment's pattern: every N weeks, on the same weekday, a number of times.

What a GP books: weekly for 10 weeks, every other Monday, once a month is « every 4
weeks » here (a true monthly rule — the second Tuesday of the month — is not offered
yet). Occurrences keep the wall-clock time across daylight-saving changes: 9:00 stays
9:00 in Paris when the offset moves.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

MAX_OCCURRENCES = 104  # two years of weekly appointments


@dataclass(frozen=True, slots=True)
class RecurrenceRule:
    """``count`` occurrences, ``interval_weeks`` apart, the first at the start given."""

    interval_weeks: int
    count: int

    def __post_init__(self) -> None:
        if not 1 <= self.interval_weeks <= 52:
            raise ValueError("the interval must be 1 to 52 weeks")
        if not 1 <= self.count <= MAX_OCCURRENCES:
            raise ValueError(f"a series has 1 to {MAX_OCCURRENCES} appointments")

    def starts(self, first: datetime, zone: ZoneInfo) -> list[datetime]:
        """Each occurrence's start, at the same local time as ``first`` (aware)."""
        local = first.astimezone(zone).replace(tzinfo=None)
        return [
            (local + timedelta(weeks=self.interval_weeks * n)).replace(tzinfo=zone)
            for n in range(self.count)
        ]
