"""Small valid R4 resources for the HTTP tests."""

from typing import Any

INS_SYSTEM = "urn:oid:1.2.250.1.213.1.4.8"


def patient(family: str = "Dupont", given: str = "Jeanne", **extra: Any) -> dict[str, Any]:
    return {
        "resourceType": "Patient",
        "name": [{"family": family, "given": [given]}],
        "gender": "female",
        "birthDate": "1984-03-12",
        **extra,
    }


def observation(patient_ref: str, value: float = 72, **extra: Any) -> dict[str, Any]:
    return {
        "resourceType": "Observation",
        "status": "final",
        "code": {"coding": [{"system": "http://loinc.org", "code": "8867-4"}]},
        "subject": {"reference": patient_ref},
        "effectiveDateTime": "2026-03-14T10:30:00+01:00",
        "valueQuantity": {
            "value": value,
            "unit": "/min",
            "system": "http://unitsofmeasure.org",
            "code": "/min",
        },
        **extra,
    }


def entry(method: str, url: str, resource: dict[str, Any] | None = None, **extra: Any) -> Any:
    item: dict[str, Any] = {"request": {"method": method, "url": url, **extra}}
    if resource is not None:
        item["resource"] = resource
    return item


def bundle(kind: str, entries: list[dict[str, Any]]) -> dict[str, Any]:
    return {"resourceType": "Bundle", "type": kind, "entry": entries}
