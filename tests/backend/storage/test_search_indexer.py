"""Index rows of resources, string folding and reference parsing, without a database."""

import unicodedata
from datetime import UTC, datetime
from typing import Any

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from backend.search.index_row import IndexRow
from backend.search.search_indexer import SearchIndexer
from backend.search.search_parameters import SearchParameters
from tests.backend.storage.samples import Samples

S = Samples  # nearly every line of these tests builds a sample

INDEXER = SearchIndexer()


def _rows(rtype: str, resource: dict[str, Any], param: str) -> list[IndexRow]:
    return [r for r in INDEXER.rows(rtype, resource) if r.param == param]


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Hélène", "helene"),
        ("  DUPONT   Lajoie ", "dupont lajoie"),
        ("Straße", "strasse"),
        ("Ǆemal", "dzemal"),
        ("ﬁlière", "filiere"),
        ("Œuvre", "œuvre"),  # a ligature letter of its own, not a decomposable one
        ("Ångström", "angstrom"),
        ("İstanbul", "istanbul"),
        ("ℌilbert", "hilbert"),
        ("", ""),
    ],
)
def test_fold(text: str, folded: str) -> None:
    assert SearchIndexer.fold(text) == folded


@given(st.text())
def test_fold_is_idempotent(text: str) -> None:
    folded = SearchIndexer.fold(text)
    assert SearchIndexer.fold(folded) == folded


@given(st.text(alphabet=st.characters(codec="latin-1", categories=["Lu", "Ll", "Zs"])))
def test_fold_ignores_case(text: str) -> None:
    assert SearchIndexer.fold(text.upper()) == SearchIndexer.fold(text.lower())
    assert SearchIndexer.fold(text) == SearchIndexer.fold(text.lower())


@given(st.text(alphabet="abcdefghijklmnopqrstuvwxyz ", min_size=1), st.data())
def test_accented_forms_fold_to_the_plain_letters(plain: str, data: st.DataObject) -> None:
    marks = ["\u0301", "\u0300", "\u0302", "\u0308", "\u0327", "\u030c"]
    accented = "".join(
        c + (data.draw(st.sampled_from(marks)) if c != " " and data.draw(st.booleans()) else "")
        for c in plain
    )
    composed = unicodedata.normalize("NFC", accented)
    assume(composed.strip())
    assert SearchIndexer.fold(composed) == SearchIndexer.fold(plain)
    assert SearchIndexer.fold(composed.upper()) == SearchIndexer.fold(plain)


@given(st.text(), st.text())
def test_a_prefix_of_a_value_folds_to_a_prefix(head: str, tail: str) -> None:
    # What makes the string search a range scan: fold(prefix) is a prefix of fold(value)
    # when the prefix ends on a letter boundary (no combining mark right after it).
    assume(not tail or unicodedata.combining(tail[0]) == 0)
    assume(not head.endswith(" ") and not tail.startswith(" "))
    assume(all(unicodedata.normalize("NFKD", c) == c for c in head[-1:] + tail[:1]))
    assert SearchIndexer.fold(head + tail).startswith(SearchIndexer.fold(head))


def test_storable_replaces_what_databases_refuse() -> None:
    assert SearchIndexer.storable("abc") == "abc"
    assert SearchIndexer.storable("a\x00b") == "a\ufffdb"
    assert SearchIndexer.storable("x\ud800y") == "x\ufffdy"
    assert SearchIndexer.storable("été") == "été"


@pytest.mark.parametrize(
    ("text", "parts"),
    [
        ("Patient/123", ("Patient", "123")),
        ("Patient/a.b-c", ("Patient", "a.b-c")),
        ("Patient/123/_history/4", ("Patient", "123")),
        ("https://fhir.example.org/r4/Patient/123", ("Patient", "123")),
        ("#contained", None),
        ("urn:uuid:2f1e1c9a-7b2e-4c1a-9f0e-0c1d2e3f4a5b", None),
        ("patient/123", None),
        ("Patient/", None),
        ("Patient/" + "x" * 65, None),
        ("123", None),
    ],
)
def test_parse_reference(text: str, parts: tuple[str, str] | None) -> None:
    assert SearchIndexer.parse_reference(text) == parts


def test_patient_rows() -> None:
    patient = S.patient(
        "Dupont",
        ["Hélène", "Marie"],
        "1980-02",
        [("urn:oid:1.2.250.1.213.1.4.8", "1"), (None, "2")],
    )
    patient["name"].append({"text": "Mme Hélène DUPONT", "prefix": ["Mme"]})
    assert {r.value_string for r in _rows("Patient", patient, "family")} == {"dupont"}
    assert {r.value_string for r in _rows("Patient", patient, "given")} == {"helene", "marie"}
    # name includes family and given: their values are stored under them only, and a
    # name search looks under all three.
    assert SearchParameters.included("Patient", "name") == ("family", "given")
    assert {r.value_string for r in _rows("Patient", patient, "name")} == {
        "mme helene dupont",
        "mme",
    }
    assert {(r.token_system, r.token_code) for r in _rows("Patient", patient, "identifier")} == {
        ("urn:oid:1.2.250.1.213.1.4.8", "1"),
        ("", "2"),
    }
    (birth,) = _rows("Patient", patient, "birthdate")
    assert (birth.date_low, birth.date_high) == (
        datetime(1980, 2, 1, tzinfo=UTC),
        datetime(1980, 3, 1, tzinfo=UTC),
    )
    # No rows for the common parameters: the storage has its own columns for them.
    assert not [r for r in INDEXER.rows("Patient", patient) if r.param.startswith("_")]


def test_every_row_fills_only_its_kind() -> None:
    obs = S.observation(effective={"start": "2026-03-12"})
    obs["category"] = [{"coding": [{"code": "vital-signs"}, {"system": "s", "code": "c"}]}]
    for row in INDEXER.rows("Observation", obs):
        param = SearchParameters.get("Observation", row.param)
        assert param is not None
        filled = {name for name, value in row._asdict().items() if value is not None} - {"param"}
        assert (
            filled
            == {
                "string": {"value_string"},
                "token": {"token_system", "token_code"},
                "reference": {"ref_type", "ref_id"},
                "date": {"date_low", "date_high"},
            }[param.kind]
        )


def test_reference_rows_honour_the_target() -> None:
    event = {
        "resourceType": "AuditEvent",
        "recorded": "2026-03-12T10:00:00Z",
        "agent": [{"who": {"reference": "Practitioner/dr"}, "requestor": True}],
        "entity": [
            {"what": {"reference": "Patient/p1"}},
            {"what": {"reference": "Observation/o1"}},
            {"what": {"identifier": {"value": "x"}}},
        ],
    }
    assert [(r.ref_type, r.ref_id) for r in _rows("AuditEvent", event, "patient")] == [
        ("Patient", "p1")
    ]
    # entity includes patient: Patient/p1 is stored once, as a patient value.
    assert [(r.ref_type, r.ref_id) for r in _rows("AuditEvent", event, "entity")] == [
        ("Observation", "o1"),
    ]
    assert [(r.ref_type, r.ref_id) for r in _rows("AuditEvent", event, "agent")] == [
        ("Practitioner", "dr")
    ]
    assert len(_rows("AuditEvent", event, "date")) == 1


def test_malformed_values_are_skipped_not_fatal() -> None:
    weird = {
        "resourceType": "Patient",
        "name": [{"family": 12, "given": [None, {"x": 1}, "Ok"]}, "not a name", None],
        "identifier": [{"system": 5, "value": "v"}, {"value": 7}, "bare"],
        "birthDate": "someday",
    }
    rows = INDEXER.rows("Patient", weird)
    assert {r.value_string for r in rows if r.param == "given"} == {"ok"}
    assert {(r.token_system, r.token_code) for r in rows if r.param == "identifier"} == {
        ("", "v"),
        ("", "bare"),
    }
    assert not [r for r in rows if r.param == "birthdate"]
    assert INDEXER.rows("NotAType", weird) == []


def test_duplicate_values_give_one_row() -> None:
    patient = S.patient("Dupont", ["Jean", "JEAN", "Jéan"])
    assert len(_rows("Patient", patient, "given")) == 1
