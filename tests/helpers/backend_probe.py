"""Asking the embedded backend, as sync would, whether the token it holds still opens it."""

import aiohttp

from sync.embedded_backend import EmbeddedBackend


class BackendProbe:
    """Static helpers only."""

    @staticmethod
    async def patients_status(backend: EmbeddedBackend) -> int:
        """What the server says to sync's next request, under the token sync would send."""
        url = backend.base_url
        assert url is not None
        headers = {"Authorization": f"Bearer {await backend.token()}"}
        async with (
            aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=10)) as http,
            http.get(f"{url}/Patient", headers=headers) as response,
        ):
            return response.status
