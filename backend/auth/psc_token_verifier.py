"""Checks a Pro Santé Connect id_token (OpenID Connect Core §3.1.3.7) for this server.

The server checks again what the workstation already checked, since it trusts no
client: signature by a key PSC publishes (found by ``kid``; RS256, PS256 or ES256 only,
as PSC announces them), ``iss`` the configured PSC, ``aud`` this software's client id
(and ``azp`` it too when several audiences are named), ``exp`` not passed and ``iat``
neither in the future nor older than ``max_age_s`` (a login token is used at once),
``acr`` the level required (``eidas1``). Signatures are PyJWT's; the time checks use
an injectable clock. Each refusal is an AuthError (401) saying which check failed.
"""

import time
from collections.abc import Callable
from typing import Any, TypeGuard

import jwt
from jwt.exceptions import PyJWTError

from backend.auth.auth_error import AuthError
from backend.auth.psc_provider import PscProvider

ACCEPTED_ALGS = frozenset({"RS256", "PS256", "ES256"})
MAX_TOKEN_CHARS = 16 * 1024
DEFAULT_LEEWAY_S = 60.0
DEFAULT_MAX_AGE_S = 600.0


class PscTokenVerifier:
    """``await verify(id_token)``: its claims, once every check passed."""

    def __init__(
        self,
        provider: PscProvider,
        client_id: str,
        *,
        acr: str | None = "eidas1",
        leeway_s: float = DEFAULT_LEEWAY_S,
        max_age_s: float = DEFAULT_MAX_AGE_S,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self._provider = provider
        self._client_id = client_id
        self._acr = acr
        self._leeway_s = leeway_s
        self._max_age_s = max_age_s
        self._clock = clock

    async def verify(self, token: str) -> dict[str, Any]:
        claims = await self.signed_claims(token)
        aud = claims.get("aud")
        audiences = [aud] if isinstance(aud, str) else aud if isinstance(aud, list) else []
        if self._client_id not in audiences:
            raise _refused("the id_token was issued for another application (audience)")
        azp = claims.get("azp")
        if (len(audiences) > 1 or azp is not None) and azp != self._client_id:
            raise _refused("the id_token was authorized for another party (azp)")
        now = self._clock()
        exp, iat = claims.get("exp"), claims.get("iat")
        if not _is_number(exp) or not _is_number(iat):
            raise _refused("the id_token has no expiry or issue time")
        if exp <= now - self._leeway_s:
            raise _refused("the id_token expired")
        if iat > now + self._leeway_s:
            raise _refused("the id_token is issued in the future")
        if iat < now - self._max_age_s - self._leeway_s:
            raise _refused("the id_token is too old for a login")
        if self._acr is not None and claims.get("acr") != self._acr:
            raise _refused(f"the authentication level is not {self._acr}")
        if not isinstance(claims.get("sub"), str) or not claims["sub"]:
            raise _refused("the id_token names no subject")
        return claims

    async def signed_claims(self, token: str) -> dict[str, Any]:
        """Signature and issuer checked, nothing else (a signed userinfo needs no more)."""
        if len(token) > MAX_TOKEN_CHARS or token.count(".") != 2:
            raise _refused("not a signed JWT (JWS compact form)")
        metadata = await self._provider.metadata()
        try:
            header = jwt.get_unverified_header(token)
        except PyJWTError:
            raise _refused("malformed JWT header") from None
        alg = header.get("alg")
        if not isinstance(alg, str) or alg not in ACCEPTED_ALGS.intersection(
            metadata.id_token_signing_algs
        ):
            raise _refused(f"signature algorithm {alg!r} not accepted")
        kid = header.get("kid")
        key = await self._provider.key(kid if isinstance(kid, str) else None, alg)
        try:
            claims: dict[str, Any] = jwt.decode(
                token,
                key.key,
                algorithms=[alg],
                issuer=metadata.issuer,
                options={
                    "verify_signature": True,
                    "verify_iss": True,
                    "verify_aud": False,
                    "verify_exp": False,
                    "verify_iat": False,
                    "verify_nbf": False,
                    "require": ["iss"],
                },
            )
        except jwt.InvalidIssuerError:
            raise _refused("the token comes from another issuer") from None
        except jwt.InvalidSignatureError:
            raise _refused("the token's signature is wrong") from None
        except PyJWTError as exc:
            raise _refused(f"the token is malformed ({type(exc).__name__})") from None
        return claims


def _is_number(value: object) -> TypeGuard[float]:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _refused(message: str) -> AuthError:
    return AuthError(message, scheme="PSC", error="invalid_token")
