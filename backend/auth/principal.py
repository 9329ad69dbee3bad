"""The practitioner a request acts for, as an authenticator vouched for them."""

import re
from dataclasses import dataclass
from typing import Any, TypeGuard

# The RPPS number (Répertoire partagé des professionnels de santé) has 11 digits.
RPPS_PATTERN = re.compile(r"\d{11}")
PRACTITIONER_REFERENCE = re.compile(r"Practitioner/[A-Za-z0-9\-.]{1,64}")
RPPS_SYSTEM = "https://rpps.esante.gouv.fr"
MAX_DISPLAY = 200


@dataclass(frozen=True, slots=True)
class Principal:
    """``practitioner`` is an RPPS number or a ``Practitioner/<id>`` reference.

    ``session_start`` (Unix seconds) is when the practitioner last proved who they are;
    a renewed token keeps it, so a session cannot be renewed past its maximum length.
    None: now (a fresh login).
    """

    practitioner: str
    display: str | None = None
    session_start: int | None = None

    @staticmethod
    def is_valid_practitioner(value: object) -> TypeGuard[str]:
        return isinstance(value, str) and bool(
            RPPS_PATTERN.fullmatch(value) or PRACTITIONER_REFERENCE.fullmatch(value)
        )

    def reference(self) -> dict[str, Any]:
        """The FHIR Reference naming this practitioner (AuditEvent.agent.who)."""
        who: dict[str, Any]
        if RPPS_PATTERN.fullmatch(self.practitioner):
            who = {"identifier": {"system": RPPS_SYSTEM, "value": self.practitioner}}
        else:
            who = {"reference": self.practitioner}
        if self.display:
            who["display"] = self.display
        return who
