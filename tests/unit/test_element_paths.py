"""ElementPaths: FHIR JSON to ``{path: value}`` and back.

The round trip is checked with Hypothesis over FHIR-like JSON (objects, lists, strings,
numbers, booleans: :class:`FhirLikeJson`), where keyed items, duplicate identities,
empty objects and empty lists all come up.

The property holds for every key a FHIR resource can have. Its one narrowing: object
keys never look like an item step (``[…]``), since ``build`` reads an object whose keys
all do as a keyed list (``{"a": {"[b]": 1}}`` makes ``build`` fail); FHIR element names
are letters only. Its first counterexample was ``{"participant": [{}]}``: an item
without its (dotted) identity field came back with an empty ``actor`` object.
"""

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from app.domain.element_paths import ElementPaths
from app.domain.field_conflict import ElementPath
from tests.helpers.fhir_like_json import FhirLikeJson

FhirJson = dict[str, Any]

_RESOURCES = FhirLikeJson.resources()


def _without_server_elements(resource: FhirJson) -> FhirJson:
    return {k: v for k, v in resource.items() if k not in {"meta", "text"}}


def _patient() -> FhirJson:
    return {
        "resourceType": "Patient",
        "id": "p1",
        "meta": {"versionId": "3"},
        "text": {"status": "generated", "div": "<div/>"},
        "name": [{"family": "Martin", "given": ["Jeanne", "Marie"]}],
        "telecom": [
            {"system": "phone", "use": "mobile", "value": "06 11 11 11 11"},
            {"system": "email", "value": "jeanne@example.org"},
        ],
        "identifier": [{"system": "urn:oid:1.2.250.1.213.1.4.8", "value": "2610499123456"}],
        "extension": [{"url": "http://example.org/a", "valueString": "x"}],
    }


# -- round trip ---------------------------------------------------------------------


@settings(max_examples=250, deadline=None)
@given(_RESOURCES)
def test_build_of_flatten_gives_the_resource_back_without_meta_and_text(
    resource: FhirJson,
) -> None:
    leaves = ElementPaths.flatten(resource)
    assert ElementPaths.build(leaves, order=resource) == _without_server_elements(resource)


@settings(max_examples=100, deadline=None)
@given(_RESOURCES)
def test_flatten_is_stable_under_a_round_trip(resource: FhirJson) -> None:
    leaves = ElementPaths.flatten(resource)
    assert ElementPaths.flatten(ElementPaths.build(leaves, order=resource)) == leaves


@settings(max_examples=100, deadline=None)
@given(_RESOURCES, st.randoms(use_true_random=False))
def test_keyed_items_follow_the_order_they_are_given(resource: FhirJson, rnd: Any) -> None:
    # Without ``order``, keyed items keep the order of the leaves: the same items
    # whatever the order, so the flat form does not depend on it.
    leaves = ElementPaths.flatten(resource)
    shuffled = list(leaves.items())
    rnd.shuffle(shuffled)
    rebuilt = ElementPaths.build(dict(shuffled))
    assert ElementPaths.flatten(rebuilt) == leaves


def test_a_whole_patient_round_trips_in_its_own_order() -> None:
    p = _patient()
    rebuilt = ElementPaths.build(ElementPaths.flatten(p), order=p)
    assert rebuilt == _without_server_elements(p)
    assert list(rebuilt) == [k for k in p if k not in {"meta", "text"}]
    assert rebuilt["telecom"][0]["system"] == "phone"


def test_empty_objects_and_lists_are_values() -> None:
    res = {"a": {}, "given": [], "telecom": [], "b": {"c": {}}}
    leaves = ElementPaths.flatten(res)
    assert leaves == {("a",): {}, ("given",): [], ("telecom",): [], ("b", "c"): {}}
    assert ElementPaths.build(leaves) == res


# -- keyed lists --------------------------------------------------------------------


def test_telecom_is_keyed_by_system_and_use() -> None:
    leaves = ElementPaths.flatten(_patient())
    assert leaves[("telecom", "[phone|mobile]", "value")] == "06 11 11 11 11"
    assert leaves[("telecom", "[phone|mobile]", "system")] == "phone"
    # No use: the missing half of the key is written "null".
    assert leaves[("telecom", "[email|null]", "value")] == "jeanne@example.org"


def test_identifier_is_keyed_by_system_and_extension_by_url() -> None:
    leaves = ElementPaths.flatten(_patient())
    assert leaves[("identifier", "[urn:oid:1.2.250.1.213.1.4.8]", "value")] == "2610499123456"
    assert leaves[("extension", "[http://example.org/a]", "valueString")] == "x"


def test_unkeyed_lists_are_one_value() -> None:
    leaves = ElementPaths.flatten(_patient())
    # name is keyed by use; its given names are a plain list, one value.
    assert leaves[("name", "[null]", "given")] == ["Jeanne", "Marie"]


def test_nested_keyed_lists_are_followed() -> None:
    obs = {"code": {"coding": [{"system": "http://loinc.org", "code": "8867-4"}]}}
    leaves = ElementPaths.flatten(obs)
    assert leaves == {
        ("code", "coding", "[http://loinc.org]", "system"): "http://loinc.org",
        ("code", "coding", "[http://loinc.org]", "code"): "8867-4",
    }
    assert ElementPaths.build(leaves) == obs


def test_a_dotted_identity_field_keys_participants_by_actor_reference() -> None:
    appt = {"participant": [{"actor": {"reference": "Patient/p1"}, "status": "accepted"}]}
    leaves = ElementPaths.flatten(appt)
    assert leaves[("participant", "[Patient/p1]", "status")] == "accepted"
    # An item that lost its identity fields in a merge gets them back.
    built = ElementPaths.build({("participant", "[Patient/p1]", "status"): "declined"})
    assert built == {"participant": [{"status": "declined", "actor": {"reference": "Patient/p1"}}]}


def test_duplicate_identities_keep_the_list_whole() -> None:
    res = {
        "telecom": [
            {"system": "phone", "use": "mobile", "value": "1"},
            {"system": "phone", "use": "mobile", "value": "2"},
        ],
        "identifier": [{"system": "s", "value": "1"}, {"system": "s", "value": "2"}],
        "extension": [{"url": "u", "valueString": "a"}, {"url": "u", "valueString": "b"}],
    }
    leaves = ElementPaths.flatten(res)
    assert leaves == {("telecom",): res["telecom"], ("identifier",): res["identifier"],
                      ("extension",): res["extension"]}  # fmt: skip
    assert ElementPaths.build(leaves, order=res) == res


def test_a_keyed_list_holding_anything_but_objects_is_whole() -> None:
    res = {"telecom": [{"system": "phone"}, "stray"]}
    assert ElementPaths.flatten(res) == {("telecom",): res["telecom"]}


def test_order_puts_keyed_items_back_where_they_were() -> None:
    p = _patient()
    leaves = ElementPaths.flatten(p)
    # Leaves in the other order: the e-mail first.
    swapped = dict(sorted(leaves.items(), key=lambda kv: "[email" not in "".join(kv[0])))
    assert ElementPaths.build(swapped)["telecom"][0]["system"] == "email"
    assert ElementPaths.build(swapped, order=p)["telecom"][0]["system"] == "phone"


def test_items_missing_from_order_come_after_in_leaf_order() -> None:
    order = {"telecom": [{"system": "email", "value": "a"}]}
    leaves: dict[ElementPath, str] = {
        ("telecom", "[fax|null]", "value"): "3",
        ("telecom", "[email|null]", "value"): "b",
    }
    built = ElementPaths.build(leaves, order=order)
    assert built == {
        "telecom": [{"value": "b", "system": "email"}, {"value": "3", "system": "fax"}]
    }


def test_item_step_recognition() -> None:
    assert ElementPaths.is_item_step("[phone|mobile]")
    assert not ElementPaths.is_item_step("telecom")


def test_walk_pairs_gives_every_path_once() -> None:
    a: dict[ElementPath, int] = {("x",): 1, ("y",): 2}
    b: dict[ElementPath, int] = {("y",): 3, ("z",): 4}
    assert list(ElementPaths.walk_pairs(a, b)) == [("x",), ("y",), ("z",)]


def test_an_item_without_its_identity_gets_no_empty_object() -> None:
    # A participant with no actor (a role not filled yet) is keyed "[null]": building it
    # back must not add ``actor: {}``, which FHIR forbids and servers refuse.
    appt = {"participant": [{"type": [{"text": "interprète"}], "status": "needs-action"}]}
    leaves = ElementPaths.flatten(appt)
    assert ElementPaths.build(leaves, order=appt) == appt
    assert ElementPaths.build(leaves) == appt


def test_identity_fields_of_keyed_items_are_known() -> None:
    assert ElementPaths.is_identity(("telecom", "[phone|mobile]", "system"))
    assert ElementPaths.is_identity(("telecom", "[phone|mobile]", "use"))
    assert ElementPaths.is_identity(("participant", "[Patient/p1]", "actor", "reference"))
    assert ElementPaths.is_identity(("contact", "[x]", "telecom", "[email|null]", "system"))
    assert not ElementPaths.is_identity(("telecom", "[phone|mobile]", "value"))
    assert not ElementPaths.is_identity(("participant", "[Patient/p1]", "actor", "display"))
    assert not ElementPaths.is_identity(("system",))
    assert not ElementPaths.is_identity(("code", "system"))
