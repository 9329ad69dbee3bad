"""The synthetic demo profile: deterministic, coherent identities, valid FHIR R4, real PNGs."""

import base64
import itertools
import json
import struct
import subprocess
import sys
import uuid
import zlib
from collections import Counter
from collections.abc import Iterator
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

import pytest

from app.demo.demo_generator import DemoGenerator
from app.demo.fhir_terms import FhirTerms
from app.demo.paris_clock import ParisClock
from app.demo.png_encoder import PngEncoder
from app.domain.identifier_system import IdentifierSystem
from app.domain.nir import Nir
from app.domain.patient import Patient
from app.services.patient_draft import PatientDraft
from app.store.resource_write import ResourceWrite
from tests.helpers.fhir_r4 import assert_valid_r4

TODAY = date(2026, 5, 13)  # a Wednesday, in summer time
MONDAY = date(2026, 5, 11)
ROOT = Path(__file__).resolve().parents[2]
VITAL_CODES = {"85354-9", "8867-4", "59408-5", "29463-7", "15074-8"}
UCUM_OF = {"8480-6": "mm[Hg]", "8462-4": "mm[Hg]", "8867-4": "/min", "59408-5": "%"}
UCUM_OF |= {"29463-7": "kg", "15074-8": "mmol/L"}

Json = dict[str, Any]


@pytest.fixture(scope="module")
def writes() -> list[ResourceWrite]:
    return DemoGenerator(today=TODAY).resources()


@pytest.fixture(scope="module")
def by_type(writes: list[ResourceWrite]) -> dict[str, list[Json]]:
    out: dict[str, list[Json]] = {}
    for w in writes:
        assert w.json is not None
        out.setdefault(w.type, []).append(w.json)
    return out


def dump(writes: list[ResourceWrite]) -> str:
    return json.dumps([(w.type, w.id, w.json) for w in writes], ensure_ascii=False)


def references(node: Any) -> Iterator[str]:
    """Every ``reference`` string anywhere in a resource."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "reference" and isinstance(value, str):
                yield value
            else:
                yield from references(value)
    elif isinstance(node, list):
        for item in node:
            yield from references(item)


def crc32(data: bytes) -> int:
    """CRC-32 as the PNG specification defines it, computed here without zlib."""
    crc = 0xFFFFFFFF
    for byte in data:
        crc ^= byte
        for _ in range(8):
            crc = (crc >> 1) ^ (0xEDB88320 if crc & 1 else 0)
    return crc ^ 0xFFFFFFFF


def png_chunks(png: bytes) -> list[tuple[bytes, bytes]]:
    """(type, data) of each chunk, checking every length and CRC on the way."""
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    chunks = []
    pos = 8
    while pos < len(png):
        (length,) = struct.unpack(">I", png[pos : pos + 4])
        kind = png[pos + 4 : pos + 8]
        data = png[pos + 8 : pos + 8 + length]
        (crc,) = struct.unpack(">I", png[pos + 8 + length : pos + 12 + length])
        assert crc == crc32(kind + data), kind
        chunks.append((kind, data))
        pos += 12 + length
    assert pos == len(png)
    return chunks


def test_same_seed_and_day_give_identical_bytes(writes: list[ResourceWrite]) -> None:
    again = DemoGenerator(2026, today=TODAY).resources()
    assert dump(again) == dump(writes)


def test_another_seed_gives_other_data(writes: list[ResourceWrite]) -> None:
    other = DemoGenerator(7, today=TODAY).resources()
    assert {w.id for w in other}.isdisjoint({w.id for w in writes})
    assert dump(other) != dump(writes)


def test_order_puts_referenced_resources_first(writes: list[ResourceWrite]) -> None:
    types = [w.type for w in writes]
    head = ["Organization"] + ["Practitioner"] * 3 + ["PractitionerRole"] * 3 + ["Schedule"] * 3
    assert types[:10] == head
    patients_end = max(i for i, t in enumerate(types) if t == "Patient")
    assert set(types[10 : patients_end + 1]) == {"Patient"}
    assert max(i for i, t in enumerate(types) if t == "Binary") < min(
        i for i, t in enumerate(types) if t == "Media"
    )
    assert patients_end < min(i for i, t in enumerate(types) if t == "Binary")


def test_ids_are_unique_uuids_and_references_resolve(writes: list[ResourceWrite]) -> None:
    refs = {w.ref for w in writes}
    assert len(refs) == len(writes)
    for w in writes:
        assert w.json is not None
        assert w.json["resourceType"] == w.type
        assert w.json["id"] == w.id
        assert str(uuid.UUID(w.id)) == w.id
        assert uuid.UUID(w.id).version == 4
        assert w.json["meta"]["security"][0]["code"] == "HTEST"
        for ref in references(w.json):
            assert ref in refs, (w.ref, ref)


def test_every_resource_is_valid_fhir_r4(writes: list[ResourceWrite]) -> None:
    for w in writes:
        assert w.json is not None
        assert_valid_r4(w.json)


def test_about_200_patients_with_coherent_demo_ins(by_type: dict[str, list[Json]]) -> None:
    patients = by_type["Patient"]
    assert 190 <= len(patients) <= 210
    nirs = set()
    for res in patients:
        ins = res["identifier"][0]
        assert ins["system"] == IdentifierSystem.INS_NIR_DEMO.value
        assert ins["system"] == "urn:oid:1.2.250.1.213.1.4.11"
        assert ins["type"]["coding"][0]["code"] == "INS-NIR-DEMO"
        nir = ins["value"]
        body = nir[:5] + {"2A": "19", "2B": "18"}.get(nir[5:7], nir[5:7]) + nir[7:13]
        assert int(nir[13:]) == 97 - int(body) % 97
        assert Nir.parse(nir).value == nir
        birth = date.fromisoformat(res["birthDate"])
        assert nir[0] == ("2" if res["gender"] == "female" else "1")
        assert nir[1:5] == f"{birth.year % 100:02d}{birth.month:02d}"
        validated = PatientDraft.of(Patient.from_fhir(res)).validate(TODAY)
        assert validated.ins == Nir(nir)
        assert validated.ins_system is IdentifierSystem.INS_NIR_DEMO
        nirs.add(nir)
    assert len(nirs) == len(patients)
    ages = [Patient.from_fhir(r).age_on(TODAY) or 0 for r in patients]
    assert min(ages) == 0
    assert 85 <= max(ages) <= 95
    assert any(n[5:7] in ("2A", "2B") for n in nirs)
    names = " ".join(n["family"] + " " + " ".join(n["given"]) for r in patients for n in r["name"])
    assert not names.isascii()
    phones = [t["value"] for r in patients for t in r.get("telecom", []) if t["system"] == "phone"]
    assert phones
    assert all(len(p) == 14 and p.startswith("06 ") for p in phones)
    assert any(t["system"] == "email" for r in patients for t in r.get("telecom", []))


def test_three_practitioners_with_fr_core_identifiers(
    by_type: dict[str, list[Json]],
) -> None:
    practitioners = by_type["Practitioner"]
    assert len(practitioners) == 3
    specialties = []
    for res in practitioners:
        ids = {i["system"]: i["value"] for i in res["identifier"]}
        rpps = ids["https://rpps.esante.gouv.fr"]
        assert len(rpps) == 11
        assert rpps.isdigit()
        assert ids["urn:oid:1.2.250.1.71.4.2.1"] == "8" + rpps
        specialties.append(res["qualification"][0]["code"]["text"])
    assert sorted(specialties) == ["Dermatologie", "Médecine générale", "Médecine générale"]
    practitioner_refs = {f"Practitioner/{r['id']}" for r in practitioners}
    roles = by_type["PractitionerRole"]
    assert {r["practitioner"]["reference"] for r in roles} == practitioner_refs
    schedules = by_type["Schedule"]
    assert {s["actor"][0]["reference"] for s in schedules} == practitioner_refs
    assert len(by_type["Organization"]) == 1


def test_lead_practitioner_is_a_gp_of_the_demo(by_type: dict[str, list[Json]]) -> None:
    ref, display = DemoGenerator(today=TODAY).lead_practitioner
    lead = next(p for p in by_type["Practitioner"] if f"Practitioner/{p['id']}" == ref)
    assert lead["qualification"][0]["code"]["coding"][0]["code"] == "SM54"
    name = lead["name"][0]
    assert display == f"Dr {name['given'][0]} {name['family'].upper()}"


def test_appointments_fill_this_week_and_the_next(by_type: dict[str, list[Json]]) -> None:
    appointments, slots = by_type["Appointment"], by_type["Slot"]
    patients = {f"Patient/{p['id']}" for p in by_type["Patient"]}
    practitioners = {f"Practitioner/{p['id']}" for p in by_type["Practitioner"]}
    statuses: Counter[tuple[str, str]] = Counter()
    for res in appointments:
        start, end = datetime.fromisoformat(res["start"]), datetime.fromisoformat(res["end"])
        assert MONDAY <= start.date() <= MONDAY + timedelta(days=11) and start.weekday() < 5
        assert start.utcoffset() == timedelta(hours=2)
        assert end - start in (timedelta(minutes=15), timedelta(minutes=20))
        assert time(8, 30) <= start.time()
        assert end.time() <= time(19, 0)
        assert not time(12, 0) < end.time() <= time(14, 0)
        actors = [p["actor"]["reference"] for p in res["participant"]]
        assert actors[0] in patients
        assert actors[1] in practitioners
        assert res["reasonCode"][0]["text"]
        when = "past" if start.date() < TODAY else "today" if start.date() == TODAY else "future"
        statuses[when, res["status"]] += 1
    assert {s for w, s in statuses if w == "past"} == {"fulfilled", "noshow"}
    assert {s for w, s in statuses if w == "future"} == {"booked"}
    assert {"arrived", "booked"} <= {s for w, s in statuses if w == "today"}
    assert 0.6 <= len(appointments) / (len(appointments) + len(slots)) <= 0.8
    days = {datetime.fromisoformat(res["start"]).date() for res in appointments}
    assert len(days) == 10
    remote = [
        a
        for a in appointments
        if a["serviceType"][0]["coding"][0]["code"] == FhirTerms.TELECONSULTATION_CODE
    ]
    assert 0.04 <= len(remote) / len(appointments) <= 0.2
    assert remote[0]["serviceType"][0]["text"] == "Téléconsultation"


def test_slots_are_free_and_never_overlap_appointments(by_type: dict[str, list[Json]]) -> None:
    schedule_owner = {
        f"Schedule/{s['id']}": s["actor"][0]["reference"] for s in by_type["Schedule"]
    }
    busy: dict[str, list[tuple[datetime, datetime]]] = {}
    for slot in by_type["Slot"]:
        assert slot["status"] == "free"
        owner = schedule_owner[slot["schedule"]["reference"]]
        busy.setdefault(owner, []).append(
            (datetime.fromisoformat(slot["start"]), datetime.fromisoformat(slot["end"]))
        )
    for appt in by_type["Appointment"]:
        owner = appt["participant"][1]["actor"]["reference"]
        busy.setdefault(owner, []).append(
            (datetime.fromisoformat(appt["start"]), datetime.fromisoformat(appt["end"]))
        )
    for periods in busy.values():
        periods.sort()
        for (_, end), (next_start, _) in itertools.pairwise(periods):
            assert end <= next_start


def test_weeks_follow_today_weekend_and_winter_time() -> None:
    saturday = DemoGenerator(today=date(2026, 5, 16)).resources()
    statuses = {
        (date.fromisoformat(w.json["start"][:10]) < date(2026, 5, 16), w.json["status"])
        for w in saturday
        if w.json and w.type == "Appointment"
    }
    # The week just gone is done; the coming one (what the agenda shows) is booked.
    assert statuses == {(True, "fulfilled"), (True, "noshow"), (False, "booked")}
    winter = DemoGenerator(today=date(2026, 1, 14)).resources()
    starts = [
        datetime.fromisoformat(w.json["start"]) for w in winter if w.json and w.type == "Slot"
    ]
    assert all(s.utcoffset() == timedelta(hours=1) for s in starts)
    assert all(
        date(2026, 1, 12) <= s.date() <= date(2026, 1, 23) and s.weekday() < 5 for s in starts
    )
    assert max(starts).date() >= date(2026, 1, 19)


def test_vital_sign_series_goals_and_flags(by_type: dict[str, list[Json]]) -> None:
    observations = by_type["Observation"]
    codes = Counter(o["code"]["coding"][0]["code"] for o in observations)
    assert set(codes) == VITAL_CODES
    subjects = {o["subject"]["reference"] for o in observations}
    assert 25 <= len(subjects) <= 35
    flagged = 0
    for o in observations:
        assert o["status"] == "final"
        category = o["category"][0]["coding"][0]
        assert category["system"] == "http://terminology.hl7.org/CodeSystem/observation-category"
        assert category["code"] == "vital-signs"
        assert o["code"]["coding"][0]["system"] == "http://loinc.org"
        when = datetime.fromisoformat(o["effectiveDateTime"])
        assert TODAY - timedelta(days=183) <= when.date() < TODAY
        quantities = list(o.get("component", [])) or [o]
        if o["code"]["coding"][0]["code"] == "85354-9":
            assert [c["code"]["coding"][0]["code"] for c in quantities] == ["8480-6", "8462-4"]
        for q in quantities:
            value = q["valueQuantity"]
            assert value["system"] == "http://unitsofmeasure.org"
            assert value["code"] == UCUM_OF[q["code"]["coding"][0]["code"]]
            flagged += "interpretation" in q
    assert 0 < flagged < len(observations) // 5
    goals, flags = by_type["Goal"], by_type["Flag"]
    assert 3 <= len(goals) <= len(flags)
    assert {g["subject"]["reference"] for g in goals} <= subjects
    assert {f["subject"]["reference"] for f in flags} == subjects
    assert {f["code"]["text"] for f in flags} == {"Suivi chronique"}
    measures = {t["measure"]["coding"][0]["code"] for g in goals for t in g["target"]}
    assert "8480-6" in measures


def test_lesion_photos_are_png_binaries_behind_media(by_type: dict[str, list[Json]]) -> None:
    binaries = {f"Binary/{b['id']}": b for b in by_type["Binary"]}
    media = by_type["Media"]
    assert 5 <= len(media) <= 8
    assert len(binaries) == len(media)
    for m in media:
        assert m["status"] == "completed"
        assert m["type"]["coding"][0]["code"] == "image"
        assert m["note"][0]["text"] == "Photo de démonstration (générée)"
        assert m["bodySite"]["text"]
        binary = binaries[m["content"]["url"]]
        assert binary["contentType"] == m["content"]["contentType"] == "image/png"
        png = base64.b64decode(binary["data"], validate=True)
        assert m["content"]["size"] == len(png)
        chunks = png_chunks(png)
        kinds = [k for k, _ in chunks]
        assert kinds[0] == b"IHDR"
        assert kinds[-1] == b"IEND"
        width, height, depth, color, *_ = struct.unpack(">IIBBBBB", chunks[0][1])
        assert (width, height) == (m["width"], m["height"]) == (320, 240)
        assert (depth, color) == (8, 2)
        raw = zlib.decompress(b"".join(d for k, d in chunks if k == b"IDAT"))
        assert len(raw) == height * (1 + width * 3)
        assert all(raw[y * (1 + width * 3)] == 0 for y in range(height))


def test_png_encoder_round_trip() -> None:
    pixels = bytes([255, 0, 0, 0, 255, 0, 0, 0, 255, 10, 20, 30])
    chunks = png_chunks(PngEncoder().encode(2, 2, pixels))
    assert struct.unpack(">II", chunks[0][1][:8]) == (2, 2)
    raw = zlib.decompress(chunks[1][1])
    assert raw == b"\x00" + pixels[:6] + b"\x00" + pixels[6:]
    with pytest.raises(ValueError, match="expected 12 bytes"):
        PngEncoder().encode(2, 2, pixels[:-1])


@pytest.mark.parametrize(
    ("day", "hours"),
    [
        (date(2026, 3, 28), 1),
        (date(2026, 3, 29), 2),  # last Sunday of March
        (date(2026, 10, 24), 2),
        (date(2026, 10, 25), 1),  # last Sunday of October
        (date(2027, 3, 28), 2),
    ],
)
def test_paris_clock_follows_eu_summer_time(day: date, hours: int) -> None:
    assert ParisClock.at(day, 9).utcoffset() == timedelta(hours=hours)


def test_demo_imports_no_qt_av_or_numpy() -> None:
    code = (
        "import app.demo.demo_generator, sys; "
        "print(any(m.split('.')[0] in ('PySide6','av','numpy') for m in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "False"
