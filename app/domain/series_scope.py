"""Which appointments of a recurring series an edit applies to."""

from enum import StrEnum


class SeriesScope(StrEnum):
    """As calendars ask: this one, this one and the following, or all of them."""

    ONE = "one"
    FOLLOWING = "following"
    ALL = "all"
