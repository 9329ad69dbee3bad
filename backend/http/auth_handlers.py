"""``POST /auth/<name>``: an authenticator vouches for a practitioner, the server issues a token.

The answer follows OAuth 2's token response (RFC 6749 §5.1): ``access_token``,
``token_type`` ``Bearer`` and ``expires_in`` seconds, never cached. Asking again (with
the same proof) is how a client refreshes before expiry.
"""

from collections.abc import Sequence

from aiohttp import web

from backend.auth.authenticator import Authenticator
from backend.auth.token_issuer import TokenIssuer
from backend.http.fhir_error import FhirError
from backend.http.http_limits import HttpLimits
from backend.http.json_body import JsonBody

# A login body is a few names; nothing bigger is read before the proof is checked.
MAX_LOGIN_BODY = 16 * 1024


class AuthHandlers:
    """The token endpoint of every configured authenticator."""

    def __init__(self, issuer: TokenIssuer, authenticators: Sequence[Authenticator]) -> None:
        self._issuer = issuer
        self._authenticators = {a.name: a for a in authenticators}
        self._body = JsonBody(HttpLimits(max_body_bytes=MAX_LOGIN_BODY, max_depth=8))

    async def token(self, request: web.Request) -> web.Response:
        authenticator = self._authenticators.get(request.match_info["name"])
        if authenticator is None:
            raise FhirError(404, "No such authentication method on this server")
        body = await self._body.read_json(request)
        if not isinstance(body, dict):
            raise FhirError(400, "The body must be a JSON object")
        try:
            principal = await authenticator.authenticate(request.headers.get("Authorization"), body)
        except ValueError as exc:
            raise FhirError(400, str(exc)) from None
        issued = self._issuer.issue(principal)
        return web.json_response(
            {
                "access_token": issued.access_token,
                "token_type": "Bearer",
                "expires_in": issued.expires_in,
                "practitioner": principal.practitioner,
            },
            headers={"Cache-Control": "no-store", "Pragma": "no-cache"},
        )
