"""The Patient value and its FR Core FHIR mapping: what is written, and what is kept."""

import copy
from datetime import date
from typing import Any

from app.domain.identifier_system import FR_CORE_IDENTIFIER_TYPE, IdentifierSystem
from app.domain.nir import Nir
from app.domain.patient import Patient

BODY = "2900514123456"
NIR = Nir.parse(BODY + Nir.key_for(BODY))


def _patient(**changes: Any) -> Patient:
    base = Patient(
        id="3b0f8d2e-0000-4000-8000-000000000001",
        family="Durand",
        given="Élodie Marie",
        birth_date=date(1990, 5, 14),
        gender="female",
        ins=NIR,
        phone="06 12 34 56 78",
        email="elodie@example.org",
    )
    return base.with_changes(**changes)


def _foreign_source() -> dict[str, Any]:
    """A Patient as another system wrote it, with elements Cabinet does not edit."""
    return {
        "resourceType": "Patient",
        "id": "3b0f8d2e-0000-4000-8000-000000000002",
        "meta": {
            "versionId": "7",
            "profile": ["https://hl7.fr/ig/fhir/core/StructureDefinition/fr-core-patient"],
        },
        "extension": [{"url": "https://example.org/birth-place", "valueString": "Lyon"}],
        "name": [
            {"use": "usual", "family": "Martin"},
            {"use": "official", "family": "Durand", "given": ["Élodie", "Marie"]},
            {"use": "maiden", "family": "Petit"},
        ],
        "identifier": [
            {"system": "urn:oid:1.2.250.1.999.1", "value": "MRN-0042"},
            {"use": "official", "system": IdentifierSystem.INS_NIR_TEST.value, "value": NIR.value},
        ],
        "telecom": [
            {"system": "fax", "value": "01 00 00 00 00"},
            {"system": "phone", "value": "06 12 34 56 78"},
        ],
        "address": [{"city": "Lyon", "postalCode": "69003"}],
        "maritalStatus": {"text": "mariée"},
        "birthDate": "1990-05-14",
        "gender": "female",
    }


def test_to_fhir_writes_fr_core_identity() -> None:
    res = _patient().to_fhir()
    assert res["resourceType"] == "Patient"
    assert res["id"] == _patient().id
    assert res["name"] == [{"use": "official", "family": "Durand", "given": ["Élodie", "Marie"]}]
    assert res["birthDate"] == "1990-05-14"
    assert res["gender"] == "female"
    (ins,) = res["identifier"]
    assert ins["system"] == IdentifierSystem.INS_NIR.value
    assert ins["value"] == NIR.value
    assert ins["type"]["coding"] == [{"system": FR_CORE_IDENTIFIER_TYPE, "code": "INS-NIR"}]
    assert {"system": "phone", "value": "06 12 34 56 78"} in res["telecom"]
    assert {"system": "email", "value": "elodie@example.org"} in res["telecom"]


def test_empty_optional_elements_are_left_out() -> None:
    res = _patient(ins=None, phone="", email="", birth_date=None).to_fhir()
    assert "identifier" not in res
    assert "telecom" not in res
    assert "birthDate" not in res


def test_from_fhir_reads_the_official_name_and_the_ins() -> None:
    patient = Patient.from_fhir(_foreign_source())
    assert patient.family == "Durand"
    assert patient.given == "Élodie Marie"
    assert patient.birth_date == date(1990, 5, 14)
    assert patient.ins == NIR
    assert patient.ins_system is IdentifierSystem.INS_NIR_TEST
    assert patient.phone == "06 12 34 56 78"
    assert patient.email == ""


def test_round_trip_keeps_every_element_cabinet_does_not_edit() -> None:
    source = _foreign_source()
    pristine = copy.deepcopy(source)
    edited = Patient.from_fhir(source).with_changes(phone="07 00 00 00 00", email="e@example.org")
    res = edited.to_fhir()
    assert source == pristine  # the source JSON itself is never modified
    for element in ("meta", "extension", "address", "maritalStatus"):
        assert res[element] == pristine[element]
    assert {"use": "usual", "family": "Martin"} in res["name"]
    assert {"use": "maiden", "family": "Petit"} in res["name"]
    assert {"system": "urn:oid:1.2.250.1.999.1", "value": "MRN-0042"} in res["identifier"]
    assert {"system": "fax", "value": "01 00 00 00 00"} in res["telecom"]
    assert {"system": "phone", "value": "07 00 00 00 00"} in res["telecom"]
    assert {"system": "phone", "value": "06 12 34 56 78"} not in res["telecom"]
    # One official name and one INS, not two.
    assert sum(1 for n in res["name"] if n.get("use") == "official") == 1
    ins = [i for i in res["identifier"] if i["system"] == IdentifierSystem.INS_NIR_TEST.value]
    assert len(ins) == 1
    # And reading it back gives the same patient.
    assert Patient.from_fhir(res) == edited


def test_round_trip_of_a_patient_made_here() -> None:
    patient = _patient()
    assert Patient.from_fhir(patient.to_fhir()) == patient


def test_an_invalid_ins_in_the_source_is_not_taken_for_one() -> None:
    source = _foreign_source()
    source["identifier"][1]["value"] = NIR.value[:13] + "00"
    assert Patient.from_fhir(source).ins is None


def test_partial_birth_dates_are_not_guessed() -> None:
    source = _foreign_source()
    source["birthDate"] = "1990-05"
    assert Patient.from_fhir(source).birth_date is None


def test_display_name_age_and_reference() -> None:
    patient = _patient()
    assert patient.display_name == "DURAND Élodie Marie"
    assert patient.reference == f"Patient/{patient.id}"
    assert patient.age_on(date(2025, 5, 13)) == 34
    assert patient.age_on(date(2025, 5, 14)) == 35
    assert _patient(birth_date=None).age_on(date(2025, 5, 14)) is None


def test_new_ids_are_unique_uuids() -> None:
    ids = {Patient.new_id() for _ in range(100)}
    assert len(ids) == 100
    assert all(len(i) == 36 and i.count("-") == 4 for i in ids)
