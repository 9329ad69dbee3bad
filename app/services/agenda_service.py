"""The agenda's operations on the store: read a range, book, move, change status, undo.

Every change is one store transaction with its outbox entries and audit entries, and
returns a ChangeSet (DESIGN.md, « Flow of one edit »); it works the same offline. What
the agenda shows is read back from the store, so changes that sync brings appear the
same way as local ones.

- Arrival creates the visit's Encounter (``arrived``; class AMB, or VR for a
  teleconsultation), and the consultation and its end move it on (``in-progress``,
  ``finished``), each step in ``statusHistory`` with its time: the waiting room reads
  how long a patient has waited from there.
- A recurring series is one Appointment per occurrence sharing a series identifier;
  an edit applies to one, this one and the following, or all (:class:`SeriesScope`);
  a move of several keeps each occurrence's date and shifts its time and length.
- Booking from a free Slot marks it busy; moving or cancelling the appointment frees
  it again.
- :meth:`undo` reverts the last change made through this service (one level), by
  writing back what was there before: undo is a change like any other, synced and
  audited.
"""

import uuid
from collections.abc import Callable, Collection
from dataclasses import replace
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from app.audit.audit_entry import AuditAction, AuditRecord
from app.domain.agenda_practitioner import AgendaPractitioner
from app.domain.appointment import SERIES_SYSTEM, Appointment
from app.domain.appointment_status import AppointmentStatus
from app.domain.change_set import ChangeSet
from app.domain.fhir_code import FhirCode
from app.domain.recurrence_rule import RecurrenceRule
from app.domain.series_scope import SeriesScope
from app.services.appointment_draft import AppointmentDraft
from app.services.session import Session
from app.store.encrypted_store import EncryptedStore
from app.store.resource_write import ResourceWrite

FhirJson = dict[str, Any]
PRACTICE_ZONE = ZoneInfo("Europe/Paris")
# Flag.code.text of the patients whose vital signs are followed (the demo's too).
# Stored dates are ISO texts with the offset of their day: a day on each side covers
# any offset, and the exact filter is done on the parsed times.
_MARGIN = timedelta(days=1)


class AgendaError(Exception):
    """A change the agenda refuses (unknown appointment, a transition that makes no
    sense); the message is for the user's log, never carries a patient's name."""


class AgendaService:
    """Acts for ``session``'s practitioner; ``clock`` gives the aware time now."""

    def __init__(
        self,
        store: EncryptedStore,
        session: Session,
        *,
        clock: Callable[[], datetime] | None = None,
        zone: ZoneInfo = PRACTICE_ZONE,
    ) -> None:
        self._store = store
        self._session = session
        self._zone = zone
        self._clock = clock or (lambda: datetime.now(zone))
        # The last change: what each resource it wrote was before (None: it was new).
        self._undo: list[tuple[str, str, FhirJson | None]] = []

    @property
    def zone(self) -> ZoneInfo:
        return self._zone

    def now(self) -> datetime:
        """The aware time now, in the practice's zone (the agenda's now line, the waits)."""
        return self._clock().astimezone(self._zone)

    @property
    def can_undo(self) -> bool:
        return bool(self._undo)

    # -- reading ---------------------------------------------------------------------

    async def appointments(
        self, start: datetime, end: datetime, practitioners: Collection[str] | None = None
    ) -> list[Appointment]:
        """Appointments overlapping ``[start, end)``, by start; only those of
        ``practitioners`` when given. Entries that are not readable as agenda entries
        (no start, no practitioner) are left out."""
        rows = await self._store.by_date("Appointment", _iso(start - _MARGIN), _iso(end + _MARGIN))
        found: list[Appointment] = []
        for row in rows:
            try:
                appointment = Appointment.from_fhir(row)
            except (ValueError, KeyError):
                continue
            if not appointment.overlaps(start, end):
                continue
            if practitioners is not None and appointment.practitioner_ref not in practitioners:
                continue
            found.append(appointment)
        return sorted(found, key=lambda a: (a.start, a.practitioner_ref, a.id))

    async def practitioners(self) -> list[AgendaPractitioner]:
        """Those with an active Schedule, by name: the columns the front desk can show."""
        found: dict[str, AgendaPractitioner] = {}
        for schedule in await self._store.of_type("Schedule"):
            if schedule.get("active") is False:
                continue
            for actor in schedule.get("actor", []):
                ref = actor.get("reference") if isinstance(actor, dict) else None
                if isinstance(ref, str) and ref.startswith("Practitioner/") and ref not in found:
                    name = actor.get("display")
                    found[ref] = AgendaPractitioner(
                        ref, name if isinstance(name, str) else ref, f"Schedule/{schedule['id']}"
                    )
        return sorted(found.values(), key=lambda p: (p.name, p.ref))

    async def free_slots(
        self, start: datetime, end: datetime, practitioners: Collection[AgendaPractitioner]
    ) -> list[tuple[str, datetime, datetime, str]]:
        """Free Slots of those practitioners' Schedules in ``[start, end)``, as
        (practitioner ref, start, end, slot ref)."""
        owner = {p.schedule_ref: p.ref for p in practitioners}
        rows = await self._store.by_date("Slot", _iso(start - _MARGIN), _iso(end + _MARGIN))
        slots: list[tuple[str, datetime, datetime, str]] = []
        for row in rows:
            ref = owner.get(str(row.get("schedule", {}).get("reference")))
            if ref is None or row.get("status") != "free":
                continue
            try:
                slot_start = datetime.fromisoformat(str(row["start"]))
                slot_end = datetime.fromisoformat(str(row["end"]))
            except (KeyError, ValueError):
                continue
            if slot_start.tzinfo is None or not (slot_start < end and start < slot_end):
                continue
            slots.append((ref, slot_start, slot_end, f"Slot/{row['id']}"))
        return sorted(slots, key=lambda s: (s[1], s[0]))

    async def flags(self) -> dict[str, str]:
        """Patients who should stand out in the agenda: ``urgent`` (an active Flag whose
        text says urgent) or ``chronic`` (« Suivi chronique », the vital-signs follow-up)."""
        found: dict[str, str] = {}
        for flag in await self._store.of_type("Flag", 20_000):
            if flag.get("status") != "active":
                continue
            ref = flag.get("subject", {}).get("reference")
            text = str(flag.get("code", {}).get("text") or "").casefold()
            if not isinstance(ref, str) or not ref.startswith("Patient/"):
                continue
            if "urgent" in text:
                found[ref] = "urgent"
            elif text == FhirCode.CHRONIC_FOLLOW_UP.casefold() and found.get(ref) != "urgent":
                found[ref] = "chronic"
        return found

    async def conflicts(
        self,
        practitioner_ref: str,
        start: datetime,
        end: datetime,
        ignore: Collection[str] = (),
    ) -> list[Appointment]:
        """The practitioner's appointments that would overlap ``[start, end)`` (those
        that hold their time: cancelled and missed ones do not)."""
        return [
            a
            for a in await self.appointments(start, end, {practitioner_ref})
            if a.id not in ignore and a.status.holds_time
        ]

    async def waiting_room(self, day: datetime | None = None) -> list[tuple[Appointment, datetime]]:
        """Today's (or ``day``'s) patients who arrived and wait, with their arrival
        time, longest wait first."""
        now = day or self._clock()
        local = now.astimezone(self._zone)
        midnight = local.replace(hour=0, minute=0, second=0, microsecond=0)
        waiting = [
            a
            for a in await self.appointments(midnight, midnight + timedelta(days=1))
            if a.status is AppointmentStatus.ARRIVED
        ]
        result: list[tuple[Appointment, datetime]] = []
        for appointment in waiting:
            encounter = await self._encounter_of(appointment)
            arrived = _arrival(encounter) if encounter is not None else None
            result.append((appointment, arrived or appointment.start))
        return sorted(result, key=lambda pair: pair[1])

    # -- changes ---------------------------------------------------------------------

    async def book(
        self, draft: AppointmentDraft, recurrence: RecurrenceRule | None = None
    ) -> tuple[list[Appointment], ChangeSet]:
        """One appointment, or a series of them; the Slot it came from becomes busy."""
        if draft.end <= draft.start:
            raise AgendaError("an appointment ends after it starts")
        length = draft.end - draft.start
        starts = recurrence.starts(draft.start, self._zone) if recurrence else [draft.start]
        series = str(uuid.uuid4()) if recurrence is not None and recurrence.count > 1 else None
        made = [
            Appointment(
                id=str(uuid.uuid4()),
                start=start,
                end=start + length,
                status=AppointmentStatus.BOOKED,
                practitioner_ref=draft.practitioner_ref,
                practitioner_name=draft.practitioner_name,
                patient_ref=draft.patient_ref,
                patient_name=draft.patient_name,
                reason=draft.reason.strip(),
                note=draft.note.strip(),
                teleconsultation=draft.teleconsultation,
                series_id=series,
                slot_ref=draft.slot_ref if n == 0 else None,
            )
            for n, start in enumerate(starts)
        ]
        writes = [ResourceWrite("Appointment", a.id, a.apply(None)) for a in made]
        audits = [self._session.record_create(a.ref) for a in made]
        if draft.slot_ref is not None:
            slot = await self._slot_write(draft.slot_ref, "busy")
            if slot is not None:
                writes.append(slot)
                audits.append(self._session.record(AuditAction.UPDATE, slot.ref))
        return made, await self._commit(writes, audits)

    async def reschedule(
        self,
        appointment_id: str,
        start: datetime,
        end: datetime,
        practitioner: tuple[str, str] | None = None,
        scope: SeriesScope = SeriesScope.ONE,
    ) -> ChangeSet:
        """Moved (to another day or practitioner) or resized. With a series scope, the
        others move by as many days as this one (every Monday dragged to a Tuesday makes
        every Tuesday) and take its new time of day (wall clock, across DST) and length."""
        if end <= start:
            raise AgendaError("an appointment ends after it starts")
        target = await self._appointment(appointment_id)
        members = await self._scope(target, scope)
        shift_time = start.astimezone(self._zone).time()
        shift_days = (
            start.astimezone(self._zone).date() - target.start.astimezone(self._zone).date()
        )
        length = end - start
        writes: list[ResourceWrite] = []
        for base, member in members:
            if member.id == target.id:
                new_start, new_end = start, end
            else:
                local_day = member.start.astimezone(self._zone).date() + shift_days
                new_start = datetime.combine(local_day, shift_time, self._zone)
                new_end = new_start + length
            moved = replace(member, start=new_start, end=new_end)
            if practitioner is not None:
                moved = replace(
                    moved, practitioner_ref=practitioner[0], practitioner_name=practitioner[1]
                )
            if moved.slot_ref is not None and (
                moved.start != member.start or moved.practitioner_ref != member.practitioner_ref
            ):
                freed = await self._slot_write(moved.slot_ref, "free")
                if freed is not None:
                    writes.append(freed)
                moved = replace(moved, slot_ref=None)
            writes.append(ResourceWrite("Appointment", moved.id, moved.apply(base), base))
        return await self._commit(writes, self._updates(writes))

    async def set_status(
        self, appointment_id: str, status: AppointmentStatus, reason: str = ""
    ) -> ChangeSet:
        """One step of the workflow; arrival opens the Encounter, the consultation and
        its end move it on. Cancelling frees the Slot and keeps the reason given."""
        base = await self._store.read("Appointment", appointment_id)
        if base is None:
            raise AgendaError("no such appointment")
        current = Appointment.from_fhir(base)
        if current.status is status:
            return ChangeSet()
        if not current.status.can_become(status):
            raise AgendaError(f"{current.status.value} cannot become {status.value}")
        changed = replace(
            current,
            status=status,
            cancel_reason=reason.strip() if status is AppointmentStatus.CANCELLED else "",
        )
        writes: list[ResourceWrite] = []
        if not status.holds_time and changed.slot_ref is not None:
            freed = await self._slot_write(changed.slot_ref, "free")
            if freed is not None:
                writes.append(freed)
            changed = replace(changed, slot_ref=None)
        writes.append(ResourceWrite("Appointment", changed.id, changed.apply(base), base))
        encounter = await self._encounter_write(changed)
        audits = self._updates(writes)
        if encounter is not None:
            writes.append(encounter[0])
            audits.append(self._session.record(encounter[1], encounter[0].ref))
        return await self._commit(writes, audits)

    async def edit(
        self,
        appointment_id: str,
        *,
        reason: str,
        note: str,
        teleconsultation: bool,
        minutes: int | None = None,
        scope: SeriesScope = SeriesScope.ONE,
    ) -> ChangeSet:
        """The reason, the note, the kind (in person or teleconsultation) and, with
        ``minutes``, the length (each one keeps its start), in one change."""
        if minutes is not None and minutes <= 0:
            raise AgendaError("an appointment ends after it starts")
        target = await self._appointment(appointment_id)
        writes = [
            ResourceWrite(
                "Appointment",
                member.id,
                replace(
                    member,
                    reason=reason.strip(),
                    note=note.strip(),
                    teleconsultation=teleconsultation,
                    end=member.end
                    if minutes is None
                    else member.start + timedelta(minutes=minutes),
                ).apply(base),
                base,
            )
            for base, member in await self._scope(target, scope)
        ]
        return await self._commit(writes, self._updates(writes))

    async def cancel_series(
        self, appointment_id: str, reason: str, scope: SeriesScope = SeriesScope.FOLLOWING
    ) -> ChangeSet:
        """Cancel one, the following or all of a series (those still booked)."""
        target = await self._appointment(appointment_id)
        writes: list[ResourceWrite] = []
        for base, member in await self._scope(target, scope):
            if not member.status.can_become(AppointmentStatus.CANCELLED):
                continue
            cancelled = replace(
                member, status=AppointmentStatus.CANCELLED, cancel_reason=reason.strip()
            )
            writes.append(ResourceWrite("Appointment", member.id, cancelled.apply(base), base))
        return await self._commit(writes, self._updates(writes))

    async def undo(self) -> ChangeSet:
        """Put back what the last change replaced (one level); an empty ChangeSet when
        there is nothing to undo."""
        previous, self._undo = self._undo, []
        if not previous:
            return ChangeSet()
        writes = [ResourceWrite(rtype, rid, before) for rtype, rid, before in previous]
        audits = [
            self._session.record(
                AuditAction.DELETE if w.json is None else AuditAction.UPDATE, w.ref
            )
            for w in writes
        ]
        return await self._store.commit(writes, audits)

    # -- inside ----------------------------------------------------------------------

    async def _commit(self, writes: list[ResourceWrite], audits: list[AuditRecord]) -> ChangeSet:
        if not writes:
            return ChangeSet()
        # Every write here carries what the store held as its base, read just before
        # (None for a new resource): that is what an undo puts back.
        changes = await self._store.commit(writes, audits)
        self._undo = [(w.type, w.id, w.base) for w in writes]
        return changes

    def _updates(self, writes: list[ResourceWrite]) -> list[AuditRecord]:
        return [self._session.record(AuditAction.UPDATE, w.ref) for w in writes]

    async def appointment(self, appointment_id: str) -> Appointment | None:
        """The appointment as stored now (None: there is no such one)."""
        try:
            return await self._appointment(appointment_id)
        except AgendaError:
            return None

    async def _appointment(self, appointment_id: str) -> Appointment:
        base = await self._store.read("Appointment", appointment_id)
        if base is None:
            raise AgendaError("no such appointment")
        return Appointment.from_fhir(base)

    async def _scope(
        self, target: Appointment, scope: SeriesScope
    ) -> list[tuple[FhirJson, Appointment]]:
        """(stored JSON, appointment) for each appointment the edit applies to."""
        rows: list[FhirJson | None]
        if target.series_id is None or scope is SeriesScope.ONE:
            rows = [await self._store.read("Appointment", target.id)]
        else:
            found = await self._store.with_identifier(
                "Appointment", SERIES_SYSTEM, target.series_id
            )
            rows = list(found)
        members: list[tuple[FhirJson, Appointment]] = []
        for row in rows:
            if row is None:
                continue
            member = Appointment.from_fhir(row)
            if scope is SeriesScope.FOLLOWING and member.start < target.start:
                continue
            members.append((row, member))
        return members

    async def _slot_write(self, slot_ref: str, status: str) -> ResourceWrite | None:
        rtype, _, rid = slot_ref.partition("/")
        if rtype != "Slot":
            return None
        slot = await self._store.read("Slot", rid)
        if slot is None or slot.get("status") == status:
            return None
        return ResourceWrite("Slot", rid, {**slot, "status": status}, slot)

    async def _encounter_of(self, appointment: Appointment) -> FhirJson | None:
        if appointment.patient_ref is None:
            return None
        for encounter in await self._store.by_patient("Encounter", appointment.patient_ref):
            refs = [a.get("reference") for a in encounter.get("appointment", [])]
            if appointment.ref in refs:
                return encounter
        return None

    async def _encounter_write(
        self, appointment: Appointment
    ) -> tuple[ResourceWrite, AuditAction] | None:
        """The visit's Encounter after a status change (created at the first step that
        needs one), or None when the status has none."""
        wanted = appointment.status.encounter_status
        if wanted is None or appointment.patient_ref is None:
            return None
        now = _iso(self._clock())
        existing = await self._encounter_of(appointment)
        if existing is None:
            encounter: FhirJson = {
                "resourceType": "Encounter",
                "id": str(uuid.uuid4()),
                "status": wanted,
                "class": {
                    "system": FhirCode.ACT_CODE,
                    "code": "VR" if appointment.teleconsultation else "AMB",
                    "display": "virtual" if appointment.teleconsultation else "ambulatory",
                },
                "subject": {"reference": appointment.patient_ref},
                "participant": [{"individual": {"reference": appointment.practitioner_ref}}],
                "appointment": [{"reference": appointment.ref}],
                "period": {"start": now},
                "statusHistory": [],
            }
            action = AuditAction.CREATE
        else:
            encounter = {**existing, "status": wanted}
            action = AuditAction.UPDATE
        history = [dict(h) for h in encounter.get("statusHistory", [])]
        if history and "end" not in history[-1].get("period", {}):
            history[-1] = {**history[-1], "period": {**history[-1]["period"], "end": now}}
        history.append({"status": wanted, "period": {"start": now}})
        encounter["statusHistory"] = history
        if wanted == "finished":
            encounter["period"] = {**encounter.get("period", {}), "end": now}
            # Encounter.length: the time actually spent in consultation (the call's
            # duration for a teleconsultation), not the wait before it.
            minutes = round(_seconds_in(history, "in-progress") / 60)
            encounter["length"] = {
                "value": minutes,
                "unit": "min",
                "system": "http://unitsofmeasure.org",
                "code": "min",
            }
        return ResourceWrite("Encounter", str(encounter["id"]), encounter, existing), action


def _seconds_in(history: list[FhirJson], status: str) -> float:
    """The time the statusHistory spent in ``status`` (closed periods only)."""
    total = 0.0
    for entry in history:
        period = entry.get("period", {})
        if entry.get("status") != status or "end" not in period:
            continue
        try:
            total += (
                datetime.fromisoformat(period["end"]) - datetime.fromisoformat(period["start"])
            ).total_seconds()
        except (KeyError, TypeError, ValueError):
            continue
    return total


def _iso(moment: datetime) -> str:
    return moment.isoformat(timespec="seconds")


def _arrival(encounter: FhirJson) -> datetime | None:
    """When the patient was last recorded as arrived (the waiting room's clock)."""
    for entry in reversed(encounter.get("statusHistory", [])):
        if isinstance(entry, dict) and entry.get("status") == "arrived":
            start = entry.get("period", {}).get("start")
            if isinstance(start, str):
                try:
                    return datetime.fromisoformat(start)
                except ValueError:
                    return None
    return None
