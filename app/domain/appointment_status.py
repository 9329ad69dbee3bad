"""Where an appointment stands in the day: the practice's workflow and its FHIR codes.

The workflow is the front desk's: booked → arrived (in the waiting room) → in
consultation → fulfilled; or no-show, or cancelled with a reason. FHIR R4 has no
« in consultation » on Appointment: the appointment is then ``checked-in`` (the
administrative part is done) and its Encounter is ``in-progress``, which is where R4
keeps the consultation itself.
"""

from enum import StrEnum


class AppointmentStatus(StrEnum):
    """The value is the Appointment.status code written to FHIR."""

    BOOKED = "booked"
    ARRIVED = "arrived"
    IN_CONSULTATION = "checked-in"
    FULFILLED = "fulfilled"
    NO_SHOW = "noshow"
    CANCELLED = "cancelled"

    @classmethod
    def from_fhir(cls, code: object) -> "AppointmentStatus":
        """Codes the workflow does not use (proposed, pending, waitlist…) read as booked:
        the slot is held; ``entered-in-error`` reads as cancelled."""
        if code == "entered-in-error":
            return cls.CANCELLED
        try:
            return cls(str(code))
        except ValueError:
            return cls.BOOKED

    @property
    def encounter_status(self) -> str | None:
        """The Encounter.status that goes with it (None: no Encounter, or left as is)."""
        return {
            AppointmentStatus.ARRIVED: "arrived",
            AppointmentStatus.IN_CONSULTATION: "in-progress",
            AppointmentStatus.FULFILLED: "finished",
        }.get(self)

    @property
    def holds_time(self) -> bool:
        """Whether the appointment occupies its time (overlaps count, the slot is busy)."""
        return self not in (AppointmentStatus.CANCELLED, AppointmentStatus.NO_SHOW)

    def can_become(self, other: "AppointmentStatus") -> bool:
        """The transitions the front desk and the practitioner make, mistakes included
        (an arrival recorded for the wrong patient goes back to booked)."""
        return other in _NEXT[self]


_NEXT: dict[AppointmentStatus, frozenset[AppointmentStatus]] = {
    AppointmentStatus.BOOKED: frozenset(
        {
            AppointmentStatus.ARRIVED,
            AppointmentStatus.IN_CONSULTATION,  # a teleconsultation, or straight in
            AppointmentStatus.NO_SHOW,
            AppointmentStatus.CANCELLED,
        }
    ),
    AppointmentStatus.ARRIVED: frozenset(
        {
            AppointmentStatus.BOOKED,
            AppointmentStatus.IN_CONSULTATION,
            AppointmentStatus.CANCELLED,  # left before being seen
        }
    ),
    AppointmentStatus.IN_CONSULTATION: frozenset(
        {AppointmentStatus.FULFILLED, AppointmentStatus.ARRIVED}
    ),
    AppointmentStatus.FULFILLED: frozenset({AppointmentStatus.IN_CONSULTATION}),
    AppointmentStatus.NO_SHOW: frozenset({AppointmentStatus.BOOKED}),
    AppointmentStatus.CANCELLED: frozenset({AppointmentStatus.BOOKED}),
}
