"""The fast structure check only ever skips work: what it passes, the full check passes.

The full check is fhirclient's strict models plus the validator's array rule. The
property: for random edits of valid resources of several types, whenever
:class:`StructureCheck` answers True the full check finds no issue. And the usual
resources do pass it, so the fast path is the one taken.
"""

import copy
import os
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from backend.http.fhir_error import FhirError
from backend.http.resource_validator import ResourceValidator
from backend.http.structure_check import StructureCheck
from tests.backend.http.resources import INS_SYSTEM, observation, patient

CHECKS = settings(
    max_examples=int(os.environ.get("CABINET_FUZZ_EXAMPLES", "400")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
_VALIDATOR = ResourceValidator()
_scalars = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**40), max_value=2**40)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.sampled_from(["", "x", "1984-03-12", "1984-02-30", "2026-03-14T10:30:00Z", "12:30"])
)
_KEYS = st.sampled_from(
    [
        "resourceType",
        "id",
        "meta",
        "name",
        "family",
        "given",
        "_given",
        "identifier",
        "system",
        "value",
        "deceased",
        "deceasedBoolean",
        "multipleBirthInteger",
        "extension",
        "url",
        "valueString",
        "contained",
        "coding",
        "birthDate",
        "colour",
    ]
)
_json = st.recursive(
    _scalars,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(_KEYS, inner, max_size=3),
    max_leaves=12,
)


def _samples() -> list[dict[str, Any]]:
    return [
        patient(
            identifier=[{"system": INS_SYSTEM, "value": "123"}],
            telecom=[{"system": "phone", "value": "0601020304"}],
            address=[{"line": ["1 rue de la Paix"], "city": "Paris", "postalCode": "75002"}],
            multipleBirthInteger=2,
            extension=[{"url": "http://example.org/x", "valueDecimal": 1.5}],
        ),
        observation("Patient/p1"),
        {
            "resourceType": "Appointment",
            "status": "booked",
            "start": "2026-03-14T10:30:00+01:00",
            "end": "2026-03-14T11:00:00+01:00",
            "minutesDuration": 30,
            "participant": [{"actor": {"reference": "Patient/p1"}, "status": "accepted"}],
        },
        {
            "resourceType": "AuditEvent",
            "type": {"system": "http://terminology.hl7.org/CodeSystem/audit-event-type"},
            "action": "C",
            "recorded": "2026-03-14T10:30:00.123Z",
            "agent": [{"who": {"reference": "Practitioner/x"}, "requestor": True}],
            "source": {"observer": {"display": "Cabinet backend"}},
            "entity": [{"what": {"reference": "Patient/p1"}, "query": "UGF0aWVudD8="}],
        },
    ]


def _full_issues(resource: dict[str, Any], rtype: str) -> list[Any]:
    structure = list(_VALIDATOR._structure_issues(resource, rtype))
    return structure + _VALIDATOR._array_issues(resource, rtype)


def _locations(node: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [path]
    if isinstance(node, dict):
        for key, value in node.items():
            found += _locations(value, (*path, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            found += _locations(value, (*path, index))
    return found


def _mutate(document: dict[str, Any], data: st.DataObject) -> dict[str, Any]:
    document = copy.deepcopy(document)
    for _ in range(data.draw(st.integers(1, 3))):
        path = data.draw(st.sampled_from(_locations(document)[1:]))
        parent: Any = document
        for step in path[:-1]:
            parent = parent[step]
        last = path[-1]
        action = data.draw(st.sampled_from(["replace", "drop", "add", "grow", "wrap"]))
        if action == "replace":
            parent[last] = data.draw(_json)
        elif action == "drop":
            del parent[last]
        elif action == "add" and isinstance(parent[last], dict):
            parent[last][data.draw(_KEYS)] = data.draw(_json)
        elif action == "grow":
            parent[last] = [parent[last]] * data.draw(st.integers(0, 3))
        elif action == "wrap":
            parent[last] = {data.draw(_KEYS): parent[last]}
    return document


def test_valid_samples_take_the_fast_path() -> None:
    check = StructureCheck()
    for sample in _samples():
        model = _VALIDATOR._model(sample["resourceType"])
        assert check.passes(sample, model), sample["resourceType"]
        assert _full_issues(sample, sample["resourceType"]) == []


@pytest.mark.parametrize(
    "edit",
    [
        {"gender": 3},
        {"name": {"family": "x"}},
        {"birthDate": ["1984-03-12"]},
        {"birthDate": "1984-02-30"},
        {"colour": "blue"},
        {"deceased": "yes"},
        {"_birthDate": {"extension": []}},
        {"name": [{"given": ["Jeanne", 3]}]},
        {"name": [{"given": ["Jeanne", None]}]},
        {"name": [None]},
        {"identifier": [{"system": INS_SYSTEM, "value": 123}]},
        {"multipleBirthInteger": "2"},
        {"multipleBirthInteger": [1]},
        {"contained": [{"resourceType": "Patient"}]},
        {"link": [{"type": "seealso"}]},
        {"resourceType": "Observation"},
    ],
)
def test_what_it_does_not_settle_goes_to_the_models(edit: dict[str, Any]) -> None:
    resource = patient() | edit
    model = _VALIDATOR._model("Patient")
    assert not StructureCheck().passes(resource, model)


def test_a_fault_is_reported_as_before() -> None:
    resource = patient(name=[{"family": "Dupont", "given": ["Jeanne", 3]}], colour="blue")
    with pytest.raises(FhirError) as caught:
        ResourceValidator().validate(resource, "Patient")
    assert [i.expression for i in caught.value.issues] == [
        "Patient.colour",
        "Patient.name[0].given[1]",
    ]


@CHECKS
@given(data=st.data())
def test_whatever_passes_fast_passes_in_full(data: st.DataObject) -> None:
    sample = data.draw(st.sampled_from(_samples()))
    resource = _mutate(sample, data)
    rtype = sample["resourceType"]
    if StructureCheck().passes(resource, _VALIDATOR._model(rtype)):
        assert _full_issues(resource, rtype) == []
