"""``python -m backend`` as a real process: stdin bootstrap, stdout line, TLS, refusal,
graceful stop on SIGTERM and on the end of stdin, and a SIGKILL mid-transaction."""

import asyncio
import datetime
import ipaddress
import json
import random
import signal
import ssl
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path
from typing import Any

import aiohttp
import pytest
import pytest_asyncio
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from tests.backend.http.backend_process import BackendProcess
from tests.backend.http.resources import bundle, entry, patient

pytestmark = pytest.mark.asyncio

SECRET = "5e" * 32
ANY_ADDRESS = "0.0.0.0"  # noqa: S104 (binding everywhere is what these tests are about)
PRACTITIONER = {"practitioner": "10003456789", "display": "Dr Process"}
Launcher = Callable[..., Awaitable[BackendProcess]]


@pytest_asyncio.fixture
async def launch(tmp_path: Path) -> AsyncIterator[Launcher]:
    children: list[BackendProcess] = []

    async def start(args: list[str], handshake: dict[str, Any] | None = None) -> BackendProcess:
        log = tmp_path / f"backend-{len(children)}.log"
        child = await BackendProcess.launch(args, log, handshake)
        children.append(child)
        return child

    try:
        yield start
    finally:
        for child in children:
            await child.stop()


def _handshake(db_url: str, sqlite_key: bytes) -> dict[str, Any]:
    key = sqlite_key.hex() if db_url.startswith("sqlite:") else None
    return {"bootstrap_secret": SECRET, "db_key": key}


async def _token(session: aiohttp.ClientSession, url: str) -> str:
    async with session.post(
        f"{url}/auth/bootstrap",
        json=PRACTITIONER,
        headers={"Authorization": f"Bootstrap {SECRET}"},
    ) as response:
        assert response.status == 200
        body = await response.json()
    return str(body["access_token"])


async def test_bootstrap_serve_and_stop_on_sigterm(
    launch: Launcher, backend_db_url: str, sqlite_key: bytes
) -> None:
    child = await launch(
        ["--db", backend_db_url, "--port", "0", "--bootstrap-stdin"],
        _handshake(backend_db_url, sqlite_key),
    )
    url = await child.listening()
    assert url.startswith("http://127.0.0.1:")
    async with aiohttp.ClientSession() as session:
        token = await _token(session, url)
        auth = {"Authorization": f"Bearer {token}"}
        async with session.post(f"{url}/Patient", json=patient(), headers=auth) as response:
            assert response.status == 201
            created = await response.json()
        async with session.get(f"{url}/Patient/{created['id']}", headers=auth) as response:
            assert response.status == 200
        async with session.get(f"{url}/Patient") as response:
            assert response.status == 401
    child.signal(signal.SIGTERM)
    assert await child.wait() == 0
    assert await child.rest_of_stdout() == b""  # one line, nothing else, ever
    # The data survived, read through a second server on the same database.
    again = await launch(
        ["--db", backend_db_url, "--bootstrap-stdin"], _handshake(backend_db_url, sqlite_key)
    )
    url = await again.listening()
    async with aiohttp.ClientSession() as session:
        auth = {"Authorization": f"Bearer {await _token(session, url)}"}
        async with session.get(f"{url}/Patient/{created['id']}", headers=auth) as response:
            assert response.status == 200
    again.close_stdin()
    assert await again.wait() == 0


async def test_end_of_stdin_stops_the_server(
    launch: Launcher, backend_db_url: str, sqlite_key: bytes
) -> None:
    child = await launch(
        ["--db", backend_db_url, "--bootstrap-stdin"], _handshake(backend_db_url, sqlite_key)
    )
    await child.listening()
    child.close_stdin()
    assert await child.wait() == 0


async def test_sigterm_lets_a_request_in_flight_finish(
    launch: Launcher, sqlite_path: Path, sqlite_key: bytes
) -> None:
    db = f"sqlite:{sqlite_path}"
    child = await launch(["--db", db, "--bootstrap-stdin"], _handshake(db, sqlite_key))
    url = await child.listening()
    sent = bundle("transaction", [entry("POST", "Patient", patient()) for _ in range(2000)])
    async with aiohttp.ClientSession() as session:
        auth = {"Authorization": f"Bearer {await _token(session, url)}"}
        request = asyncio.ensure_future(session.post(f"{url}/", json=sent, headers=auth))
        await asyncio.sleep(0.1)  # the request is in, being parsed and validated
        child.signal(signal.SIGTERM)
        async with await request as response:
            assert response.status == 200
            assert len((await response.json())["entry"]) == 2000
    assert await child.wait() == 0


async def test_sigkill_during_a_transaction_leaves_all_or_nothing(
    launch: Launcher, backend_db_url: str, sqlite_key: bytes
) -> None:
    handshake = _handshake(backend_db_url, sqlite_key)
    rng = random.Random(20260314)
    size = 2000
    for attempt in range(3):
        child = await launch(["--db", backend_db_url, "--bootstrap-stdin"], handshake)
        url = await child.listening()
        family = f"Crash{attempt}"
        sent = bundle(
            "transaction",
            [entry("POST", "Patient", patient(family=family)) for _ in range(size)],
        )
        async with aiohttp.ClientSession() as session:
            auth = {"Authorization": f"Bearer {await _token(session, url)}"}
            request = asyncio.ensure_future(session.post(f"{url}/", json=sent, headers=auth))
            await asyncio.sleep(rng.uniform(0.05, 0.6))
            child.signal(signal.SIGKILL)
            await child.wait()
            try:
                async with await request as response:
                    answered: int | None = response.status
            except aiohttp.ClientError:
                answered = None  # killed before it answered: all or nothing, unknown which
        survivor = await launch(["--db", backend_db_url, "--bootstrap-stdin"], handshake)
        url = await survivor.listening()
        async with aiohttp.ClientSession() as session:
            auth = {"Authorization": f"Bearer {await _token(session, url)}"}
            async with session.get(
                f"{url}/Patient?family={family}&_summary=count", headers=auth
            ) as response:
                total = (await response.json())["total"]
        assert total == size if answered == 200 else total in {0, size}
        survivor.close_stdin()
        assert await survivor.wait() == 0


async def test_plain_http_off_loopback_is_refused(launch: Launcher, sqlite_path: Path) -> None:
    child = await launch(["--db", f"sqlite:{sqlite_path}", "--host", ANY_ADDRESS])
    assert await child.wait() == 2
    assert "--behind-tls-proxy" in child.stderr()
    assert not await asyncio.to_thread(sqlite_path.exists)  # refused before touching anything


async def test_behind_a_tls_proxy_plain_http_is_allowed(
    launch: Launcher, sqlite_path: Path
) -> None:
    child = await launch(
        ["--db", f"sqlite:{sqlite_path}", "--host", ANY_ADDRESS, "--behind-tls-proxy"]
    )
    url = await child.listening()
    assert url.startswith(f"http://{ANY_ADDRESS}:")
    port = url.rsplit(":", 1)[1]
    async with (
        aiohttp.ClientSession() as session,
        session.get(
            f"http://127.0.0.1:{port}/metadata",
            headers={"X-Forwarded-Proto": "https", "X-Forwarded-Host": "fhir.example.org"},
        ) as response,
    ):
        statement = await response.json()
    assert statement["implementation"]["url"] == "https://fhir.example.org"
    child.signal(signal.SIGINT)
    assert await child.wait() == 0


async def test_bad_bootstrap_lines_exit_2(launch: Launcher, sqlite_path: Path) -> None:
    for line in ({"bootstrap_secret": "abc"}, {"bootstrap_secret": "zz" * 32}, None):
        args = ["--db", f"sqlite:{sqlite_path}", "--bootstrap-stdin"]
        child = await launch(args, line if isinstance(line, dict) else None)
        if line is None:
            assert child.proc.stdin is not None
            child.proc.stdin.write(b"not json\n")
        assert await child.wait() == 2
        log = child.stderr()
        assert "bootstrap" in log
        assert "zz" * 32 not in log  # a secret is never echoed


def _self_signed(directory: Path) -> tuple[Path, Path]:
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = datetime.datetime.now(datetime.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = directory / "cert.pem", directory / "key.pem"
    cert_path.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return cert_path, key_path


async def test_tls(launch: Launcher, sqlite_path: Path, tmp_path: Path) -> None:
    cert, key = _self_signed(tmp_path)
    db = f"sqlite:{sqlite_path}"
    child = await launch(
        ["--db", db, "--tls-cert", str(cert), "--tls-key", str(key), "--bootstrap-stdin"],
        {"bootstrap_secret": SECRET, "db_key": None},
    )
    url = await child.listening()
    assert url.startswith("https://127.0.0.1:")
    trusted = ssl.create_default_context(cafile=str(cert))
    async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(ssl=trusted)) as session:
        token = await _token(session, url)
        async with session.get(
            f"{url}/Patient", headers={"Authorization": f"Bearer {token}"}
        ) as response:
            assert response.status == 200
            body = await response.json()
            assert body["link"][0]["url"].startswith("https://")
    async with aiohttp.ClientSession() as session:
        with pytest.raises(aiohttp.ClientConnectorCertificateError):
            async with session.get(f"{url}/metadata"):
                pass
    child.signal(signal.SIGTERM)
    assert await child.wait() == 0
    missing = await launch(["--db", db, "--tls-cert", str(cert)])
    assert await missing.wait() == 2


async def test_storage_that_cannot_open_exits_1(launch: Launcher, tmp_path: Path) -> None:
    not_a_db = tmp_path / "garbage.db"
    not_a_db.write_bytes(b"\x00" * 8192)
    child = await launch(
        ["--db", f"sqlite:{not_a_db}", "--bootstrap-stdin"],
        {"bootstrap_secret": SECRET, "db_key": "11" * 32},
    )
    assert await child.wait() == 1
    assert "StorageUnavailableError" in child.stderr()
    assert json.dumps(SECRET) not in child.stderr()
