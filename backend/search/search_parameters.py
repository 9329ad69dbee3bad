"""The resource types the backend serves and the search parameters each supports.

The CapabilityStatement is generated from this table, so it states exactly what is
implemented. Paths are dotted element paths from the resource root; a path that ends
on an array or a choice (``effective[x]``) is listed once per concrete element.
"""

from dataclasses import dataclass
from enum import StrEnum


class ParamKind(StrEnum):
    """FHIR search parameter types the backend implements."""

    STRING = "string"
    TOKEN = "token"  # noqa: S105 (a FHIR search type, not a secret)
    REFERENCE = "reference"
    DATE = "date"


@dataclass(frozen=True, slots=True)
class SearchParameter:
    """``target`` restricts a reference parameter to one resource type (``patient``)."""

    name: str
    kind: ParamKind
    paths: tuple[str, ...]
    target: str | None = None


def _p(name: str, kind: ParamKind, *paths: str, target: str | None = None) -> SearchParameter:
    return SearchParameter(name, kind, paths, target)


S, T, R, D = ParamKind.STRING, ParamKind.TOKEN, ParamKind.REFERENCE, ParamKind.DATE
_NAME_PARTS = ("name.family", "name.given", "name.text", "name.prefix", "name.suffix")
_EFFECTIVE = ("effectiveDateTime", "effectivePeriod", "effectiveInstant")

# Every type: _id and _lastUpdated are handled by the storage from its own columns.
COMMON = (_p("_id", T), _p("_lastUpdated", D))

_BY_TYPE: dict[str, tuple[SearchParameter, ...]] = {
    "Patient": (
        _p("identifier", T, "identifier"),
        _p("name", S, *_NAME_PARTS),
        _p("family", S, "name.family"),
        _p("given", S, "name.given"),
        _p("birthdate", D, "birthDate"),
    ),
    "Practitioner": (_p("identifier", T, "identifier"), _p("name", S, *_NAME_PARTS)),
    "PractitionerRole": (),
    "Organization": (),
    "Schedule": (_p("actor", R, "actor"),),
    "Slot": (_p("schedule", R, "schedule"), _p("start", D, "start"), _p("status", T, "status")),
    "Appointment": (
        _p("date", D, "start"),
        _p("patient", R, "participant.actor", target="Patient"),
        _p("practitioner", R, "participant.actor", target="Practitioner"),
        _p("actor", R, "participant.actor"),
        _p("status", T, "status"),
    ),
    "Encounter": (
        _p("patient", R, "subject", target="Patient"),
        _p("date", D, "period"),
        _p("appointment", R, "appointment"),
    ),
    "Observation": (
        _p("patient", R, "subject", target="Patient"),
        _p("subject", R, "subject"),
        _p("code", T, "code"),
        _p("date", D, *_EFFECTIVE),
        _p("category", T, "category"),
    ),
    "Goal": (_p("patient", R, "subject", target="Patient"),),
    "Flag": (_p("patient", R, "subject", target="Patient"), _p("status", T, "status")),
    "Media": (
        _p("patient", R, "subject", target="Patient"),
        _p("subject", R, "subject"),
        _p("created", D, "createdDateTime", "createdPeriod"),
    ),
    "Binary": (),
    "DocumentReference": (
        _p("patient", R, "subject", target="Patient"),
        _p("subject", R, "subject"),
    ),
    "AuditEvent": (
        _p("patient", R, "entity.what", target="Patient"),
        _p("entity", R, "entity.what"),
        _p("date", D, "recorded"),
        _p("agent", R, "agent.who"),
    ),
    "Communication": (),
    "MedicationRequest": (),
    "Questionnaire": (),
    "QuestionnaireResponse": (),
}


class SearchParameters:
    """Look-ups over the table above."""

    TYPES: tuple[str, ...] = tuple(_BY_TYPE)

    @staticmethod
    def supports(rtype: str) -> bool:
        return rtype in _BY_TYPE

    @staticmethod
    def for_type(rtype: str) -> tuple[SearchParameter, ...]:
        """Every parameter of ``rtype``, the common ones first."""
        return COMMON + _BY_TYPE[rtype]

    @staticmethod
    def get(rtype: str, name: str) -> SearchParameter | None:
        return next((p for p in SearchParameters.for_type(rtype) if p.name == name), None)
