"""Reading the backend's answers to a login request (CPS or e-CPS): JSON or its error.

Both login clients read the body with a size cap, take a JSON object on 200, and word
a refusal with the OperationOutcome's first diagnostics (the backend's words, which
never carry a token or a certificate).
"""

import json
from typing import Any

MAX_ANSWER_BYTES = 64 * 1024


class AuthAnswer:
    """Parsing helpers shared by ``CpsBackendLogin`` and ``PscBackendLogin``."""

    @staticmethod
    def parse(raw: bytes) -> dict[str, Any] | None:
        """The JSON object in ``raw`` (read up to ``MAX_ANSWER_BYTES + 1``), else None."""
        if len(raw) > MAX_ANSWER_BYTES:
            return None
        try:
            answer = json.loads(raw)
        except ValueError:
            return None
        return answer if isinstance(answer, dict) else None

    @staticmethod
    def diagnostics(answer: object) -> str | None:
        """The OperationOutcome's first diagnostics, if the answer is one."""
        if not isinstance(answer, dict) or answer.get("resourceType") != "OperationOutcome":
            return None
        issues = answer.get("issue")
        if isinstance(issues, list) and issues and isinstance(issues[0], dict):
            text = issues[0].get("diagnostics")
            return text if isinstance(text, str) else None
        return None
