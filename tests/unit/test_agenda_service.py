"""AgendaService over the real encrypted store: booking, moves, series, the workflow, undo.

Each change is checked where it lands: the Appointment (and Encounter, Slot) in the
store, valid FHIR R4, its outbox entry for sync and its audit entry.
"""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from app.audit.audit_entry import AuditAction
from app.demo.demo_generator import DemoGenerator
from app.domain.appointment import SERIES_SYSTEM, Appointment
from app.domain.appointment_status import AppointmentStatus as S
from app.domain.recurrence_rule import RecurrenceRule
from app.domain.series_scope import SeriesScope
from app.services.agenda_service import AgendaError, AgendaService
from app.services.appointment_draft import AppointmentDraft
from app.services.session import Session
from app.store.encrypted_store import EncryptedStore
from app.store.resource_write import ResourceWrite
from tests.helpers.fhir_r4 import assert_valid_r4
from tests.helpers.keyring_fixtures import keyring_path
from tests.helpers.store_fixtures import store

__all__ = ["keyring_path", "store"]

pytestmark = pytest.mark.asyncio

PARIS = ZoneInfo("Europe/Paris")
DR_A = ("Practitioner/dr-a", "Dr Claire Lefèvre")
DR_B = ("Practitioner/dr-b", "Dr Paul Martin")
PATIENT = ("Patient/p-1", "Jeanne DURAND")
SESSION = Session(DR_A[0], DR_A[1], "poste-1")
# Monday 7 December 2026, 9:00 in Paris (winter time, +01:00).
MONDAY_9 = datetime(2026, 12, 7, 9, 0, tzinfo=PARIS)


class Clock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


def draft(start: datetime = MONDAY_9, minutes: int = 20, **kwargs: object) -> AppointmentDraft:
    values: dict[str, object] = {
        "start": start,
        "end": start + timedelta(minutes=minutes),
        "practitioner_ref": DR_A[0],
        "practitioner_name": DR_A[1],
        "patient_ref": PATIENT[0],
        "patient_name": PATIENT[1],
        "reason": "Renouvellement d'ordonnance",
    }
    values.update(kwargs)
    return AppointmentDraft(**values)  # type: ignore[arg-type]


def agenda(store: EncryptedStore, clock: Clock | None = None) -> AgendaService:
    return AgendaService(store, SESSION, clock=clock or Clock(MONDAY_9))


async def stored(store: EncryptedStore, appointment_id: str) -> Appointment:
    res = await store.read("Appointment", appointment_id)
    assert res is not None
    assert_valid_r4(res)
    return Appointment.from_fhir(res)


async def pending(store: EncryptedStore) -> set[str]:
    return {c.ref for c in await store.with_ledger(lambda ledger: ledger.pending())}


async def audited(store: EncryptedStore) -> list[tuple[str, str]]:
    return [(e.action, e.entity) for e in await store.audit_entries()]


async def test_booking_writes_a_valid_appointment_its_outbox_entry_and_its_audit(
    store: EncryptedStore,
) -> None:
    service = agenda(store)
    (made,), changes = await service.book(draft(note="  à jeun  ", teleconsultation=True))
    assert changes.touches("Appointment")
    back = await stored(store, made.id)
    assert (back.start, back.end, back.minutes) == (MONDAY_9, MONDAY_9 + timedelta(minutes=20), 20)
    assert back.status is S.BOOKED and back.teleconsultation and back.note == "à jeun"
    assert (back.patient_ref, back.practitioner_ref) == (PATIENT[0], DR_A[0])
    res = await store.read("Appointment", made.id)
    assert res is not None and res["start"] == "2026-12-07T09:00:00+01:00"
    assert await pending(store) == {made.ref}
    assert (AuditAction.CREATE, made.ref) in await audited(store)
    week = await service.appointments(MONDAY_9 - timedelta(hours=9), MONDAY_9 + timedelta(days=7))
    assert [a.id for a in week] == [made.id]


async def test_a_drag_to_wednesday_afternoon_moves_start_and_end(store: EncryptedStore) -> None:
    service = agenda(store)
    (made,), _ = await service.book(draft())
    wednesday = datetime(2026, 12, 9, 14, 30, tzinfo=PARIS)
    await service.reschedule(made.id, wednesday, wednesday + timedelta(minutes=20))
    moved = await stored(store, made.id)
    assert (moved.start, moved.end) == (wednesday, wednesday + timedelta(minutes=20))
    assert await pending(store) == {made.ref}
    assert (AuditAction.UPDATE, made.ref) in await audited(store)
    monday = await service.appointments(MONDAY_9, MONDAY_9 + timedelta(hours=8))
    assert monday == []


async def test_resize_and_move_to_another_practitioner(store: EncryptedStore) -> None:
    service = agenda(store)
    (made,), _ = await service.book(draft())
    await service.reschedule(made.id, MONDAY_9, MONDAY_9 + timedelta(minutes=45), DR_B)
    moved = await stored(store, made.id)
    assert moved.minutes == 45
    assert (moved.practitioner_ref, moved.practitioner_name) == DR_B
    assert await service.appointments(MONDAY_9, MONDAY_9 + timedelta(hours=1), {DR_A[0]}) == []
    with pytest.raises(AgendaError):
        await service.reschedule(made.id, MONDAY_9, MONDAY_9)


async def test_overlaps_are_found_but_not_with_cancelled_or_itself(store: EncryptedStore) -> None:
    service = agenda(store)
    (first,), _ = await service.book(draft())
    (second,), _ = await service.book(draft(MONDAY_9 + timedelta(minutes=30)))
    clash = await service.conflicts(
        DR_A[0], MONDAY_9 + timedelta(minutes=10), MONDAY_9 + timedelta(minutes=40)
    )
    assert {a.id for a in clash} == {first.id, second.id}
    assert await service.conflicts(DR_B[0], MONDAY_9, MONDAY_9 + timedelta(hours=1)) == []
    assert [
        a.id
        for a in await service.conflicts(
            DR_A[0], MONDAY_9, MONDAY_9 + timedelta(minutes=20), ignore={first.id}
        )
    ] == []
    await service.set_status(second.id, S.CANCELLED, "Empêchement")
    clash = await service.conflicts(DR_A[0], MONDAY_9, MONDAY_9 + timedelta(hours=1))
    assert [a.id for a in clash] == [first.id]


async def test_the_whole_workflow_with_its_encounter(store: EncryptedStore) -> None:
    clock = Clock(MONDAY_9 - timedelta(minutes=5))
    service = agenda(store, clock)
    (made,), _ = await service.book(draft())

    await service.set_status(made.id, S.ARRIVED)
    (encounter,) = await store.by_patient("Encounter", PATIENT[0])
    assert_valid_r4(encounter)
    assert encounter["status"] == "arrived" and encounter["class"]["code"] == "AMB"
    assert encounter["appointment"] == [{"reference": made.ref}]
    assert (AuditAction.CREATE, f"Encounter/{encounter['id']}") in await audited(store)

    clock.now = MONDAY_9 + timedelta(minutes=7)
    await service.set_status(made.id, S.IN_CONSULTATION)
    clock.now = MONDAY_9 + timedelta(minutes=25)
    await service.set_status(made.id, S.FULFILLED)
    assert (await stored(store, made.id)).status is S.FULFILLED
    res = await store.read("Appointment", made.id)
    assert res is not None and res["status"] == "fulfilled"
    (encounter,) = await store.by_patient("Encounter", PATIENT[0])
    assert_valid_r4(encounter)
    assert encounter["status"] == "finished"
    assert [h["status"] for h in encounter["statusHistory"]] == [
        "arrived",
        "in-progress",
        "finished",
    ]
    # Each step's period ends when the next begins: the wait and the visit can be read.
    arrived, consulting, _ = encounter["statusHistory"]
    assert arrived["period"] == {
        "start": "2026-12-07T08:55:00+01:00",
        "end": "2026-12-07T09:07:00+01:00",
    }
    assert consulting["period"]["end"] == "2026-12-07T09:25:00+01:00"
    assert encounter["period"] == {
        "start": "2026-12-07T08:55:00+01:00",
        "end": "2026-12-07T09:25:00+01:00",
    }
    # The time in consultation (9:07 to 9:25), not the wait: a call's duration.
    assert encounter["length"] == {
        "value": 18,
        "unit": "min",
        "system": "http://unitsofmeasure.org",
        "code": "min",
    }


@pytest.mark.parametrize(
    ("path", "codes"),
    [
        ([S.NO_SHOW, S.BOOKED], ["noshow", "booked"]),
        ([S.CANCELLED, S.BOOKED], ["cancelled", "booked"]),
        ([S.ARRIVED, S.BOOKED], ["arrived", "booked"]),
        ([S.ARRIVED, S.CANCELLED], ["arrived", "cancelled"]),
        ([S.IN_CONSULTATION, S.ARRIVED], ["checked-in", "arrived"]),
        (
            [S.IN_CONSULTATION, S.FULFILLED, S.IN_CONSULTATION],
            ["checked-in", "fulfilled", "checked-in"],
        ),
    ],
)
async def test_each_transition_writes_its_fhir_code(
    store: EncryptedStore, path: list[S], codes: list[str]
) -> None:
    service = agenda(store)
    (made,), _ = await service.book(draft())
    for status, code in zip(path, codes, strict=True):
        await service.set_status(made.id, status, "Grève des transports")
        res = await store.read("Appointment", made.id)
        assert res is not None
        assert_valid_r4(res)
        assert res["status"] == code
        assert ("cancelationReason" in res) == (status is S.CANCELLED)


@pytest.mark.parametrize(
    ("before", "after"),
    [(S.BOOKED, S.FULFILLED), (S.NO_SHOW, S.ARRIVED), (S.CANCELLED, S.FULFILLED)],
)
async def test_a_transition_that_makes_no_sense_is_refused(
    store: EncryptedStore, before: S, after: S
) -> None:
    service = agenda(store)
    (made,), _ = await service.book(draft())
    if before is not S.BOOKED:
        await service.set_status(made.id, before)
    with pytest.raises(AgendaError):
        await service.set_status(made.id, after)
    assert (await stored(store, made.id)).status is before


async def test_the_waiting_room_longest_wait_first(store: EncryptedStore) -> None:
    clock = Clock(MONDAY_9)
    service = agenda(store, clock)
    (early,), _ = await service.book(draft(MONDAY_9))
    (late,), _ = await service.book(
        draft(MONDAY_9 + timedelta(minutes=20), patient_ref="Patient/p-2")
    )
    (absent,), _ = await service.book(
        draft(MONDAY_9 + timedelta(minutes=40), patient_ref="Patient/p-3")
    )
    clock.now = MONDAY_9 + timedelta(minutes=2)
    await service.set_status(late.id, S.ARRIVED)
    clock.now = MONDAY_9 + timedelta(minutes=4)
    await service.set_status(early.id, S.ARRIVED)
    room = await service.waiting_room()
    assert [(a.id, t) for a, t in room] == [
        (late.id, MONDAY_9 + timedelta(minutes=2)),
        (early.id, MONDAY_9 + timedelta(minutes=4)),
    ]
    await service.set_status(late.id, S.IN_CONSULTATION)
    assert [a.id for a, _ in await service.waiting_room()] == [early.id]
    assert absent.id not in [a.id for a, _ in room]


async def test_a_weekly_series_edited_this_and_following(store: EncryptedStore) -> None:
    service = agenda(store)
    made, _ = await service.book(draft(), RecurrenceRule(interval_weeks=1, count=10))
    assert len(made) == 10 and len({a.series_id for a in made}) == 1
    assert [a.start.date().isoformat() for a in made[:2]] == ["2026-12-07", "2026-12-14"]
    # The fourth, moved to 10:30 and 30 minutes, with those after it.
    fourth = made[3]
    new_start = fourth.start.replace(hour=10, minute=30)
    await service.reschedule(
        fourth.id, new_start, new_start + timedelta(minutes=30), scope=SeriesScope.FOLLOWING
    )
    after = [await stored(store, a.id) for a in made]
    assert all(a.start.hour == 9 and a.minutes == 20 for a in after[:3])
    assert all((a.start.hour, a.start.minute, a.minutes) == (10, 30, 30) for a in after[3:])
    assert [a.start.date() for a in after] == [a.start.date() for a in made]
    # Across the change to summer time (29 March 2027) the wall-clock time holds.
    summer = await service.book(
        draft(datetime(2027, 3, 22, 9, 0, tzinfo=PARIS)), RecurrenceRule(interval_weeks=1, count=2)
    )
    res = await store.read("Appointment", summer[0][1].id)
    assert res is not None and res["start"] == "2027-03-29T09:00:00+02:00"
    # All of them: the reason.
    await service.edit(
        made[5].id, reason="Suivi tension", note="", teleconsultation=False, scope=SeriesScope.ALL
    )
    assert {(await stored(store, a.id)).reason for a in made} == {"Suivi tension"}
    # One only: cancelled, the others still booked.
    await service.cancel_series(made[9].id, "Vacances", SeriesScope.ONE)
    statuses = [(await stored(store, a.id)).status for a in made]
    assert statuses == [S.BOOKED] * 9 + [S.CANCELLED]
    series_ids = await store.with_identifier("Appointment", SERIES_SYSTEM, str(made[0].series_id))
    assert len(series_ids) == 10


async def test_booking_a_slot_makes_it_busy_and_cancelling_frees_it(store: EncryptedStore) -> None:
    slot = {
        "resourceType": "Slot",
        "id": "slot-1",
        "schedule": {"reference": "Schedule/s-a"},
        "status": "free",
        "start": "2026-12-07T09:00:00+01:00",
        "end": "2026-12-07T09:20:00+01:00",
    }
    await store.commit([ResourceWrite("Slot", "slot-1", slot)], [], to_outbox=False)
    service = agenda(store)
    (made,), _ = await service.book(draft(slot_ref="Slot/slot-1"))
    booked_slot = await store.read("Slot", "slot-1")
    assert booked_slot is not None and booked_slot["status"] == "busy"
    assert (await stored(store, made.id)).slot_ref == "Slot/slot-1"
    await service.set_status(made.id, S.CANCELLED, "Le patient a appelé")
    freed = await store.read("Slot", "slot-1")
    assert freed is not None and freed["status"] == "free"
    assert (await stored(store, made.id)).cancel_reason == "Le patient a appelé"


async def test_undo_puts_back_the_last_change_and_only_once(store: EncryptedStore) -> None:
    service = agenda(store)
    (made,), _ = await service.book(draft())
    wednesday = datetime(2026, 12, 9, 14, 30, tzinfo=PARIS)
    await service.reschedule(made.id, wednesday, wednesday + timedelta(minutes=20))
    undoable = service.can_undo
    changes = await service.undo()
    assert undoable and changes.touches("Appointment")
    assert (await stored(store, made.id)).start == MONDAY_9
    assert service.can_undo is False
    assert not await service.undo()
    # Undoing a booking removes it (a delete, synced and audited like any change).
    (other,), _ = await service.book(draft(MONDAY_9 + timedelta(hours=1)))
    await service.undo()
    assert await store.read("Appointment", other.id) is None
    assert (AuditAction.DELETE, other.ref) in await audited(store)


async def test_what_other_systems_wrote_survives_an_edit(store: EncryptedStore) -> None:
    foreign = {
        "resourceType": "Appointment",
        "id": "from-elsewhere",
        "status": "booked",
        "start": "2026-12-07T11:00:00+01:00",
        "end": "2026-12-07T11:15:00+01:00",
        "priority": 5,
        "participant": [
            {"actor": {"reference": "Patient/p-9", "display": "Luc PETIT"}, "status": "accepted"},
            {"actor": {"reference": "Practitioner/dr-a"}, "status": "accepted"},
            {"actor": {"reference": "Location/salle-2"}, "status": "accepted"},
        ],
    }
    await store.commit(
        [ResourceWrite("Appointment", "from-elsewhere", foreign)], [], to_outbox=False
    )
    service = agenda(store)
    start = datetime(2026, 12, 7, 11, 30, tzinfo=PARIS)
    await service.reschedule("from-elsewhere", start, start + timedelta(minutes=15))
    res = await store.read("Appointment", "from-elsewhere")
    assert res is not None
    assert_valid_r4(res)
    assert res["priority"] == 5
    refs = [p["actor"]["reference"] for p in res["participant"]]
    assert refs == ["Patient/p-9", "Practitioner/dr-a", "Location/salle-2"]
    assert (await stored(store, "from-elsewhere")).patient_name == "Luc PETIT"


async def test_unreadable_entries_are_left_out_of_the_agenda(store: EncryptedStore) -> None:
    broken = {
        "resourceType": "Appointment",
        "id": "no-practitioner",
        "status": "booked",
        "start": "2026-12-07T10:00:00+01:00",
        "end": "2026-12-07T10:15:00+01:00",
        "participant": [{"actor": {"reference": "Patient/p-1"}, "status": "accepted"}],
    }
    await store.commit(
        [ResourceWrite("Appointment", "no-practitioner", broken)], [], to_outbox=False
    )
    service = agenda(store)
    (made,), _ = await service.book(draft())
    day = await service.appointments(MONDAY_9 - timedelta(hours=9), MONDAY_9 + timedelta(hours=15))
    assert [a.id for a in day] == [made.id]


async def test_the_demo_practice_agenda_reads_back(store: EncryptedStore) -> None:
    """The demo's Schedules, Slots and Appointments as the agenda sees them."""
    monday = MONDAY_9.date()
    await store.commit(DemoGenerator(2026, today=monday).resources(), [], to_outbox=False)
    service = agenda(store)
    people = await service.practitioners()
    assert len(people) == 3 and all(p.ref.startswith("Practitioner/") and p.name for p in people)
    week_start = datetime.combine(monday, datetime.min.time(), PARIS)
    week_end = week_start + timedelta(days=7)
    booked = await service.appointments(week_start, week_end)
    free = await service.free_slots(week_start, week_end, people)
    assert len(booked) > 100 and len(free) > 20
    assert {a.practitioner_ref for a in booked} == {p.ref for p in people}
    # A free slot is free: no appointment holding time overlaps it.
    for ref, start, end, _slot in free:
        assert not [
            a
            for a in booked
            if a.practitioner_ref == ref and a.status.holds_time and a.overlaps(start, end)
        ]
    only_first = await service.free_slots(week_start, week_end, people[:1])
    assert {ref for ref, *_ in only_first} == {people[0].ref}


async def test_flagged_patients_stand_out(store: EncryptedStore) -> None:
    def flag(fid: str, patient: str, text: str, status: str = "active") -> ResourceWrite:
        res = {
            "resourceType": "Flag",
            "id": fid,
            "status": status,
            "code": {"text": text},
            "subject": {"reference": patient},
        }
        return ResourceWrite("Flag", fid, res)

    await store.commit(
        [
            flag("f1", "Patient/p-1", "Suivi chronique"),
            flag("f2", "Patient/p-2", "Suivi chronique"),
            flag("f3", "Patient/p-2", "Urgent : résultats à voir"),
            flag("f4", "Patient/p-3", "Suivi chronique", status="inactive"),
        ],
        [],
        to_outbox=False,
    )
    assert await agenda(store).flags() == {"Patient/p-1": "chronic", "Patient/p-2": "urgent"}
