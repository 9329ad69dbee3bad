"""The resource types the backend serves and the search parameters each supports.

The CapabilityStatement is generated from this table, so it states exactly what is
implemented. Paths are dotted element paths from the resource root; a path that ends
on an array or a choice (``effective[x]``) is listed once per concrete element.

Some parameters are included in others of their type: every value of Patient ``family``
is a value of ``name``, every value of Observation ``patient`` one of ``subject``. The
search index stores such a value once, under the narrower parameter, and a search on the
wider one also looks there (:meth:`SearchParameters.included`): fewer index rows to
write, the same matches.
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


def _includes(wide: SearchParameter, narrow: SearchParameter) -> bool:
    """Whether every value of ``narrow`` is, in any resource, a value of ``wide`` too."""
    return (
        narrow is not wide
        and narrow.kind is wide.kind
        and set(narrow.paths) <= set(wide.paths)
        and (wide.target is None or wide.target == narrow.target)
    )


_INCLUDED: dict[tuple[str, str], tuple[str, ...]] = {
    (rtype, wide.name): included
    for rtype, params in _BY_TYPE.items()
    for wide in params
    if (included := tuple(p.name for p in params if _includes(wide, p)))
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
    def included(rtype: str, name: str) -> tuple[str, ...]:
        """The parameters of ``rtype`` included in ``name``: same kind, their paths among
        its paths, their target (if it has one) the same. Their values are indexed under
        them only, and a search on ``name`` looks under ``name`` and them."""
        return _INCLUDED.get((rtype, name), ())

    @staticmethod
    def get(rtype: str, name: str) -> SearchParameter | None:
        return next((p for p in SearchParameters.for_type(rtype) if p.name == name), None)
