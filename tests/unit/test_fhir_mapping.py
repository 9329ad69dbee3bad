"""What Cabinet writes is valid FHIR R4: patients (FR Core INS) and audit events."""

from datetime import date

from app.audit.audit_entry import AuditAction, AuditEntry
from app.domain.identifier_system import FR_CORE_IDENTIFIER_TYPE, IdentifierSystem
from app.domain.nir import Nir
from app.domain.patient import Patient
from tests.helpers.fhir_r4 import assert_valid_r4


def test_patient_is_valid_r4_with_fr_core_ins() -> None:
    patient = Patient(
        id=Patient.new_id(),
        family="N'Diaye",
        given="Awa Marie",
        birth_date=date(1984, 12, 12),
        gender="female",
        ins=Nir.parse("2 84 12 76 451 089 93"),
        ins_system=IdentifierSystem.INS_NIR,
        phone="06 39 98 12 34",
        email="awa@example.org",
    )
    res = patient.to_fhir()
    assert_valid_r4(res)
    ins = res["identifier"][0]
    assert ins["system"] == "urn:oid:1.2.250.1.213.1.4.8"
    assert ins["value"] == "284127645108993"
    assert ins["use"] == "official"
    assert ins["type"]["coding"][0] == {"system": FR_CORE_IDENTIFIER_TYPE, "code": "INS-NIR"}
    assert res["name"][0] == {"use": "official", "family": "N'Diaye", "given": ["Awa", "Marie"]}
    assert Patient.from_fhir(res) == patient


def test_audit_entry_becomes_a_valid_audit_event() -> None:
    prev = AuditEntry.GENESIS
    fields = (
        1,
        "2026-11-23T09:15:00.000000+00:00",
        "Practitioner/p1",
        AuditAction.READ,
        "Patient/x1",
        "poste-1 (abc)",
        "0",
        prev,
    )
    entry = AuditEntry(*fields, hash=AuditEntry.digest(*fields))
    event = entry.to_fhir("6f1c2a7e-0000-4000-8000-000000000001")
    assert_valid_r4(event)
    assert event["action"] == "R"
    assert event["agent"][0]["who"]["reference"] == "Practitioner/p1"
    assert event["entity"][0]["what"]["reference"] == "Patient/x1"
    assert event["recorded"] == "2026-11-23T09:15:00.000000+00:00"


def test_what_cabinet_cannot_show_is_written_back_untouched() -> None:
    source = {
        "resourceType": "Patient",
        "id": "p-1",
        "name": [{"use": "official", "family": "Martin", "given": ["Jean"]}],
        "birthDate": "1984",
        "identifier": [{"system": IdentifierSystem.INS_NIR.value, "value": "1 84 not a nir"}],
        "gender": "male",
    }
    patient = Patient.from_fhir(source)
    assert patient.birth_date is None
    assert patient.ins is None
    written = patient.with_changes(phone="06 39 98 00 01").to_fhir()
    assert written["birthDate"] == "1984"
    assert written["identifier"] == source["identifier"]
    assert written["telecom"] == [{"system": "phone", "value": "06 39 98 00 01"}]
