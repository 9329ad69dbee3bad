"""Asking the backend's /auth endpoints (CPS, e-CPS, session renewal) and reading its answers.

Every login client posts JSON without following redirects, reads the body with a size
cap, takes a JSON object on 200, and words a refusal with the OperationOutcome's first
diagnostics (the backend's words, which never carry a token or a certificate). What a
status means (refused, unreachable, not offered) is each client's to say.
"""

import json
from typing import Any

import aiohttp

MAX_ANSWER_BYTES = 64 * 1024


class AuthAnswer:
    """Shared by ``CpsBackendLogin``, ``PscBackendLogin`` and ``EcpsBackendGateway``."""

    @classmethod
    async def post(
        cls,
        session: aiohttp.ClientSession,
        url: str,
        body: dict[str, str] | None,
        bearer: str | None = None,
    ) -> tuple[int, dict[str, Any] | None]:
        """The status and the JSON object answered; ConnectionError when the server
        cannot be reached (its words only: the URL and the body stay out of it)."""
        headers = {"Authorization": f"Bearer {bearer}"} if bearer is not None else None
        try:
            async with session.post(
                url, json=body, headers=headers, allow_redirects=False
            ) as response:
                raw = await response.content.read(MAX_ANSWER_BYTES + 1)
                return response.status, cls.parse(raw)
        except (aiohttp.ClientError, TimeoutError, OSError) as exc:
            raise ConnectionError(f"the server: {type(exc).__name__}") from None

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
