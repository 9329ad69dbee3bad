"""How much of the calendar the agenda shows: a day, the working week, the whole week."""

from datetime import date, timedelta
from enum import StrEnum


class AgendaRange(StrEnum):
    """Work week: Monday to Friday, what a French practice mostly opens."""

    DAY = "day"
    WORK_WEEK = "work-week"
    WEEK = "week"

    def days(self, anchor: date) -> list[date]:
        """The days shown around ``anchor``."""
        if self is AgendaRange.DAY:
            return [anchor]
        monday = anchor - timedelta(days=anchor.weekday())
        if self is AgendaRange.WORK_WEEK and anchor.weekday() >= 5:
            monday += timedelta(weeks=1)  # at the weekend, the coming working week
        count = 5 if self is AgendaRange.WORK_WEEK else 7
        return [monday + timedelta(days=n) for n in range(count)]

    def step(self, anchor: date, direction: int) -> date:
        """The anchor of the previous (-1) or next (+1) period. A day view steps one
        day, Saturday included: many practices open on Saturday mornings."""
        if self is AgendaRange.DAY:
            return anchor + timedelta(days=direction)
        return anchor + timedelta(weeks=direction)
