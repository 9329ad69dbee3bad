"""Which resources are patient data, and which patient each one is about.

The audit trail needs both: every access to patient data is recorded, naming the
patient. A Patient is about itself; other resources name their patient through the
paths of their ``patient`` search parameter, or the usual ``subject`` and ``patient``
elements (``Binary.securityContext`` for an image).
"""

from collections.abc import Iterable, Iterator
from typing import Any, ClassVar

from backend.search.search_parameters import SearchParameters

# Practice and scheduling data (who works where, when slots are free), definitions,
# and the audit trail itself are not patient data.
_NOT_PATIENT_DATA = frozenset(
    {
        "Practitioner",
        "PractitionerRole",
        "Organization",
        "Schedule",
        "Slot",
        "Questionnaire",
        "AuditEvent",
    }
)
_GENERIC_PATHS = ("subject", "patient", "securityContext")


def _paths(rtype: str) -> tuple[tuple[str, ...], ...]:
    paths: list[str] = list(_GENERIC_PATHS)
    for param in SearchParameters.for_type(rtype):
        if param.target == "Patient":
            paths.extend(p for p in param.paths if p not in paths)
    return tuple(tuple(p.split(".")) for p in paths)


class PatientLinks:
    """Look-ups computed once from SearchParameters."""

    PATIENT_DATA: ClassVar[frozenset[str]] = frozenset(SearchParameters.TYPES) - _NOT_PATIENT_DATA
    _PATHS: ClassVar[dict[str, tuple[tuple[str, ...], ...]]] = {t: _paths(t) for t in PATIENT_DATA}

    @staticmethod
    def is_patient_data(rtype: str) -> bool:
        return rtype in PatientLinks.PATIENT_DATA

    @staticmethod
    def patients(rtype: str, rid: str, resource: dict[str, Any] | None) -> list[str]:
        """``Patient/<id>`` references the resource is about, without duplicates."""
        if rtype == "Patient":
            return [f"Patient/{rid}"]
        if resource is None or rtype not in PatientLinks._PATHS:
            return []
        found: list[str] = []
        for path in PatientLinks._PATHS[rtype]:
            for value in _walk(resource, path):
                reference = value.get("reference") if isinstance(value, dict) else None
                if isinstance(reference, str) and reference.startswith("Patient/"):
                    reference = reference.split("/_history/")[0]
                    if reference not in found:
                        found.append(reference)
        return found

    @staticmethod
    def patients_of(resources: Iterable[tuple[str, str, dict[str, Any] | None]]) -> list[str]:
        found: dict[str, None] = {}
        for rtype, rid, resource in resources:
            for reference in PatientLinks.patients(rtype, rid, resource):
                found.setdefault(reference)
        return list(found)


def _walk(node: Any, path: tuple[str, ...]) -> Iterator[Any]:
    """Values at a dotted path, through arrays on the way (FHIRPath-like)."""
    if isinstance(node, list):
        for item in node:
            yield from _walk(item, path)
        return
    if not path:
        yield node
        return
    if isinstance(node, dict) and path[0] in node:
        yield from _walk(node[path[0]], path[1:])
