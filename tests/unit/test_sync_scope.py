"""SyncScope: what the first sync asks for, and which new resources a workstation keeps.

The windows are around a fixed today. ``wants`` must agree with the server's reading of
the first sync's search: a FHIR date search matches a resource whose date, at its own
precision, overlaps the range asked for (a partial date "2024-11" is all of November),
so a resource the first sync brought in is also kept when a new one like it arrives.
"""

from datetime import date, timedelta
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.domain.sync_scope import SyncScope

TODAY = date(2026, 11, 23)
SCOPE = SyncScope()
# 4 weeks back, 12 ahead; 24 months of observations, 12 of images (30.44-day months).
AGENDA_FROM = date(2026, 10, 26)
AGENDA_TO = date(2027, 2, 15)
OBSERVATIONS_FROM = date(2024, 11, 22)
IMAGES_FROM = date(2025, 11, 23)


def _appointment(start: str | None) -> dict[str, Any]:
    res: dict[str, Any] = {"resourceType": "Appointment", "status": "booked"}
    if start is not None:
        res["start"] = start
    return res


def _observation(when: str) -> dict[str, Any]:
    return {"resourceType": "Observation", "status": "final", "effectiveDateTime": when}


# -- the first sync's searches ------------------------------------------------------


def test_types_start_with_patients_before_what_points_to_them() -> None:
    types = SCOPE.types()
    assert types.index("Patient") < types.index("Appointment") < types.index("Observation")
    assert "Binary" not in types
    assert "AuditEvent" not in types


@pytest.mark.parametrize(
    ("rtype", "params"),
    [
        ("Patient", []),
        ("Practitioner", []),
        ("Appointment", [("date", f"ge{AGENDA_FROM}"), ("date", f"le{AGENDA_TO}")]),
        ("Slot", [("start", f"ge{AGENDA_FROM}"), ("start", f"le{AGENDA_TO}")]),
        ("Encounter", [("date", f"ge{AGENDA_FROM}")]),
        ("Observation", [("date", f"ge{OBSERVATIONS_FROM}")]),
        ("Media", [("created", f"ge{IMAGES_FROM}")]),
    ],
)
def test_search_params_per_type(rtype: str, params: list[tuple[str, str]]) -> None:
    assert SCOPE.search_params(rtype, TODAY) == params


def test_a_laptop_profile_keeps_less() -> None:
    laptop = SyncScope(agenda_weeks_back=1, agenda_weeks_ahead=2, observation_months=6)
    assert laptop.search_params("Appointment", TODAY) == [
        ("date", f"ge{TODAY - timedelta(weeks=1)}"),
        ("date", f"le{TODAY + timedelta(weeks=2)}"),
    ]
    assert laptop.search_params("Observation", TODAY) == [("date", "ge2026-05-24")]


# -- wants --------------------------------------------------------------------------


def test_nothing_and_unknown_types_are_not_wanted() -> None:
    assert not SCOPE.wants("Patient", None, TODAY)
    assert not SCOPE.wants("Binary", {"resourceType": "Binary"}, TODAY)
    assert not SCOPE.wants("AuditEvent", {"resourceType": "AuditEvent"}, TODAY)


def test_types_without_a_window_are_always_wanted() -> None:
    assert SCOPE.wants("Patient", {"resourceType": "Patient"}, TODAY)
    assert SCOPE.wants("Flag", {"resourceType": "Flag"}, TODAY)


@pytest.mark.parametrize(
    ("start", "wanted"),
    [
        ("2026-11-23T09:30:00+01:00", True),
        (f"{AGENDA_FROM}T08:00:00+01:00", True),
        (f"{AGENDA_FROM - timedelta(days=1)}T18:00:00+01:00", False),
        (f"{AGENDA_TO}T18:00:00+01:00", True),
        (f"{AGENDA_TO + timedelta(days=1)}T08:00:00+01:00", False),
        (None, True),
        ("not a date", True),
    ],
)
def test_appointments_within_the_agenda_window(start: str | None, wanted: bool) -> None:
    assert SCOPE.wants("Appointment", _appointment(start), TODAY) is wanted


@pytest.mark.parametrize(
    ("when", "wanted"),
    [
        (f"{OBSERVATIONS_FROM}", True),
        (f"{OBSERVATIONS_FROM - timedelta(days=1)}T23:00:00Z", False),
        ("2023", False),
        ("2026-11-23T10:00:00+01:00", True),
    ],
)
def test_observations_within_their_window(when: str, wanted: bool) -> None:
    assert SCOPE.wants("Observation", _observation(when), TODAY) is wanted


def test_an_observation_over_a_period_is_dated_by_its_start() -> None:
    old = {"resourceType": "Observation", "effectivePeriod": {"start": "2020-01-01"}}
    recent = {"resourceType": "Observation", "effectivePeriod": {"start": "2026-01-01"}}
    assert not SCOPE.wants("Observation", old, TODAY)
    assert SCOPE.wants("Observation", recent, TODAY)


def test_media_by_creation_date() -> None:
    assert SCOPE.wants("Media", {"createdDateTime": f"{IMAGES_FROM}T10:00:00Z"}, TODAY)
    assert not SCOPE.wants("Media", {"createdDateTime": "2025-11-22T10:00:00Z"}, TODAY)
    assert SCOPE.wants("Media", {"status": "completed"}, TODAY)


def test_encounters_by_period_start() -> None:
    assert SCOPE.wants("Encounter", {"period": {"start": "2026-11-01"}}, TODAY)
    assert not SCOPE.wants("Encounter", {"period": {"start": "2026-01-01"}}, TODAY)
    assert SCOPE.wants("Encounter", {"status": "planned"}, TODAY)


@pytest.mark.parametrize(
    ("when", "wanted"),
    [
        # The window opens on 22 November 2024: all of 2024, and November, overlap it.
        ("2024", True),
        ("2024-11", True),
        ("2024-10", False),
        ("2023", False),
        ("2025", True),
    ],
)
def test_partial_observation_dates_overlapping_the_window_are_wanted(
    when: str, wanted: bool
) -> None:
    assert SCOPE.wants("Observation", _observation(when), TODAY) is wanted


@pytest.mark.parametrize(
    ("start", "wanted"),
    [
        # The agenda opens on 26 October 2026 and closes on 15 February 2027.
        ("2026-10", True),
        ("2026-09", False),
        ("2027", True),
        ("2027-02", True),
        ("2027-03", False),
        ("2028", False),
    ],
)
def test_partial_appointment_dates_overlapping_the_agenda_are_wanted(
    start: str, wanted: bool
) -> None:
    assert SCOPE.wants("Appointment", _appointment(start), TODAY) is wanted


@pytest.mark.parametrize("when", ["abcd", "20", "2024-13", "2024-02-30", "+123"])
def test_unreadable_dates_are_kept_rather_than_lost(when: str) -> None:
    assert SCOPE.wants("Observation", _observation(when), TODAY)


def _found_by_search(rtype: str, day: date) -> bool:
    """Whether the first sync's ``ge``/``le`` search for ``rtype`` finds a resource of ``day``."""
    for _, bound in SCOPE.search_params(rtype, TODAY):
        limit = date.fromisoformat(bound[2:])
        if (bound.startswith("ge") and day < limit) or (bound.startswith("le") and day > limit):
            return False
    return True


@settings(database=None, deadline=None, max_examples=200)
@given(st.dates(min_value=date(2020, 1, 1), max_value=date(2030, 12, 31)))
def test_wants_agrees_with_the_first_syncs_search(day: date) -> None:
    for rtype, element in (
        ("Appointment", "start"),
        ("Slot", "start"),
        ("Observation", "effectiveDateTime"),
        ("Media", "createdDateTime"),
    ):
        resource = {"resourceType": rtype, element: day.isoformat()}
        assert SCOPE.wants(rtype, resource, TODAY) is _found_by_search(rtype, day)
