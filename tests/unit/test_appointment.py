"""The agenda's domain: FHIR statuses read back, recurrence bounds, appointments parsed."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from app.domain.appointment import Appointment
from app.domain.appointment_status import AppointmentStatus as S
from app.domain.recurrence_rule import RecurrenceRule

PARIS = ZoneInfo("Europe/Paris")


@pytest.mark.parametrize(
    ("code", "status"),
    [
        ("booked", S.BOOKED),
        ("arrived", S.ARRIVED),
        ("checked-in", S.IN_CONSULTATION),
        ("fulfilled", S.FULFILLED),
        ("noshow", S.NO_SHOW),
        ("cancelled", S.CANCELLED),
        ("entered-in-error", S.CANCELLED),
        ("proposed", S.BOOKED),
        ("waitlist", S.BOOKED),
        (None, S.BOOKED),
    ],
)
def test_every_fhir_code_reads_as_a_workflow_status(code: object, status: S) -> None:
    assert S.from_fhir(code) is status


def test_only_cancelled_and_missed_free_their_time() -> None:
    assert {s for s in S if not s.holds_time} == {S.CANCELLED, S.NO_SHOW}


@pytest.mark.parametrize(("interval", "count"), [(0, 3), (53, 3), (1, 0), (1, 105)])
def test_a_recurrence_out_of_bounds_is_refused(interval: int, count: int) -> None:
    with pytest.raises(ValueError, match=r"interval|series"):
        RecurrenceRule(interval, count)


def test_every_other_monday_keeps_its_wall_clock_time() -> None:
    first = datetime(2027, 3, 15, 8, 30, tzinfo=PARIS)
    starts = RecurrenceRule(interval_weeks=2, count=3).starts(first, PARIS)
    assert [s.isoformat() for s in starts] == [
        "2027-03-15T08:30:00+01:00",
        "2027-03-29T08:30:00+02:00",
        "2027-04-12T08:30:00+02:00",
    ]


@pytest.mark.parametrize(
    "broken",
    [
        {"start": "2026-12-07T09:00:00+01:00"},
        {"start": "2026-12-07T09:00:00", "end": "2026-12-07T09:20:00"},
        {"start": "2026-12-07T09:20:00+01:00", "end": "2026-12-07T09:00:00+01:00"},
        {"start": "hier", "end": "2026-12-07T09:20:00+01:00"},
    ],
)
def test_an_appointment_without_a_proper_time_is_not_an_agenda_entry(
    broken: dict[str, str],
) -> None:
    res = {
        "resourceType": "Appointment",
        "id": "a",
        "status": "booked",
        "participant": [{"actor": {"reference": "Practitioner/x"}, "status": "accepted"}],
        **broken,
    }
    with pytest.raises(ValueError, match="start"):
        Appointment.from_fhir(res)
