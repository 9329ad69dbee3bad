"""FHIR identifier systems used in France (FR Core), with the INS type codes.

Sources in ../shared/reference/cards.md (FR Core ``FRCorePatientINSProfile.fsh``).
"""

from enum import StrEnum

# The CodeSystem that types identifiers in FR Core (v2-0203 extended for France).
FR_CORE_IDENTIFIER_TYPE = "https://hl7.fr/ig/fhir/core/CodeSystem/fr-core-cs-v2-0203"


class IdentifierSystem(StrEnum):
    """The identifier systems Cabinet writes and reads."""

    INS_NIR = "urn:oid:1.2.250.1.213.1.4.8"
    INS_NIA = "urn:oid:1.2.250.1.213.1.4.9"
    INS_NIR_TEST = "urn:oid:1.2.250.1.213.1.4.10"
    INS_NIR_DEMO = "urn:oid:1.2.250.1.213.1.4.11"
    IDNATPS = "urn:oid:1.2.250.1.71.4.2.1"
    RPPS = "https://rpps.esante.gouv.fr"

    @property
    def type_code(self) -> str:
        """The FR Core identifier type code for this system."""
        return _TYPE_CODES[self]

    @property
    def is_ins(self) -> bool:
        """Whether this system carries a patient's INS (real, temporary, test or demo)."""
        return self in _INS_SYSTEMS


_TYPE_CODES = {
    IdentifierSystem.INS_NIR: "INS-NIR",
    IdentifierSystem.INS_NIA: "INS-NIA",
    IdentifierSystem.INS_NIR_TEST: "INS-NIR-TEST",
    IdentifierSystem.INS_NIR_DEMO: "INS-NIR-DEMO",
    IdentifierSystem.IDNATPS: "IDNPS",
    IdentifierSystem.RPPS: "RPPS",
}

_INS_SYSTEMS = frozenset(
    {
        IdentifierSystem.INS_NIR,
        IdentifierSystem.INS_NIA,
        IdentifierSystem.INS_NIR_TEST,
        IdentifierSystem.INS_NIR_DEMO,
    }
)
