"""What a server says it can do (its CapabilityStatement), as sync needs it.

Read with fhirclient's R4 model, leniently: a server's statement that breaks a rule
somewhere irrelevant must not stop sync. Missing statements mean the least: no history,
no batch, no type known (then sync still tries the types it needs).
"""

import logging
from dataclasses import dataclass, field
from typing import Any

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class ServerCapabilities:
    """``history_system``: ``GET [base]/_history`` with ``_since`` can be used."""

    history_system: bool = False
    batch: bool = False
    types: frozenset[str] = field(default_factory=frozenset)
    history_types: frozenset[str] = field(default_factory=frozenset)
    fhir_version: str | None = None

    @classmethod
    def parse(cls, statement: Any) -> "ServerCapabilities":
        if not isinstance(statement, dict) or statement.get("resourceType") != (
            "CapabilityStatement"
        ):
            return cls()
        from fhirclient.models.capabilitystatement import CapabilityStatement

        try:
            model = CapabilityStatement(statement, strict=False)
        except Exception as exc:  # noqa: BLE001 - fhirclient raises bare FHIRValidationError trees
            log.warning("unreadable CapabilityStatement: %s", type(exc).__name__)
            return cls()
        history_system = batch = False
        types: set[str] = set()
        history_types: set[str] = set()
        for rest in model.rest or []:
            if rest.mode != "server":
                continue
            codes = {i.code for i in rest.interaction or []}
            history_system |= "history-system" in codes
            batch |= "batch" in codes
            for resource in rest.resource or []:
                types.add(resource.type)
                if "history-type" in {i.code for i in resource.interaction or []}:
                    history_types.add(resource.type)
        return cls(
            history_system=history_system,
            batch=batch,
            types=frozenset(types),
            history_types=frozenset(history_types),
            fhir_version=model.fhirVersion,
        )
