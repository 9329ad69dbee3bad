"""The provider's signing keys (its JWKS), looked up by ``kid``, fetched again on rotation.

A provider rotates keys by publishing the new one beside the old, then signing with it:
a token naming a ``kid`` we do not hold makes us fetch the set again, once. Fetches are
spaced by ``min_refresh_s`` so that tokens with made-up ``kid`` values cannot make us
hammer the provider. Keys not meant for signatures (``use`` other than ``sig``) and
keys PyJWT cannot load are left out.
"""

import json
import time
from collections.abc import Callable
from typing import Any

import aiohttp
from jwt import PyJWK
from jwt.exceptions import PyJWKError

from sync.psc_login_error import PscFailure, PscLoginError

MAX_JWKS_BYTES = 256 * 1024
DEFAULT_MIN_REFRESH_S = 10.0  # as Keycloak spaces its own key reads


class JwksCache:
    """``await key(kid, alg)``: the public key to check a signature with."""

    def __init__(
        self,
        session: aiohttp.ClientSession,
        jwks_uri: str,
        timeout_s: float,
        *,
        min_refresh_s: float = DEFAULT_MIN_REFRESH_S,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._session = session
        self._uri = jwks_uri
        self._timeout = aiohttp.ClientTimeout(total=timeout_s)
        self._min_refresh_s = min_refresh_s
        self._clock = clock
        self._keys: list[dict[str, Any]] = []
        self._fetched_at: float | None = None

    async def key(self, kid: str | None, alg: str) -> PyJWK:
        """INVALID_TOKEN when no published key fits; UNREACHABLE if the set cannot be read."""
        found = self._find(kid, alg)
        if found is None and self._may_refresh():
            await self._refresh()
            found = self._find(kid, alg)
        if found is None:
            raise PscLoginError(
                PscFailure.INVALID_TOKEN,
                "the token is signed by a key the provider does not publish",
            )
        return found

    def _may_refresh(self) -> bool:
        return self._fetched_at is None or self._clock() - self._fetched_at >= self._min_refresh_s

    def _find(self, kid: str | None, alg: str) -> PyJWK | None:
        fitting: list[PyJWK] = []
        for data in self._keys:
            if data.get("alg", alg) != alg or (kid is not None and data.get("kid") != kid):
                continue
            try:
                # The key is built for the token's algorithm, which must suit its type.
                fitting.append(PyJWK(data, alg))
            except PyJWKError:
                continue
        # Without a kid, acceptable only when a single key could have signed it.
        return fitting[0] if len(fitting) == 1 else None

    async def _refresh(self) -> None:
        self._fetched_at = self._clock()
        try:
            async with self._session.get(
                self._uri,
                headers={"Accept": "application/json"},
                timeout=self._timeout,
                allow_redirects=False,
            ) as response:
                if response.status != 200:
                    raise PscLoginError(PscFailure.UNREACHABLE, f"JWKS: HTTP {response.status}")
                raw = await response.content.read(MAX_JWKS_BYTES + 1)
        except (aiohttp.ClientError, TimeoutError, OSError) as exc:
            raise PscLoginError(PscFailure.UNREACHABLE, f"JWKS: {type(exc).__name__}") from None
        try:
            document = json.loads(raw) if len(raw) <= MAX_JWKS_BYTES else None
        except ValueError:
            document = None
        keys = document.get("keys") if isinstance(document, dict) else None
        if not isinstance(keys, list):
            raise PscLoginError(PscFailure.PROVIDER_ERROR, "JWKS: not a key set")
        self._keys = [
            data for data in keys if isinstance(data, dict) and data.get("use", "sig") == "sig"
        ]
