"""``POST /auth/<name>``: an authenticator vouches for a practitioner, the server issues a token.

The answer follows OAuth 2's token response (RFC 6749 §5.1): ``access_token``,
``token_type`` ``Bearer`` and ``expires_in`` seconds, never cached. Asking again (with
the same proof) is how a client refreshes before expiry. ``POST /auth/<name>/login`` is
the same endpoint, named for methods that have a step before it:
``POST /auth/<name>/challenge`` answers what a :class:`ChallengeAuthenticator` hands out
(the CPS card login's challenge, Pro Santé Connect's nonce). A method not set up on
this server answers 501, a challenge asked too often 429 with ``Retry-After``, and a
login whose identity provider cannot be reached 503 with ``Retry-After``.
"""

import math
from collections.abc import Sequence

from aiohttp import web

from backend.auth.authenticator import Authenticator
from backend.auth.challenge_authenticator import ChallengeAuthenticator
from backend.auth.identity_provider_unreachable_error import IdentityProviderUnreachableError
from backend.auth.login_throttled_error import LoginThrottledError
from backend.auth.login_unavailable_error import LoginUnavailableError
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
        except LoginUnavailableError as exc:
            raise _unavailable(exc) from None
        except IdentityProviderUnreachableError as exc:
            raise _provider_unreachable(exc) from None
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

    async def challenge(self, request: web.Request) -> web.Response:
        """The challenge step; the request body, if any, is not read."""
        authenticator = self._authenticators.get(request.match_info["name"])
        if not isinstance(authenticator, ChallengeAuthenticator):
            raise FhirError(404, "No authentication method with a challenge by that name")
        try:
            answer = await authenticator.challenge(request.remote)
        except LoginUnavailableError as exc:
            raise _unavailable(exc) from None
        except LoginThrottledError as exc:
            raise FhirError(
                429,
                exc.message,
                code="throttled",
                headers={"Retry-After": str(max(1, math.ceil(exc.retry_after_s)))},
            ) from None
        return web.json_response(
            dict(answer), headers={"Cache-Control": "no-store", "Pragma": "no-cache"}
        )


def _unavailable(exc: LoginUnavailableError) -> FhirError:
    return FhirError(501, exc.message, code="not-supported")


def _provider_unreachable(exc: IdentityProviderUnreachableError) -> FhirError:
    return FhirError(
        503,
        exc.message,
        code="transient",
        headers={"Retry-After": str(max(1, math.ceil(exc.retry_after_s)))},
    )
