"""e-CPS login through Pro Santé Connect: the workstation brings PSC's tokens, the server
checks them with PSC and names the practitioner.

Why the id_token and the access token, rather than either alone: the id_token is what
OpenID Connect makes for the client to authenticate the user with (signed by PSC, for
our client id, at a level, bound to a nonce); the access token alone says none of that
and could have been obtained by any other PSC client. But PSC returns the
practitioner's identifiers (``SubjectNameID``, ``SubjectRefPro``) from userinfo, so the
server asks PSC's userinfo with the access token, and the answer counts only if it is
about the id_token's ``sub`` (OpenID Connect Core §5.3.2).

Protocol (JSON bodies; refusals are OperationOutcomes):

1. ``POST /auth/psc/challenge`` (no body) → ``{"nonce": "<base64url>", "expires_in": 600}``:
   single-use, rate-limited per caller (429). The workstation sends it as the OpenID
   ``nonce`` of its browser login, so the id_token it gets is good for one login here
   and nowhere else.
2. ``POST /auth/psc/login`` (or ``POST /auth/psc``) with
   ``{"id_token": "…", "access_token": "…"}`` → the token response of AuthHandlers,
   naming the practitioner's RPPS number.

Checks: the id_token (:class:`PscTokenVerifier`: signature, issuer, audience, expiry,
age, ``acr``); its nonce is a challenge issued here, unspent and unexpired (spent now).
A CIBA login has no nonce (the protocol has none): such an id_token is accepted once,
fresh (``iat`` within the verifier's maximum age), and refused if presented again to
this server. Then userinfo, whose ``sub`` must match, and ``SubjectNameID`` = ``8`` +
RPPS. PSC unreachable: 503 with ``Retry-After``; the method not configured: 501.
"""

import hashlib
import json
import logging
import re
import time
from collections.abc import Callable, Mapping
from typing import Any

from backend.auth.auth_error import AuthError
from backend.auth.challenge_store import ChallengeStore
from backend.auth.login_unavailable_error import LoginUnavailableError
from backend.auth.principal import MAX_DISPLAY, Principal
from backend.auth.psc_provider import PscProvider
from backend.auth.psc_token_verifier import PscTokenVerifier

log = logging.getLogger("backend.auth")

ID_NAT_PS_RPPS = re.compile(r"8(\d{11})")
NONCE_LIFETIME_S = 600.0  # typing an e-CPS identifier and approving on the phone
MAX_TOKEN_CHARS = 16 * 1024
MAX_REMEMBERED = 4096


class PscAuthenticator:
    """``POST /auth/psc/challenge`` then ``POST /auth/psc/login``."""

    name = "psc"
    scheme = "PSC"

    def __init__(
        self,
        verifier: PscTokenVerifier | None,
        provider: PscProvider | None,
        client_id: str = "",
        challenges: ChallengeStore | None = None,
        *,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self._verifier = verifier
        self._provider = provider
        self._client_id = client_id
        self._challenges = challenges or ChallengeStore(NONCE_LIFETIME_S)
        self._clock = clock
        # Digests of nonce-less (CIBA) id_tokens already used, with their expiry.
        self._used: dict[bytes, float] = {}

    @staticmethod
    def configured(
        discovery_url: str | None, client_id: str | None, acr: str | None = "eidas1"
    ) -> "PscAuthenticator":
        """On with both a discovery URL and a client id; off (501) without."""
        if not discovery_url or not client_id:
            log.info("Pro Santé Connect login is off: no --psc-discovery / --psc-client-id")
            return PscAuthenticator(None, None)
        provider = PscProvider(discovery_url)
        log.info("Pro Santé Connect login trusts %s for client %s", discovery_url, client_id)
        return PscAuthenticator(PscTokenVerifier(provider, client_id, acr=acr), provider, client_id)

    async def challenge(self, client: str | None) -> Mapping[str, Any]:
        self._check_configured()
        issued = self._challenges.issue(client)
        return {"nonce": issued.text, "expires_in": issued.expires_in}

    async def authenticate(
        self,
        authorization: str | None,  # noqa: ARG002 (the proof is all in the body)
        body: Mapping[str, Any],
    ) -> Principal:
        verifier, provider = self._check_configured()
        id_token = _token(body, "id_token")
        access_token = _token(body, "access_token")
        claims = await verifier.verify(id_token)
        self._check_fresh_use(id_token, claims)
        userinfo = await self._userinfo(verifier, provider, access_token)
        if userinfo.get("sub") != claims["sub"]:
            log.warning("PSC login refused: userinfo is about another subject")
            raise _refused("Pro Santé Connect's userinfo is about someone else")
        id_nat_ps = userinfo.get("SubjectNameID", claims.get("SubjectNameID"))
        match = ID_NAT_PS_RPPS.fullmatch(id_nat_ps) if isinstance(id_nat_ps, str) else None
        if match is None:
            log.warning("PSC login refused: the SubjectNameID is not an RPPS idNatPs")
            raise _refused("the Pro Santé Connect identity is not an RPPS practitioner")
        principal = Principal(match.group(1), _display(userinfo))
        log.info("PSC login: practitioner %s", principal.practitioner)
        return principal

    def _check_configured(self) -> tuple[PscTokenVerifier, PscProvider]:
        if self._verifier is None or self._provider is None:
            raise LoginUnavailableError(
                "Pro Santé Connect login is not set up on this server. The administrator "
                "starts it with --psc-discovery (PSC's discovery URL) and --psc-client-id "
                "(the client id the ANS registered for this software)."
            )
        return self._verifier, self._provider

    def _check_fresh_use(self, id_token: str, claims: Mapping[str, Any]) -> None:
        nonce = claims.get("nonce")
        if nonce is not None:
            if not isinstance(nonce, str) or self._challenges.spend(nonce) is None:
                raise _refused(
                    "the login's nonce is unknown here, expired or already used: "
                    "ask POST /auth/psc/challenge for a new one and log in again"
                )
            return
        # No nonce (CIBA): once per token. The verifier already bounded its age.
        now = self._clock()
        for digest in [d for d, expiry in self._used.items() if expiry <= now]:
            del self._used[digest]
        digest = hashlib.sha256(id_token.encode()).digest()
        if digest in self._used:
            raise _refused("this Pro Santé Connect login was already used")
        while len(self._used) >= MAX_REMEMBERED:
            del self._used[next(iter(self._used))]
        self._used[digest] = float(claims["exp"])

    async def _userinfo(
        self, verifier: PscTokenVerifier, provider: PscProvider, access_token: str
    ) -> dict[str, Any]:
        content_type, raw = await provider.userinfo(access_token)
        if content_type == "application/jwt":
            text = raw.decode("ascii", "replace").strip()
            if text.count(".") == 4:
                raise LoginUnavailableError(
                    "Pro Santé Connect answers userinfo encrypted (JWE), which this server "
                    "cannot read: register the client for signed or plain userinfo"
                )
            claims = await verifier.signed_claims(text)
            aud = claims.get("aud")
            if aud is not None and self._client_id not in (
                [aud] if isinstance(aud, str) else aud if isinstance(aud, list) else []
            ):
                raise _refused("Pro Santé Connect's userinfo is for another application")
            return claims
        try:
            document = json.loads(raw)
        except ValueError:
            document = None
        if not isinstance(document, dict):
            raise _refused("Pro Santé Connect's userinfo is not a JSON object")
        return document


def _token(body: Mapping[str, Any], name: str) -> str:
    value = body.get(name)
    if not isinstance(value, str) or not value or len(value) > MAX_TOKEN_CHARS:
        # ValueError: what the HTTP layer answers with 400.
        raise ValueError(f"'{name}' must be the token Pro Santé Connect returned")
    return value


def _display(userinfo: Mapping[str, Any]) -> str | None:
    parts = [userinfo.get(k) for k in ("given_name", "family_name")]
    text = " ".join(p.strip() for p in parts if isinstance(p, str) and p.strip())
    return text[:MAX_DISPLAY] or None


def _refused(message: str) -> AuthError:
    return AuthError(message, scheme="PSC", error="invalid_token")
