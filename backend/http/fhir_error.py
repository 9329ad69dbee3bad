"""A failed request as FHIR says to report it: an HTTP status and an OperationOutcome."""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

# FHIR issue-type codes (http://hl7.org/fhir/issue-type) by HTTP status, for errors
# raised without a more precise code.
_CODES = {
    400: "invalid",
    401: "login",
    403: "forbidden",
    404: "not-found",
    405: "not-supported",
    406: "not-supported",
    409: "conflict",
    410: "deleted",
    412: "conflict",
    413: "too-costly",
    415: "not-supported",
    422: "processing",
    431: "too-costly",
    500: "exception",
    503: "transient",
}


@dataclass(frozen=True, slots=True)
class Issue:
    """One OperationOutcome.issue; ``expression`` is a FHIRPath like ``Patient.name[0]``."""

    diagnostics: str
    code: str = "invalid"
    expression: str | None = None
    severity: str = "error"

    def as_json(self) -> dict[str, Any]:
        issue: dict[str, Any] = {
            "severity": self.severity,
            "code": self.code,
            "diagnostics": self.diagnostics,
        }
        if self.expression is not None:
            # R4 deprecates ``location`` for ``expression``; older clients read it still.
            issue["expression"] = [self.expression]
            issue["location"] = [self.expression]
        return issue


class FhirError(Exception):
    """Raised anywhere below a handler; the error middleware turns it into the response.

    Messages say what is wrong and where, never the content of a resource.
    """

    def __init__(
        self,
        status: int,
        diagnostics: str,
        *,
        code: str | None = None,
        expression: str | None = None,
        issues: Sequence[Issue] = (),
        headers: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__(diagnostics)
        self.status = status
        self.headers = dict(headers or {})
        first = Issue(diagnostics, code or _CODES.get(status, "processing"), expression)
        self.issues: tuple[Issue, ...] = tuple(issues) or (first,)

    @property
    def diagnostics(self) -> str:
        return self.issues[0].diagnostics

    def outcome(self) -> dict[str, Any]:
        return {
            "resourceType": "OperationOutcome",
            "issue": [issue.as_json() for issue in self.issues],
        }

    def prefixed(self, prefix: str) -> "FhirError":
        """The same error located inside a Bundle entry (``Bundle.entry[3].resource``)."""
        issues = [
            Issue(
                f"{prefix}: {issue.diagnostics}",
                issue.code,
                _join(prefix, issue.expression),
                issue.severity,
            )
            for issue in self.issues
        ]
        return FhirError(self.status, issues[0].diagnostics, issues=issues, headers=self.headers)

    @staticmethod
    def code_for(status: int) -> str:
        return _CODES.get(status, "processing")


def _join(prefix: str, expression: str | None) -> str:
    if expression is None:
        return prefix
    # ``Patient.name[0]`` inside an entry: the entry's resource replaces the type name.
    _, dot, rest = expression.partition(".")
    return f"{prefix}.{rest}" if dot else prefix
