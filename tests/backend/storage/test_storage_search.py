"""Search on both engines: every parameter kind, prefixes, AND/OR, paging, order, totals."""

import random
from datetime import datetime, timedelta

import pytest

from backend.search.fhir_date_range import FhirDateRange
from backend.search.search_query import Prefix, SearchValue
from backend.storage.resource_storage import ResourceStorage
from tests.backend.storage.samples import Json, Samples

S = Samples  # nearly every line of these tests builds a sample

pytestmark = pytest.mark.asyncio

INS_NIR = "urn:oid:1.2.250.1.213.1.4.8"


async def _people(storage: ResourceStorage) -> None:
    await storage.write(
        [
            S.create(
                "Patient",
                "helene",
                S.patient(
                    "Dupont", ["Hélène", "Marie"], "1980-02-03", [(INS_NIR, "280020312345678")]
                ),
            ),
            S.create(
                "Patient",
                "jean",
                S.patient("DUPONT-LAJOIE", ["Jean"], "1975", [(None, "local-42")]),
            ),
            S.create(
                "Patient",
                "zoe",
                S.patient("Straße", ["Zoë"], "1980-02", [("urn:x", "280020312345678")]),
            ),
            S.create("Patient", "gone", S.patient("Dupont", ["Gone"], "1980-02-03")),
            S.create(
                "Practitioner",
                "dr",
                {"resourceType": "Practitioner", "name": [{"family": "Dupont"}]},
            ),
        ]
    )
    await storage.write([S.delete("Patient", "gone")])


# -- no clause, _id, order, paging ------------------------------------------------------


async def test_no_clause_lists_live_resources_of_the_type(storage: ResourceStorage) -> None:
    await _people(storage)
    found, total = await storage.search(S.query("Patient"))
    assert total == 3
    assert {r.id for r in found} == {"helene", "jean", "zoe"}
    assert all(r.json is not None and r.json["meta"]["versionId"] == "1" for r in found)


async def test_id_matches_any_of_its_values(storage: ResourceStorage) -> None:
    await _people(storage)
    assert await S.id_set(storage, S.query("Patient", ("_id", [S.token("jean")]))) == {"jean"}
    query = S.query("Patient", ("_id", [S.token("jean"), S.token("zoe"), S.token("gone")]))
    assert await S.id_set(storage, query) == {"jean", "zoe"}
    assert await S.ids(storage, S.query("Patient", ("_id", [S.token("dr")]))) == []


async def test_default_order_is_last_updated_then_id_and_desc_reverses_it(
    storage: ResourceStorage,
) -> None:
    for rid in ("c", "a", "b"):
        await S.put(storage, "Patient", rid, S.patient())
    await storage.write([S.update("Patient", i, S.patient()) for i in ("y", "x")])
    assert await S.ids(storage, S.query("Patient")) == ["c", "a", "b", "x", "y"]
    assert await S.ids(storage, S.query("Patient", sort_last_updated="asc")) == [
        "c",
        "a",
        "b",
        "x",
        "y",
    ]
    assert await S.ids(storage, S.query("Patient", sort_last_updated="desc")) == [
        "y",
        "x",
        "b",
        "a",
        "c",
    ]
    await S.put(storage, "Patient", "c", S.patient())
    assert await S.ids(storage, S.query("Patient")) == ["a", "b", "x", "y", "c"]


async def test_paging_through_a_thousand_results(storage: ResourceStorage) -> None:
    await storage.write(
        [
            S.create("Observation", f"o{i:04d}", S.observation(subject="Patient/p1"))
            for i in range(1000)
        ]
    )
    await storage.write([S.create("Observation", "other", S.observation(subject="Patient/p2"))])
    seen: list[str] = []
    for offset in range(0, 1000, 100):
        query = S.query("Observation", ("patient", [S.text("p1")]), count=100, offset=offset)
        found, total = await storage.search(query)
        assert total == 1000
        assert len(found) == 100
        seen += [r.id for r in found]
    assert seen == [f"o{i:04d}" for i in range(1000)]
    past, total = await storage.search(S.query("Observation", count=100, offset=1001))
    assert (past, total) == ([], 1001)


async def test_total_only_when_asked(storage: ResourceStorage) -> None:
    await _people(storage)
    found, total = await storage.search(S.query("Patient", include_total=False))
    assert total is None
    assert len(found) == 3
    none, total = await storage.search(S.query("Patient", count=0))
    assert (none, total) == ([], 3)


async def test_unknown_parameter_is_refused(storage: ResourceStorage) -> None:
    with pytest.raises(ValueError, match="nickname"):
        await storage.search(S.query("Patient", ("nickname", [S.text("x")])))


# -- string ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("param", "text", "expected"),
    [
        ("family", "dupont", {"helene", "jean"}),
        ("family", "DUP", {"helene", "jean"}),
        ("family", "dupont-l", {"jean"}),
        ("family", "pont", set()),  # a prefix of the value, not any substring
        ("given", "helene", {"helene"}),
        ("given", "HÉLÈ", {"helene"}),
        ("given", "mar", {"helene"}),
        ("given", "zoe", {"zoe"}),
        ("family", "strasse", {"zoe"}),  # ß folds to ss
        ("name", "zo", {"zoe"}),
        ("name", "d", {"helene", "jean"}),
        ("name", "gone", set()),  # deleted
        ("name", "", {"helene", "jean", "zoe"}),
    ],
)
async def test_string_is_a_case_and_accent_insensitive_prefix(
    storage: ResourceStorage, param: str, text: str, expected: set[str]
) -> None:
    await _people(storage)
    assert await S.id_set(storage, S.query("Patient", (param, [S.text(text)]))) == expected


async def test_values_of_a_clause_are_ored_and_clauses_anded(storage: ResourceStorage) -> None:
    await _people(storage)
    either = S.query("Patient", ("given", [S.text("jean"), S.text("zoe")]))
    assert await S.id_set(storage, either) == {"jean", "zoe"}
    both = S.query("Patient", ("family", [S.text("dupont")]), ("given", [S.text("marie")]))
    assert await S.id_set(storage, both) == {"helene"}
    none = S.query("Patient", ("family", [S.text("dupont")]), ("given", [S.text("zoe")]))
    assert await S.id_set(storage, none) == set()


async def test_practitioner_name(storage: ResourceStorage) -> None:
    await _people(storage)
    query = S.query("Practitioner", ("name", [S.text("dupo")]))
    assert await S.id_set(storage, query) == {"dr"}


async def test_an_update_replaces_the_index_rows(storage: ResourceStorage) -> None:
    await _people(storage)
    await S.put(storage, "Patient", "helene", S.patient("Martin", ["Hélène"]))
    assert await S.id_set(storage, S.query("Patient", ("family", [S.text("dupont")]))) == {"jean"}
    assert await S.id_set(storage, S.query("Patient", ("family", [S.text("martin")]))) == {"helene"}
    assert await S.id_set(
        storage, S.query("Patient", ("identifier", [S.token("280020312345678")]))
    ) == {"zoe"}


async def test_unusual_text_is_stored_and_searched(storage: ResourceStorage) -> None:
    body = S.patient("Nul\x00Byte", ["\ud800lone", "\U0010ffff\U0010ffff"])
    await storage.write([S.create("Patient", "odd", body)])
    assert await S.id_set(storage, S.query("Patient", ("family", [S.text("nul\x00b")]))) == {"odd"}
    assert await S.id_set(storage, S.query("Patient", ("given", [S.text("\ud800")]))) == {"odd"}
    query = S.query("Patient", ("given", [S.text("\U0010ffff")]))
    assert await S.id_set(storage, query) == {"odd"}
    assert await storage.read("Patient", "x\x00y") is None


# -- token -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (S.token("280020312345678"), {"helene", "zoe"}),
        (S.token("280020312345678", INS_NIR), {"helene"}),
        (S.token("280020312345678", "urn:x"), {"zoe"}),
        (S.token("280020312345678", ""), set()),
        (S.token("local-42", ""), {"jean"}),
        (S.token("local-42"), {"jean"}),
        (S.token("local-42", INS_NIR), set()),
        (S.token(None, INS_NIR), {"helene"}),
        (S.token("28002031234567"), set()),  # tokens match exactly
    ],
)
async def test_identifier_token(
    storage: ResourceStorage, value: SearchValue, expected: set[str]
) -> None:
    await _people(storage)
    assert await S.id_set(storage, S.query("Patient", ("identifier", [value]))) == expected


async def test_codeable_concept_and_code_tokens(storage: ResourceStorage) -> None:
    pulse = S.observation(code=("http://loinc.org", "8867-4"))
    pulse["category"] = [
        {
            "coding": [
                {
                    "system": "http://terminology.hl7.org/CodeSystem/observation-category",
                    "code": "vital-signs",
                }
            ]
        }
    ]
    weight = S.observation(code=("http://loinc.org", "29463-7"), status="amended")
    weight["code"]["coding"].append({"system": "http://snomed.info/sct", "code": "27113001"})
    await storage.write(
        [S.create("Observation", "pulse", pulse), S.create("Observation", "weight", weight)]
    )
    codes = [
        (S.token("8867-4"), {"pulse"}),
        (S.token("27113001", "http://snomed.info/sct"), {"weight"}),
        (S.token("27113001", "http://loinc.org"), set()),
        (S.token(None, "http://loinc.org"), {"pulse", "weight"}),
    ]
    for value, expected in codes:
        assert await S.id_set(storage, S.query("Observation", ("code", [value]))) == expected
    assert await S.id_set(
        storage, S.query("Observation", ("category", [S.token("vital-signs")]))
    ) == {"pulse"}
    flags = [
        S.create(
            "Flag",
            "f1",
            {
                "resourceType": "Flag",
                "status": "active",
                "subject": {"reference": "Patient/p1"},
                "code": {"text": "x"},
            },
        ),
        S.create(
            "Flag",
            "f2",
            {
                "resourceType": "Flag",
                "status": "inactive",
                "subject": {"reference": "Patient/p1"},
                "code": {"text": "x"},
            },
        ),
    ]
    await storage.write(flags)
    assert await S.id_set(storage, S.query("Flag", ("status", [S.token("active")]))) == {"f1"}
    assert await S.id_set(storage, S.query("Flag", ("status", [S.token("active", "")]))) == {"f1"}
    assert await S.id_set(storage, S.query("Flag", ("status", [S.token("ACTIVE")]))) == set()


# -- reference ---------------------------------------------------------------------------


async def _observations_with_subjects(storage: ResourceStorage) -> None:
    subjects = {
        "o-local": "Patient/p1",
        "o-absolute": "https://fhir.example.org/r4/Patient/p1",
        "o-versioned": "Patient/p1/_history/3",
        "o-other": "Patient/p2",
        "o-group": "Group/p1",
        "o-contained": "#p1",
        "o-urn": "urn:uuid:2f1e1c9a-7b2e-4c1a-9f0e-0c1d2e3f4a5b",
    }
    await storage.write(
        [S.create("Observation", rid, S.observation(subject=ref)) for rid, ref in subjects.items()]
    )


@pytest.mark.parametrize(
    ("param", "text", "expected"),
    [
        ("patient", "Patient/p1", {"o-local", "o-absolute", "o-versioned"}),
        ("patient", "p1", {"o-local", "o-absolute", "o-versioned"}),
        (
            "patient",
            "https://fhir.example.org/r4/Patient/p1",
            {"o-local", "o-absolute", "o-versioned"},
        ),
        ("patient", "Group/p1", set()),  # patient= only indexes Patient references
        ("subject", "Group/p1", {"o-group"}),
        ("subject", "p1", {"o-local", "o-absolute", "o-versioned", "o-group"}),
        ("subject", "Patient/p2", {"o-other"}),
        ("subject", "not a/reference", set()),
        ("subject", "", set()),
    ],
)
async def test_reference(
    storage: ResourceStorage, param: str, text: str, expected: set[str]
) -> None:
    await _observations_with_subjects(storage)
    assert await S.id_set(storage, S.query("Observation", (param, [S.text(text)]))) == expected


async def test_reference_through_arrays(storage: ResourceStorage) -> None:
    appointment: Json = {
        "resourceType": "Appointment",
        "status": "booked",
        "start": "2026-03-12T09:00:00+01:00",
        "end": "2026-03-12T09:15:00+01:00",
        "participant": [
            {"actor": {"reference": "Patient/p1"}, "status": "accepted"},
            {"actor": {"reference": "Practitioner/dr1"}, "status": "accepted"},
            {"actor": {"reference": "Location/room"}, "status": "accepted"},
        ],
    }
    await storage.write([S.create("Appointment", "a1", appointment)])
    for param, text, expected in [
        ("patient", "p1", {"a1"}),
        ("patient", "dr1", set()),
        ("practitioner", "dr1", {"a1"}),
        ("practitioner", "Practitioner/dr1", {"a1"}),
        ("actor", "Location/room", {"a1"}),
        ("actor", "room", {"a1"}),
        ("status", "booked", {"a1"}),
    ]:
        value = S.token(text) if param == "status" else S.text(text)
        assert await S.id_set(storage, S.query("Appointment", (param, [value]))) == expected, (
            param,
            text,
        )
    date = S.query("Appointment", ("date", [S.date("2026-03-12")]))
    assert await S.id_set(storage, date) == {"a1"}


# -- dates -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        # helene 1980-02-03, jean 1975, zoe 1980-02
        (S.date("1980"), {"helene", "zoe"}),
        (S.date("1980-02"), {"helene", "zoe"}),
        (S.date("1980-02-03"), {"helene"}),  # zoe's month is not inside that day
        (S.date("1980-02-03", Prefix.NE), {"jean", "zoe"}),
        (S.date("1980-02-03", Prefix.GT), {"zoe"}),  # February reaches past the 3rd
        (S.date("1980-02-03", Prefix.LT), {"jean", "zoe"}),
        (S.date("1980-02-03", Prefix.GE), {"helene", "zoe"}),
        (S.date("1980-02-03", Prefix.LE), {"helene", "jean", "zoe"}),
        (S.date("1975", Prefix.GT), {"helene", "zoe"}),
        (S.date("1976", Prefix.LT), {"jean"}),
        (S.date("1975-06-01", Prefix.EQ), set()),
    ],
)
async def test_birthdate_prefixes(
    storage: ResourceStorage, value: SearchValue, expected: set[str]
) -> None:
    await _people(storage)
    assert await S.id_set(storage, S.query("Patient", ("birthdate", [value]))) == expected


async def test_period_with_open_end_and_time_zones(storage: ResourceStorage) -> None:
    def encounter(period: Json) -> Json:
        return {
            "resourceType": "Encounter",
            "status": "in-progress",
            "class": {"system": "http://terminology.hl7.org/CodeSystem/v3-ActCode", "code": "AMB"},
            "subject": {"reference": "Patient/p1"},
            "period": period,
        }

    await storage.write(
        [
            S.create("Encounter", "open", encounter({"start": "2026-03-12T23:30:00+01:00"})),
            S.create(
                "Encounter",
                "closed",
                encounter({"start": "2026-03-12T08:00:00Z", "end": "2026-03-12T08:20:00Z"}),
            ),
            S.create("Encounter", "until", encounter({"end": "2026-01-01"})),
        ]
    )
    for value, expected in [
        # 23:30+01:00 is 22:30 UTC on the 12th; the open end reaches past any day.
        (S.date("2026-03-12", Prefix.GE), {"open", "closed"}),
        (S.date("2026-03-12", Prefix.EQ), {"closed"}),
        (S.date("2030", Prefix.GT), {"open"}),
        (S.date("2026-03-12T08:10:00Z", Prefix.LT), {"closed", "until"}),
        (S.date("1900", Prefix.LT), {"until"}),
        (S.date("2026-03-13", Prefix.LT), {"open", "closed", "until"}),
    ]:
        query = S.query("Encounter", ("date", [value]))
        assert await S.id_set(storage, query) == expected, value


def _oracle(prefix: Prefix, r: FhirDateRange, q: FhirDateRange) -> bool:
    """FHIR R4's date prefix rules, written out from the specification's wording."""
    contained = r.low >= q.low and r.high <= q.high
    above = r.high > q.high  # the range above the search value intersects the value's
    below = r.low < q.low
    return {
        Prefix.EQ: contained,
        Prefix.NE: not contained,
        Prefix.GT: above,
        Prefix.LT: below,
        Prefix.GE: above or contained,
        Prefix.LE: below or contained,
    }[prefix]


def _random_date(rng: random.Random) -> str:
    year = rng.choice([1999, 2000, 2001])
    text = f"{year}"
    for part, limit in (("-{:02d}", 12), ("-{:02d}", 28)):
        if rng.random() < 0.7:
            text += part.format(rng.randint(1, limit))
        else:
            return text
    if rng.random() < 0.5:
        zone = rng.choice(["Z", "+01:00", "-05:30"])
        text += f"T{rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}:{rng.randint(0, 59):02d}{zone}"
    return text


async def test_date_prefixes_agree_with_the_specification(storage: ResourceStorage) -> None:
    """Differential: random dates of every precision and Periods against the R4 rules."""
    rng = random.Random(20261123)
    values: dict[str, FhirDateRange] = {}
    ops = []
    for i in range(60):
        rid = f"obs{i}"
        if rng.random() < 0.3:
            period: Json = {}
            if rng.random() < 0.8:
                period["start"] = _random_date(rng)
            if rng.random() < 0.6 or not period:
                period["end"] = _random_date(rng)
            found = FhirDateRange.of_period(period)
            effective: str | Json = period
        else:
            effective = _random_date(rng)
            found = FhirDateRange.parse(effective)
        assert found is not None
        values[rid] = found
        ops.append(S.create("Observation", rid, S.observation(effective=effective)))
    await storage.write(ops)
    for _ in range(60):
        text = _random_date(rng)
        prefix = rng.choice(list(Prefix))
        q = FhirDateRange.parse(text)
        assert q is not None
        expected = {rid for rid, r in values.items() if _oracle(prefix, r, q)}
        query = S.query("Observation", ("date", [S.date(text, prefix)]), count=100)
        assert await S.id_set(storage, query) == expected, (prefix, text)


async def test_last_updated_prefixes(storage: ResourceStorage) -> None:
    instants: dict[str, datetime] = {}
    for rid in ("a", "b", "c"):
        instants[rid] = (await S.put(storage, "Patient", rid, S.patient())).last_updated
    tick = timedelta(microseconds=1)

    def at(rid: str, prefix: Prefix, shift: timedelta = timedelta(0)) -> SearchValue:
        r = FhirDateRange.of_instant(instants[rid] + shift)
        return SearchValue(prefix=prefix, low=r.low, high=r.high)

    for value, expected in [
        (at("b", Prefix.EQ), {"b"}),
        (at("b", Prefix.NE), {"a", "c"}),
        (at("b", Prefix.GT), {"c"}),
        (at("b", Prefix.GE), {"b", "c"}),
        (at("b", Prefix.LT), {"a"}),
        (at("b", Prefix.LE), {"a", "b"}),
        (at("b", Prefix.GT, -tick), {"b", "c"}),
        (at("b", Prefix.LT, tick), {"a", "b"}),
    ]:
        query = S.query("Patient", ("_lastUpdated", [value]))
        assert await S.id_set(storage, query) == expected, value
    day = instants["a"].date().isoformat()
    assert await S.id_set(storage, S.query("Patient", ("_lastUpdated", [S.date(day)]))) == {
        "a",
        "b",
        "c",
    }
    year_before = str(instants["a"].year - 1)
    query = S.query("Patient", ("_lastUpdated", [S.date(year_before, Prefix.GT)]))
    assert await S.id_set(storage, query) == {"a", "b", "c"}
    query = S.query("Patient", ("_lastUpdated", [S.date(year_before, Prefix.LE)]))
    assert await S.id_set(storage, query) == set()
    # A range between two instants: an AND of two clauses.
    between = S.query(
        "Patient", ("_lastUpdated", [at("a", Prefix.GT)]), ("_lastUpdated", [at("c", Prefix.LT)])
    )
    assert await S.id_set(storage, between) == {"b"}
