"""ThreeWayMerge: two versions made from one base, element by element.

Examples for each rule (one side, both the same, both different, items added and
removed, reordering, the server's ``meta``/``text``, no base), and with Hypothesis the
property that a side which changed nothing gives the other side back, as data.

The property is checked on JSON without booleans and floats: the merge compares values
with Python's ``==``, for which ``1 == 1.0 == True``, so a number turned boolean (or
``1`` turned ``1.0``) is not seen as a change. FHIR fixes an element's type by its name
(``multipleBirthBoolean`` and ``multipleBirthInteger`` are two elements), so only the
``1``/``1.0`` spelling of one decimal could meet it, and JSON readers do not keep that.
"""

import copy
import json
from typing import Any

from hypothesis import given, settings

from app.domain.element_paths import ElementPaths
from app.domain.field_conflict import FieldConflict
from app.domain.three_way_merge import ThreeWayMerge
from tests.helpers.fhir_like_json import FhirLikeJson

FhirJson = dict[str, Any]

MOBILE = ("telecom", "[phone|mobile]", "value")
EMAIL = ("telecom", "[email|null]", "value")


def _base() -> FhirJson:
    return {
        "resourceType": "Patient",
        "id": "p1",
        "meta": {"versionId": "1", "lastUpdated": "2026-11-01T10:00:00+00:00"},
        "name": [{"use": "official", "family": "Martin", "given": ["Jeanne"]}],
        "gender": "female",
        "birthDate": "1961-04-02",
        "telecom": [
            {"system": "phone", "use": "mobile", "value": "06 11 11 11 11"},
            {"system": "email", "value": "jeanne@example.org"},
        ],
    }


def _edited(resource: FhirJson, **changes: Any) -> FhirJson:
    """A copy with ``phone``/``email`` (telecom values) or top-level elements changed."""
    out = copy.deepcopy(resource)
    for name, value in changes.items():
        if name in {"phone", "email"}:
            for item in out["telecom"]:
                if item["system"] == name:
                    item["value"] = value
        else:
            out[name] = value
    return out


def _strict(resource: FhirJson) -> str:
    """Data as text: ``1`` and ``True`` differ here, as in JSON."""
    leaves = ElementPaths.flatten(resource)
    return json.dumps(sorted((list(p), v) for p, v in leaves.items()), sort_keys=True)


# -- the rules ----------------------------------------------------------------------


def test_edits_of_different_elements_merge() -> None:
    base = _base()
    mine = _edited(base, phone="06 22 22 22 22")
    theirs = _edited(base, email="j.martin@example.org", gender="other")
    outcome = ThreeWayMerge.merge(base, mine, theirs)
    assert outcome.clean
    flat = ElementPaths.flatten(outcome.merged)
    assert flat[MOBILE] == "06 22 22 22 22"
    assert flat[EMAIL] == "j.martin@example.org"
    assert flat[("gender",)] == "other"


def test_the_same_edit_on_both_sides_is_no_conflict() -> None:
    base = _base()
    mine = _edited(base, phone="06 22 22 22 22")
    theirs = _edited(base, phone="06 22 22 22 22", gender="male")
    outcome = ThreeWayMerge.merge(base, mine, theirs)
    assert outcome.clean
    assert ElementPaths.flatten(outcome.merged) == ElementPaths.flatten(theirs)


def test_overlapping_edits_are_a_conflict_with_the_three_values() -> None:
    base = _base()
    mine = _edited(base, phone="07 33 33 33 33", gender="male")
    theirs = _edited(base, phone="06 22 22 22 22")
    outcome = ThreeWayMerge.merge(base, mine, theirs)
    assert outcome.conflicts == (
        FieldConflict(MOBILE, "06 11 11 11 11", "07 33 33 33 33", "06 22 22 22 22"),
    )
    # Ours stays there until the practitioner chooses; the rest is merged.
    flat = ElementPaths.flatten(outcome.merged)
    assert flat[MOBILE] == "07 33 33 33 33"
    assert flat[("gender",)] == "male"


def test_a_deleted_element_against_an_edit_is_a_conflict() -> None:
    base = _base()
    mine = copy.deepcopy(base)
    del mine["birthDate"]
    theirs = _edited(base, birthDate="1961-04-03")
    outcome = ThreeWayMerge.merge(base, mine, theirs)
    assert outcome.conflicts == (FieldConflict(("birthDate",), "1961-04-02", None, "1961-04-03"),)
    assert "birthDate" not in outcome.merged


def test_an_item_added_here_and_another_removed_there_both_happen() -> None:
    base = _base()
    mine = copy.deepcopy(base)
    mine["telecom"].append({"system": "phone", "use": "home", "value": "01 44 44 44 44"})
    theirs = copy.deepcopy(base)
    theirs["telecom"] = [t for t in theirs["telecom"] if t["system"] != "email"]
    outcome = ThreeWayMerge.merge(base, mine, theirs)
    assert outcome.clean
    assert outcome.merged["telecom"] == [
        {"system": "phone", "use": "mobile", "value": "06 11 11 11 11"},
        {"system": "phone", "use": "home", "value": "01 44 44 44 44"},
    ]


def test_an_item_removed_here_and_edited_there_is_a_conflict() -> None:
    base = _base()
    mine = copy.deepcopy(base)
    mine["telecom"] = [t for t in mine["telecom"] if t["system"] != "email"]
    theirs = _edited(base, email="j.martin@example.org")
    outcome = ThreeWayMerge.merge(base, mine, theirs)
    assert outcome.conflicts == (
        FieldConflict(EMAIL, "jeanne@example.org", None, "j.martin@example.org"),
    )
    # Provisionally ours: the e-mail is gone, identity fields and all.
    assert [t["system"] for t in outcome.merged["telecom"]] == ["phone"]


def test_a_reordering_and_an_edit_do_not_collide() -> None:
    base = _base()
    mine = copy.deepcopy(base)
    mine["telecom"].reverse()
    theirs = _edited(base, phone="06 22 22 22 22")
    outcome = ThreeWayMerge.merge(base, mine, theirs)
    assert outcome.clean
    flat = ElementPaths.flatten(outcome.merged)
    assert flat[MOBILE] == "06 22 22 22 22"
    assert flat[EMAIL] == "jeanne@example.org"
    # Keyed items take the order of the server's version.
    assert [t["system"] for t in outcome.merged["telecom"]] == ["phone", "email"]


def test_meta_and_text_are_the_servers() -> None:
    base = _base()
    mine = _edited(base, gender="male", text={"status": "generated", "div": "<div>mine</div>"})
    mine["meta"] = {"versionId": "1", "tag": [{"code": "mine"}]}
    theirs = _edited(base, text={"status": "generated", "div": "<div>theirs</div>"})
    theirs["meta"] = {"versionId": "2", "lastUpdated": "2026-11-02T10:00:00+00:00"}
    outcome = ThreeWayMerge.merge(base, mine, theirs)
    assert outcome.clean
    assert outcome.merged["meta"] == theirs["meta"]
    assert outcome.merged["text"] == theirs["text"]
    assert outcome.merged["gender"] == "male"
    assert next(iter(outcome.merged)) == "resourceType"


def test_meta_and_text_of_mine_alone_are_not_kept() -> None:
    base = _base()
    mine = _edited(base, text={"status": "generated", "div": "<div>mine</div>"})
    theirs = copy.deepcopy(base)
    del theirs["meta"]
    outcome = ThreeWayMerge.merge(base, mine, theirs)
    assert "text" not in outcome.merged
    assert "meta" not in outcome.merged


def test_a_list_keyed_on_one_side_and_whole_on_the_other_is_compared_whole() -> None:
    base = _base()
    mine = copy.deepcopy(base)
    # Two mobiles: the list cannot be keyed, so it is one value.
    mine["telecom"].append({"system": "phone", "use": "mobile", "value": "07 00 00 00 00"})
    theirs = _edited(base, phone="06 22 22 22 22")
    outcome = ThreeWayMerge.merge(base, mine, theirs)
    assert [f.path for f in outcome.conflicts] == [("telecom",)]
    assert outcome.conflicts[0].mine == mine["telecom"]
    assert outcome.conflicts[0].theirs == theirs["telecom"]
    assert outcome.merged["telecom"] == mine["telecom"]


def test_without_a_base_every_difference_is_a_conflict() -> None:
    # A create replayed on both sides: nothing tells who added or removed what.
    mine = _edited(_base(), phone="07 33 33 33 33", gender="male")
    theirs = copy.deepcopy(_base())
    del theirs["birthDate"]
    theirs["active"] = True
    outcome = ThreeWayMerge.merge(None, mine, theirs)
    assert {f.path for f in outcome.conflicts} == {
        MOBILE,
        ("gender",),
        ("birthDate",),
        ("active",),
    }
    assert all(f.base is None for f in outcome.conflicts)
    # What both sides have alike is no conflict.
    assert not {f.path for f in outcome.conflicts} & {EMAIL, ("name", "[official]", "family")}


def test_without_a_base_equal_sides_merge_cleanly() -> None:
    mine = _base()
    theirs = copy.deepcopy(mine)
    theirs["meta"] = {"versionId": "9"}
    outcome = ThreeWayMerge.merge(None, mine, theirs)
    assert outcome.clean
    assert outcome.merged == theirs


# -- properties ---------------------------------------------------------------------

_RESOURCES = FhirLikeJson.resources(resource_type=True, booleans=False, floats=False)


@settings(max_examples=120, deadline=None)
@given(_RESOURCES, _RESOURCES)
def test_theirs_unchanged_gives_mine(base: FhirJson, mine: FhirJson) -> None:
    outcome = ThreeWayMerge.merge(base, mine, copy.deepcopy(base))
    assert outcome.clean
    assert _strict(outcome.merged) == _strict(mine)


@settings(max_examples=120, deadline=None)
@given(_RESOURCES, _RESOURCES)
def test_mine_unchanged_gives_theirs(base: FhirJson, theirs: FhirJson) -> None:
    outcome = ThreeWayMerge.merge(base, copy.deepcopy(base), theirs)
    assert outcome.clean
    assert _strict(outcome.merged) == _strict(theirs)


@settings(max_examples=100, deadline=None)
@given(_RESOURCES, _RESOURCES)
def test_both_sides_alike_give_that_side(base: FhirJson, both: FhirJson) -> None:
    outcome = ThreeWayMerge.merge(base, both, copy.deepcopy(both))
    assert outcome.clean
    assert _strict(outcome.merged) == _strict(both)


@settings(max_examples=100, deadline=None)
@given(_RESOURCES, _RESOURCES, _RESOURCES)
def test_every_conflict_is_a_real_disagreement(
    base: FhirJson, mine: FhirJson, theirs: FhirJson
) -> None:
    outcome = ThreeWayMerge.merge(base, mine, theirs)
    for f in outcome.conflicts:
        assert f.mine != f.theirs
        assert f.mine != f.base
        assert f.theirs != f.base


def test_without_a_base_an_item_on_one_side_is_a_choice_on_its_elements_only() -> None:
    mine = _base()
    mine["telecom"].append({"system": "phone", "use": "home", "value": "01 44 44 44 44"})
    theirs = copy.deepcopy(_base())
    theirs["telecom"].append({"system": "fax", "value": "01 55 55 55 55"})
    outcome = ThreeWayMerge.merge(None, mine, theirs)
    # Not system and use: they are the item's key and come with it.
    assert {f.path for f in outcome.conflicts} == {
        ("telecom", "[phone|home]", "value"),
        ("telecom", "[fax|null]", "value"),
    }
    # Provisionally ours: our item whole, theirs absent (not a bare {"system": "fax"}).
    assert outcome.merged["telecom"][-1] == {
        "system": "phone",
        "use": "home",
        "value": "01 44 44 44 44",
    }
    assert all(t["system"] != "fax" for t in outcome.merged["telecom"])
