"""The OpenID provider's metadata, read from its discovery document (OpenID Discovery 1.0).

The URL is configured in full because Pro Santé Connect serves the document at a
non-standard path (``<issuer>/.well-known/wallet-openid-configuration``). What the
specification requires still holds: the ``issuer`` in the document is the URL the
document was found under (so a document cannot speak for another issuer), and every
endpoint is HTTPS; plain HTTP is accepted on a loopback address only, where the tests
and a local development provider run.
"""

import ipaddress
import json
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import aiohttp

from sync.psc_login_error import PscFailure, PscLoginError

MAX_DOCUMENT_BYTES = 256 * 1024
_REQUIRED = ("issuer", "authorization_endpoint", "token_endpoint", "jwks_uri")


@dataclass(frozen=True, slots=True)
class OidcDiscovery:
    """What the clients here use of the provider's metadata."""

    issuer: str
    authorization_endpoint: str
    token_endpoint: str
    jwks_uri: str
    userinfo_endpoint: str | None
    backchannel_authentication_endpoint: str | None
    id_token_signing_algs: tuple[str, ...]
    code_challenge_methods: tuple[str, ...]
    acr_values: tuple[str, ...]
    iss_in_authorization_response: bool

    @property
    def supports_ciba(self) -> bool:
        return self.backchannel_authentication_endpoint is not None

    @staticmethod
    async def fetch(session: aiohttp.ClientSession, url: str, timeout_s: float) -> "OidcDiscovery":
        """PscLoginError: UNREACHABLE, or PROVIDER_ERROR for a document that does not fit."""
        check_url(url, "the discovery URL")
        try:
            async with session.get(
                url,
                headers={"Accept": "application/json"},
                timeout=aiohttp.ClientTimeout(total=timeout_s),
                allow_redirects=False,
            ) as response:
                if response.status >= 500:
                    raise PscLoginError(
                        PscFailure.UNREACHABLE, f"discovery: HTTP {response.status}"
                    )
                if response.status != 200:
                    raise PscLoginError(
                        PscFailure.PROVIDER_ERROR, f"discovery: HTTP {response.status}"
                    )
                raw = await response.content.read(MAX_DOCUMENT_BYTES + 1)
        except (aiohttp.ClientError, TimeoutError, OSError) as exc:
            raise PscLoginError(
                PscFailure.UNREACHABLE, f"discovery: {type(exc).__name__}"
            ) from None
        if len(raw) > MAX_DOCUMENT_BYTES:
            raise PscLoginError(PscFailure.PROVIDER_ERROR, "discovery: document too large")
        try:
            document = json.loads(raw)
        except ValueError:
            raise PscLoginError(PscFailure.PROVIDER_ERROR, "discovery: not JSON") from None
        return OidcDiscovery.from_document(document, url)

    @staticmethod
    def from_document(document: Any, url: str) -> "OidcDiscovery":
        if not isinstance(document, dict):
            raise PscLoginError(PscFailure.PROVIDER_ERROR, "discovery: not a JSON object")
        for name in _REQUIRED:
            if not isinstance(document.get(name), str):
                raise PscLoginError(PscFailure.PROVIDER_ERROR, f"discovery: no {name}")
        issuer: str = document["issuer"]
        if not url.startswith(issuer.rstrip("/") + "/.well-known/"):
            raise PscLoginError(
                PscFailure.PROVIDER_ERROR,
                "discovery: the document's issuer is not the one it was found under",
            )
        ciba = document.get("backchannel_authentication_endpoint")
        if ciba is not None and not (
            isinstance(ciba, str)
            and "poll" in _strings(document, "backchannel_token_delivery_modes_supported")
        ):
            # Only the poll mode suits a workstation, which has no endpoint to be pinged.
            ciba = None
        userinfo = document.get("userinfo_endpoint")
        discovery = OidcDiscovery(
            issuer=issuer,
            authorization_endpoint=document["authorization_endpoint"],
            token_endpoint=document["token_endpoint"],
            jwks_uri=document["jwks_uri"],
            userinfo_endpoint=userinfo if isinstance(userinfo, str) else None,
            backchannel_authentication_endpoint=ciba,
            id_token_signing_algs=_strings(document, "id_token_signing_alg_values_supported")
            or ("RS256",),
            code_challenge_methods=_strings(document, "code_challenge_methods_supported"),
            acr_values=_strings(document, "acr_values_supported"),
            iss_in_authorization_response=document.get(
                "authorization_response_iss_parameter_supported"
            )
            is True,
        )
        for endpoint in (
            discovery.issuer,
            discovery.authorization_endpoint,
            discovery.token_endpoint,
            discovery.jwks_uri,
            discovery.userinfo_endpoint,
            discovery.backchannel_authentication_endpoint,
        ):
            if endpoint is not None:
                check_url(endpoint, "a discovered endpoint")
        return discovery


def check_url(url: str, what: str) -> None:
    """PROVIDER_ERROR unless ``url`` is HTTPS, or HTTP to a loopback address."""
    parts = urlsplit(url)
    if parts.scheme == "https" and parts.hostname:
        return
    if parts.scheme == "http" and _is_loopback(parts.hostname or ""):
        return
    raise PscLoginError(
        PscFailure.PROVIDER_ERROR, f"{what} must be HTTPS (HTTP only on a loopback address)"
    )


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _strings(document: dict[str, Any], name: str) -> tuple[str, ...]:
    value = document.get(name)
    if not isinstance(value, list):
        return ()
    return tuple(item for item in value if isinstance(item, str))
