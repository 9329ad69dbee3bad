"""``GET /metadata``: what this server implements, generated from the same tables it runs on.

Every type in SearchParameters is listed with the same interactions and its search
parameters, so the statement cannot promise what the code does not do. Conditional
update, conditional delete, patch, ``_include`` and XML are absent because they are
not implemented.
"""

from datetime import UTC, datetime
from typing import Any

from backend.http.http_limits import HttpLimits
from backend.search.search_parameters import SearchParameters

FHIR_VERSION = "4.0.1"
SOFTWARE_VERSION = "0.1.0"
_INTERACTIONS = (
    "read",
    "vread",
    "update",
    "delete",
    "history-instance",
    "history-type",
    "create",
    "search-type",
)
# The teleconsultation operations (backend.signalling.signalling_hub), on Appointment.
_OPERATIONS = {
    "Appointment": [
        {
            "name": "join-link",
            "definition": "urn:cabinet:OperationDefinition/Appointment-join-link",
            "documentation": (
                "POST: a signed, expiring link for the patient to join this "
                "teleconsultation's room (Parameters: url, expires)."
            ),
        },
        {
            "name": "room",
            "definition": "urn:cabinet:OperationDefinition/Appointment-room",
            "documentation": (
                "GET: who is in this teleconsultation's room (the patient absent, waiting "
                "or admitted). The room itself is the WebSocket at /signalling/<id>."
            ),
        },
    ]
}
_SEARCH_DOC = {
    "_id": "The logical id; comma-separated ids are OR'ed.",
    "_lastUpdated": "When the current version was stored; prefixes eq ne gt ge lt le.",
}


class CapabilityStatement:
    """Builds the CapabilityStatement once per server (it does not change at run time)."""

    @staticmethod
    def build(base: str, limits: HttpLimits, started: datetime | None = None) -> dict[str, Any]:
        when = (started or datetime.now(UTC)).strftime("%Y-%m-%dT%H:%M:%SZ")
        return {
            "resourceType": "CapabilityStatement",
            "status": "active",
            "date": when,
            "publisher": "Cabinet",
            "kind": "instance",
            "software": {"name": "Cabinet backend", "version": SOFTWARE_VERSION},
            "implementation": {"description": "Cabinet lightweight FHIR R4 server", "url": base},
            "fhirVersion": FHIR_VERSION,
            "format": ["application/fhir+json", "json"],
            "rest": [
                {
                    "mode": "server",
                    "documentation": CapabilityStatement._documentation(limits),
                    "security": {
                        "cors": False,
                        "description": (
                            "Every endpoint but /metadata needs 'Authorization: Bearer "
                            "<token>'. Tokens name a practitioner, expire, and are issued "
                            "by POST /auth/<authenticator> (bootstrap)."
                        ),
                    },
                    "resource": [
                        CapabilityStatement._resource(rtype) for rtype in SearchParameters.TYPES
                    ],
                    "interaction": [
                        {"code": "transaction"},
                        {"code": "batch"},
                        {"code": "history-system"},
                    ],
                    "operation": [
                        {
                            "name": "bandwidth",
                            "definition": "urn:cabinet:OperationDefinition/bandwidth",
                            "documentation": (
                                "GET ?bytes=N: N random bytes (at most 8 MiB); POST: the "
                                "body's size back. A workstation times both before a call."
                            ),
                        }
                    ],
                }
            ],
        }

    @staticmethod
    def _resource(rtype: str) -> dict[str, Any]:
        operations = {"operation": _OPERATIONS[rtype]} if rtype in _OPERATIONS else {}
        return {
            "type": rtype,
            **operations,
            "interaction": [{"code": code} for code in _INTERACTIONS],
            "versioning": "versioned-update",
            "readHistory": True,
            "updateCreate": True,
            "conditionalCreate": True,
            "conditionalRead": "not-supported",
            "conditionalUpdate": False,
            "conditionalDelete": "not-supported",
            "searchParam": [
                {
                    "name": param.name,
                    "type": param.kind.value,
                    "documentation": _SEARCH_DOC.get(param.name)
                    or f"{param.kind.value} on {', '.join(param.paths)}",
                }
                for param in SearchParameters.for_type(rtype)
            ],
        }

    @staticmethod
    def _documentation(limits: HttpLimits) -> str:
        return (
            "JSON only (application/fhir+json or application/json). Searches are strict: "
            "an unknown parameter or modifier is 400 unless 'Prefer: handling=lenient'. "
            "Result parameters: _count (default "
            f"{limits.default_count}, larger values lowered to {limits.max_count}), "
            "_offset, _sort=_lastUpdated or -_lastUpdated, _total=none, _summary=count. "
            f"Limits: body {limits.max_body_bytes} bytes (413), JSON depth "
            f"{limits.max_depth} (400), Bundle entries {limits.max_bundle_entries} (413), "
            f"{limits.request_timeout_s:g} s per request (503)."
        )
