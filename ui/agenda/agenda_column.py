"""One column of the agenda's time grid: a day of one practitioner's agenda."""

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True, slots=True)
class AgendaColumn:
    """A practitioner's day. One practitioner's week is one column per day; the front
    desk's view is one column per (day, practitioner), grouped by day."""

    day: date
    practitioner_ref: str
    practitioner_name: str
