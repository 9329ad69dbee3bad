"""The Pro Santé Connect the server trusts: its discovery document, keys and userinfo.

Read lazily, on the first PSC login, so that the server starts (and serves its other
logins) while PSC is unreachable; the discovery document is kept ``discovery_ttl_s``,
the key set until a token names a ``kid`` it does not hold (a rotation), then read
again at most every ``min_refresh_s``. Every request has a timeout; a provider that
does not answer raises :class:`IdentityProviderUnreachableError` (503), a document that
does not fit raises it too, since the administrator, not the caller, has to act.

The discovery URL is configured in full (PSC's path is non-standard); the issuer it
names must be the URL's prefix, and every endpoint HTTPS (HTTP on loopback only, for
tests and local development).
"""

import ipaddress
import json
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import aiohttp
from jwt import PyJWK
from jwt.exceptions import PyJWKError

from backend.auth.auth_error import AuthError
from backend.auth.identity_provider_unreachable_error import IdentityProviderUnreachableError

log = logging.getLogger("backend.auth")

MAX_DOCUMENT_BYTES = 256 * 1024
DEFAULT_TIMEOUT_S = 10.0
DEFAULT_DISCOVERY_TTL_S = 3600.0
DEFAULT_MIN_REFRESH_S = 10.0  # as Keycloak spaces its own key reads


@dataclass(frozen=True, slots=True)
class PscMetadata:
    """What the server uses of the discovery document."""

    issuer: str
    jwks_uri: str
    userinfo_endpoint: str | None
    id_token_signing_algs: tuple[str, ...]


class PscProvider:
    """``metadata()``, ``key(kid, alg)``, ``userinfo(access_token)``."""

    def __init__(
        self,
        discovery_url: str,
        *,
        timeout_s: float = DEFAULT_TIMEOUT_S,
        discovery_ttl_s: float = DEFAULT_DISCOVERY_TTL_S,
        min_refresh_s: float = DEFAULT_MIN_REFRESH_S,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        if not PscProvider.is_acceptable(discovery_url):
            raise ValueError("the PSC discovery URL must be HTTPS (HTTP only on loopback)")
        self.discovery_url = discovery_url
        self._timeout = aiohttp.ClientTimeout(total=timeout_s, connect=min(5.0, timeout_s))
        self._discovery_ttl_s = discovery_ttl_s
        self._min_refresh_s = min_refresh_s
        self._clock = clock
        self._metadata: PscMetadata | None = None
        self._metadata_at = 0.0
        self._keys: list[dict[str, Any]] = []
        self._keys_at: float | None = None

    async def metadata(self) -> PscMetadata:
        if self._metadata is None or self._clock() - self._metadata_at > self._discovery_ttl_s:
            document = await self._get_json(self.discovery_url, "discovery")
            self._metadata = _metadata(document, self.discovery_url)
            self._metadata_at = self._clock()
        return self._metadata

    async def key(self, kid: str | None, alg: str) -> PyJWK:
        """The key that signed a token; AuthError (401) if PSC publishes none such."""
        found = self._find(kid, alg)
        if found is None and (
            self._keys_at is None or self._clock() - self._keys_at >= self._min_refresh_s
        ):
            metadata = await self.metadata()
            self._keys_at = self._clock()
            document = await self._get_json(metadata.jwks_uri, "JWKS")
            keys = document.get("keys")
            if not isinstance(keys, list):
                raise IdentityProviderUnreachableError("PSC's JWKS holds no key set")
            self._keys = [k for k in keys if isinstance(k, dict) and k.get("use", "sig") == "sig"]
            found = self._find(kid, alg)
        if found is None:
            raise AuthError(
                "the token is signed by a key Pro Santé Connect does not publish",
                scheme="PSC",
                error="invalid_token",
            )
        return found

    async def userinfo(self, access_token: str) -> tuple[str, bytes]:
        """(content type, body) of PSC's userinfo for ``access_token``.

        AuthError (401) if PSC refuses the token; 503 if it cannot be asked.
        """
        endpoint = (await self.metadata()).userinfo_endpoint
        if endpoint is None:
            raise IdentityProviderUnreachableError("PSC's discovery names no userinfo endpoint")
        try:
            async with (
                aiohttp.ClientSession(timeout=self._timeout) as session,
                session.get(
                    endpoint,
                    headers={"Authorization": f"Bearer {access_token}"},
                    allow_redirects=False,
                ) as response,
            ):
                body = await response.content.read(MAX_DOCUMENT_BYTES + 1)
                status, content_type = response.status, response.content_type
        except (aiohttp.ClientError, TimeoutError, OSError) as exc:
            raise IdentityProviderUnreachableError(
                f"PSC userinfo unreachable ({type(exc).__name__})"
            ) from None
        if status in {401, 403}:
            raise AuthError(
                "Pro Santé Connect refused the access token (expired or revoked)",
                scheme="PSC",
                error="invalid_token",
            )
        if status != 200 or len(body) > MAX_DOCUMENT_BYTES:
            raise IdentityProviderUnreachableError(f"PSC userinfo answered HTTP {status}")
        return content_type, body

    @staticmethod
    def is_acceptable(url: str) -> bool:
        """HTTPS, or HTTP to a loopback address."""
        return _is_acceptable(url)

    def _find(self, kid: str | None, alg: str) -> PyJWK | None:
        fitting: list[PyJWK] = []
        for data in self._keys:
            if data.get("alg", alg) != alg or (kid is not None and data.get("kid") != kid):
                continue
            try:
                fitting.append(PyJWK(data, alg))
            except PyJWKError:
                continue
        return fitting[0] if len(fitting) == 1 else None

    async def _get_json(self, url: str, what: str) -> dict[str, Any]:
        try:
            async with (
                aiohttp.ClientSession(timeout=self._timeout) as session,
                session.get(
                    url, headers={"Accept": "application/json"}, allow_redirects=False
                ) as response,
            ):
                raw = await response.content.read(MAX_DOCUMENT_BYTES + 1)
                status = response.status
        except (aiohttp.ClientError, TimeoutError, OSError) as exc:
            log.warning("PSC %s unreachable: %s", what, type(exc).__name__)
            raise IdentityProviderUnreachableError(
                f"Pro Santé Connect cannot be reached ({what})"
            ) from None
        try:
            document = json.loads(raw) if status == 200 and len(raw) <= MAX_DOCUMENT_BYTES else None
        except ValueError:
            document = None
        if not isinstance(document, dict):
            log.warning("PSC %s: HTTP %d, not a JSON object", what, status)
            raise IdentityProviderUnreachableError(f"Pro Santé Connect's {what} is unusable")
        return document


def _is_acceptable(url: str) -> bool:
    """HTTPS, or HTTP to a loopback address."""
    parts = urlsplit(url)
    if parts.scheme == "https" and parts.hostname:
        return True
    host = parts.hostname or ""
    if parts.scheme != "http":
        return False
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _metadata(document: dict[str, Any], url: str) -> PscMetadata:
    issuer, jwks_uri = document.get("issuer"), document.get("jwks_uri")
    if not isinstance(issuer, str) or not isinstance(jwks_uri, str):
        raise IdentityProviderUnreachableError("PSC's discovery lacks issuer or jwks_uri")
    if not url.startswith(issuer.rstrip("/") + "/.well-known/"):
        raise IdentityProviderUnreachableError(
            "PSC's discovery names an issuer other than the one it was found under"
        )
    userinfo = document.get("userinfo_endpoint")
    algs = document.get("id_token_signing_alg_values_supported")
    metadata = PscMetadata(
        issuer=issuer,
        jwks_uri=jwks_uri,
        userinfo_endpoint=userinfo if isinstance(userinfo, str) else None,
        id_token_signing_algs=tuple(a for a in algs if isinstance(a, str))
        if isinstance(algs, list)
        else ("RS256",),
    )
    for endpoint in (metadata.issuer, metadata.jwks_uri, metadata.userinfo_endpoint):
        if endpoint is not None and not PscProvider.is_acceptable(endpoint):
            raise IdentityProviderUnreachableError("PSC's discovery names a non-HTTPS endpoint")
    return metadata
