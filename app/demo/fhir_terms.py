"""Code systems, codes and small FHIR R4 datatype builders the demo writes.

The codes that other parts of Cabinet may look for in demo data (the téléconsultation
marker, the chronic follow-up flag) are named here.
"""

from typing import Any

from app.domain.fhir_code import FhirCode

FhirJson = dict[str, Any]


class FhirTerms:
    """Terminology constants and builders for codings, concepts and quantities."""

    LOINC = "http://loinc.org"
    UCUM = "http://unitsofmeasure.org"
    SNOMED = FhirCode.SNOMED
    OBSERVATION_CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category"
    INTERPRETATION = "http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation"
    PARTICIPATION_TYPE = FhirCode.PARTICIPATION_TYPE
    APPOINTMENT_TYPE = "http://terminology.hl7.org/CodeSystem/v2-0276"
    MEDIA_TYPE = "http://terminology.hl7.org/CodeSystem/media-type"
    FLAG_CATEGORY = "http://terminology.hl7.org/CodeSystem/flag-category"
    ORGANIZATION_TYPE = "http://terminology.hl7.org/CodeSystem/organization-type"
    ACT_REASON = "http://terminology.hl7.org/CodeSystem/v3-ActReason"
    # ANS nomenclatures (NOS) used by FR Core for practitioners.
    SPECIALITE_ORDINALE = (
        "https://mos.esante.gouv.fr/NOS/TRE_R38-SpecialiteOrdinale/FHIR/TRE-R38-SpecialiteOrdinale"
    )
    PROFESSION_SANTE = (
        "https://mos.esante.gouv.fr/NOS/TRE_G15-ProfessionSante/FHIR/TRE-G15-ProfessionSante"
    )

    # What the agenda reads back (app.domain.fhir_code has their meaning).
    TELECONSULTATION_CODE = FhirCode.TELECONSULTATION
    CONSULTATION_CODE = FhirCode.CONSULTATION
    CHRONIC_FOLLOW_UP = FhirCode.CHRONIC_FOLLOW_UP

    @staticmethod
    def coding(system: str, code: str, display: str | None = None) -> FhirJson:
        res: FhirJson = {"system": system, "code": code}
        if display is not None:
            res["display"] = display
        return res

    @classmethod
    def concept(
        cls, system: str, code: str, display: str | None = None, text: str | None = None
    ) -> FhirJson:
        """A CodeableConcept with one coding, and ``text`` as the user sees it."""
        res: FhirJson = {"coding": [cls.coding(system, code, display)]}
        if text is not None:
            res["text"] = text
        return res

    @classmethod
    def quantity(cls, value: float, unit: str, code: str | None = None) -> FhirJson:
        """A UCUM Quantity; ``unit`` is what is shown, ``code`` the UCUM code."""
        return {"value": value, "unit": unit, "system": cls.UCUM, "code": code or unit}

    @staticmethod
    def reference(ref: str, display: str | None = None) -> FhirJson:
        res: FhirJson = {"reference": ref}
        if display is not None:
            res["display"] = display
        return res

    @classmethod
    def demo_meta(cls) -> FhirJson:
        """Marks every demo resource as test data, should it ever leave the demo."""
        return {"security": [cls.coding(cls.ACT_REASON, "HTEST", "test health data")]}
