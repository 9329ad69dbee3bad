"""Checks an id_token as OpenID Connect Core §3.1.3.7 says, before anyone trusts a claim.

The signature is verified by PyJWT (a maintained JOSE library; see pyproject.toml) with
the provider's key found by ``kid`` in its JWKS, for an algorithm both the provider
announces and we accept (RS256, PS256, ES256: never ``none`` nor an HMAC keyed with
public material). Then, each a refusal on its own: ``iss`` is the discovered issuer;
``aud`` names our client (and, if it names others, ``azp`` is ours); ``exp`` is in the
future and ``iat`` not in the future, within ``leeway_s`` of our clock; ``nonce`` is the
one this login sent; ``acr`` is the level asked for (PSC: ``eidas1``). The time checks
use an injectable clock, so a test can validate a real token at a later instant.

Every refusal is ``PscLoginError(INVALID_TOKEN)`` naming the check, never the token.
"""

import hmac
import time
from collections.abc import Callable, Mapping
from typing import Any, TypeGuard

import jwt
from jwt.exceptions import PyJWTError

from sync.jwks_cache import JwksCache
from sync.oidc_discovery import OidcDiscovery
from sync.psc_login_error import PscFailure, PscLoginError

ACCEPTED_ALGS = frozenset({"RS256", "PS256", "ES256"})
MAX_TOKEN_CHARS = 16 * 1024


class IdTokenValidator:
    """One provider and one client; ``validate`` per token."""

    def __init__(
        self,
        discovery: OidcDiscovery,
        client_id: str,
        keys: JwksCache,
        *,
        acr: str | None,
        leeway_s: float,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self._discovery = discovery
        self._client_id = client_id
        self._keys = keys
        self._acr = acr
        self._leeway_s = leeway_s
        self._clock = clock
        self._algs = ACCEPTED_ALGS.intersection(discovery.id_token_signing_algs)

    async def validate(self, token: str, *, nonce: str | None) -> Mapping[str, Any]:
        """The claims of a valid token; ``nonce`` None only where none was sent (CIBA)."""
        claims = await self.verified_claims(token)
        self._check_audience(claims)
        self._check_times(claims)
        sent = nonce or ""
        got = claims.get("nonce")
        if nonce is not None and not (
            isinstance(got, str) and hmac.compare_digest(got.encode(), sent.encode())
        ):
            raise _invalid("the nonce is not the one this login sent")
        if self._acr is not None and claims.get("acr") != self._acr:
            raise _invalid(f"the authentication level is not {self._acr}")
        if not isinstance(claims.get("sub"), str) or not claims["sub"]:
            raise _invalid("no subject")
        return claims

    async def verified_claims(self, token: str) -> dict[str, Any]:
        """Signature and issuer checked; the rest is the caller's (userinfo JWTs too)."""
        if not isinstance(token, str) or len(token) > MAX_TOKEN_CHARS or token.count(".") != 2:
            raise _invalid("not a signed JWT (JWS compact form)")
        try:
            header = jwt.get_unverified_header(token)
        except PyJWTError:
            raise _invalid("malformed header") from None
        alg = header.get("alg")
        if not isinstance(alg, str) or alg not in self._algs:
            raise _invalid(f"signature algorithm {alg!r} not accepted")
        kid = header.get("kid")
        key = await self._keys.key(kid if isinstance(kid, str) else None, alg)
        try:
            claims: dict[str, Any] = jwt.decode(
                token,
                key.key,
                algorithms=[alg],
                issuer=self._discovery.issuer,
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
            raise _invalid("issued by another issuer") from None
        except jwt.InvalidSignatureError:
            raise _invalid("bad signature") from None
        except PyJWTError as exc:
            raise _invalid(f"rejected by the JOSE library ({type(exc).__name__})") from None
        return claims

    def _check_audience(self, claims: Mapping[str, Any]) -> None:
        aud = claims.get("aud")
        audiences = [aud] if isinstance(aud, str) else aud if isinstance(aud, list) else []
        if self._client_id not in audiences:
            raise _invalid("issued for another client (audience)")
        azp = claims.get("azp")
        if (len(audiences) > 1 or azp is not None) and azp != self._client_id:
            raise _invalid("authorized for another party (azp)")

    def _check_times(self, claims: Mapping[str, Any]) -> None:
        now = self._clock()
        exp, iat = claims.get("exp"), claims.get("iat")
        if not _is_number(exp) or not _is_number(iat):
            raise _invalid("no expiry or issue time")
        if exp <= now - self._leeway_s:
            raise _invalid("expired")
        if iat > now + self._leeway_s:
            raise _invalid("issued in the future")
        nbf = claims.get("nbf")
        if _is_number(nbf) and nbf > now + self._leeway_s:
            raise _invalid("not valid yet")


def _is_number(value: object) -> TypeGuard[float]:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _invalid(reason: str) -> PscLoginError:
    return PscLoginError(PscFailure.INVALID_TOKEN, f"id_token: {reason}")
