"""Key rotation at the OpenID provider: both the workstation's JwksCache and the backend's
PscProvider find a new key by its ``kid``, and space their fetches of the key set.

oidc-provider cannot change its keys while running, so the key set here is served by a
small aiohttp server of the test over real HTTP, and the tokens are signed by the test's
own RSA keys with PyJWT. A new key is looked for once the last read of the set is
``min_refresh_s`` old (Keycloak spaces its reads the same way), so that tokens naming
made-up keys cannot make us hammer the provider.
"""

import json
from collections.abc import AsyncIterator
from typing import Any

import jwt
import pytest
import pytest_asyncio
from aiohttp import ClientSession, web
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm

from backend.auth.auth_error import AuthError
from backend.auth.psc_provider import PscProvider
from sync.jwks_cache import JwksCache
from sync.psc_login_error import PscLoginError

pytestmark = pytest.mark.asyncio


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


class KeyServer:
    """Serves a discovery document and a key set the test changes; counts JWKS reads."""

    def __init__(self) -> None:
        self.keys: list[dict[str, Any]] = []
        self.reads = 0
        self.url = ""

    async def jwks(self, _request: web.Request) -> web.Response:
        self.reads += 1
        return web.json_response({"keys": self.keys})

    async def discovery(self, _request: web.Request) -> web.Response:
        return web.json_response(
            {"issuer": self.url, "jwks_uri": f"{self.url}/jwks", "userinfo_endpoint": None}
        )


def new_key(kid: str) -> tuple[rsa.RSAPrivateKey, dict[str, Any]]:
    private = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    public: dict[str, Any] = json.loads(RSAAlgorithm.to_jwk(private.public_key()))
    public.update(kid=kid, alg="RS256", use="sig")
    return private, public


@pytest_asyncio.fixture
async def server() -> AsyncIterator[KeyServer]:
    keys = KeyServer()
    app = web.Application()
    app.router.add_get("/jwks", keys.jwks)
    app.router.add_get("/.well-known/wallet-openid-configuration", keys.discovery)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    keys.url = f"http://127.0.0.1:{runner.addresses[0][1]}"
    try:
        yield keys
    finally:
        await runner.cleanup()


async def test_the_workstation_follows_a_rotation(server: KeyServer) -> None:
    _, old = new_key("old")
    _, new = new_key("new")
    server.keys = [old]
    clock = Clock()
    async with ClientSession() as session:
        cache = JwksCache(session, f"{server.url}/jwks", 5.0, min_refresh_s=30, clock=clock)
        assert (await cache.key("old", "RS256")).key_id == "old"
        assert server.reads == 1

        # The provider publishes its next key, and later signs with it.
        server.keys = [new, old]
        clock.now += 31
        assert (await cache.key("new", "RS256")).key_id == "new"
        assert server.reads == 2

        # A kid nobody publishes: refused without asking again so soon…
        with pytest.raises(PscLoginError):
            await cache.key("made-up", "RS256")
        assert server.reads == 2
        # …and asked once more when enough time has passed.
        clock.now += 31
        with pytest.raises(PscLoginError):
            await cache.key("made-up", "RS256")
        assert server.reads == 3
        # A key of the wrong type for the algorithm is not used.
        with pytest.raises(PscLoginError):
            await cache.key("new", "ES256")


async def test_the_backend_follows_a_rotation(server: KeyServer) -> None:
    old_private, old = new_key("old")
    new_private, new = new_key("new")
    server.keys = [old]
    clock = Clock()
    provider = PscProvider(
        f"{server.url}/.well-known/wallet-openid-configuration", min_refresh_s=30, clock=clock
    )
    claims = {"iss": server.url, "sub": "x"}
    for private, kid in ((old_private, "old"), (new_private, "new")):
        token = jwt.encode(claims, private, algorithm="RS256", headers={"kid": kid})
        header = jwt.get_unverified_header(token)
        if kid == "new":
            server.keys = [new, old]
            clock.now += 31
        key = await provider.key(header["kid"], "RS256")
        assert jwt.decode(token, key.key, algorithms=["RS256"])["sub"] == "x"
    assert server.reads == 2
    with pytest.raises(AuthError):
        await provider.key("made-up", "RS256")
    assert server.reads == 2
