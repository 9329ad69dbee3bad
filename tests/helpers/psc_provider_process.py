"""The test OpenID provider (tests/oidc/psc_provider.mjs, oidc-provider) as a child process.

``PscProviderProcess.start()`` installs its npm dependencies first if they are missing
(``npm ci`` from the committed lock file, as installer/bootstrap.sh does), then starts
``node psc_provider.mjs`` on a free port and reads the issuer it prints. Nothing is
skipped: without Node.js (20.19 or newer) or npm, or if the install fails, the tests
that need it fail and say why. The provider's standard input stays open; closing it
(or this process dying) stops the provider.
"""

import asyncio
import json
import os
import select
import shutil
import subprocess
import time
import urllib.request
from pathlib import Path
from typing import Any, Self

from tests.helpers.child_env import REPO_ROOT

PROVIDER_DIR = REPO_ROOT / "tests" / "oidc"
SCRIPT = PROVIDER_DIR / "psc_provider.mjs"
MIN_NODE = (20, 19)
START_TIMEOUT_S = 30.0
INSTALL_TIMEOUT_S = 300.0
CLIENT_ID = "cabinet-workstation"
OTHER_CLIENT_ID = "another-application"
JWT_USERINFO_CLIENT_ID = "cabinet-workstation-jwt"  # registered for signed userinfo
CLIENT_SECRET = "cabinet-test-secret-not-a-real-one"
WALLET_DISCOVERY = "/.well-known/wallet-openid-configuration"


class PscProviderProcess:
    """One running provider: ``issuer``, ``discovery_url``, and the /test/ controls."""

    def __init__(self, proc: "subprocess.Popen[bytes]", issuer: str, log: Path) -> None:
        self.proc = proc
        self.issuer = issuer
        self.log = log

    @property
    def discovery_url(self) -> str:
        return self.issuer + WALLET_DISCOVERY

    @staticmethod
    def ensure_installed() -> str:
        """The path of ``node``, after ``npm ci`` if node_modules is missing."""
        node = shutil.which("node")
        if node is None:
            raise RuntimeError(
                "Node.js is needed for the e-CPS tests (oidc-provider): run installer/bootstrap.sh"
            )
        version = subprocess.run(
            [node, "--version"], capture_output=True, text=True, check=True, timeout=30
        ).stdout.strip()
        parts = tuple(int(p) for p in version.lstrip("v").split(".")[:2])
        if parts < MIN_NODE:
            raise RuntimeError(
                f"oidc-provider needs Node.js {MIN_NODE[0]}.{MIN_NODE[1]} or newer; found {version}"
            )
        if not (PROVIDER_DIR / "node_modules" / "oidc-provider" / "package.json").exists():
            npm = shutil.which("npm")
            if npm is None:
                raise RuntimeError(
                    "npm is needed to install oidc-provider: run installer/bootstrap.sh"
                )
            done = subprocess.run(
                [npm, "ci", "--no-audit", "--no-fund"],
                cwd=PROVIDER_DIR,
                capture_output=True,
                text=True,
                timeout=INSTALL_TIMEOUT_S,
                check=False,
            )
            if done.returncode != 0:
                raise RuntimeError(f"npm ci failed in {PROVIDER_DIR}:\n{done.stderr[-2000:]}")
        return node

    @staticmethod
    def start(log: Path, *args: str) -> "PscProviderProcess":
        node = PscProviderProcess.ensure_installed()
        env = {k: v for k, v in os.environ.items() if not k.startswith(("NODE_", "CABINET_"))}
        with log.open("ab") as stderr:
            proc = subprocess.Popen(
                [node, str(SCRIPT), *args],
                cwd=PROVIDER_DIR,
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=stderr,
                env=env,
            )
        assert proc.stdout is not None
        ready, _, _ = select.select([proc.stdout], [], [], START_TIMEOUT_S)
        line = proc.stdout.readline() if ready else b""
        if not line:
            proc.kill()
            proc.wait()
            raise RuntimeError(f"the test OpenID provider did not start: {log.read_text()[-2000:]}")
        return PscProviderProcess(proc, str(json.loads(line)["issuer"]), log)

    def stop(self) -> None:
        if self.proc.poll() is None:
            assert self.proc.stdin is not None
            self.proc.stdin.close()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        for stream in (self.proc.stdin, self.proc.stdout):
            if stream is not None:
                stream.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # The test controls (routes under /test/ of psc_provider.mjs), synchronous on purpose:
    # they are called from tests between awaits, and each is one local request.

    def control(self, method: str, path: str, body: Any = None) -> Any:
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(  # noqa: S310 (the provider's own http URL)
            self.issuer + path, data=data, method=method
        )
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
            return json.loads(response.read())

    def sign(self, claims: dict[str, Any], kid: str | None = None) -> str:
        """A JWT over ``claims`` signed by the provider's own key."""
        body: dict[str, Any] = {"claims": claims}
        if kid is not None:
            body["kid"] = kid
        return str(self.control("POST", "/test/sign", body)["jwt"])

    async def pending_ciba(self) -> list[dict[str, Any]]:
        # In a thread: the login under test runs on this event loop meanwhile.
        return list(await asyncio.to_thread(self.control, "GET", "/test/ciba/pending"))

    async def wait_for_ciba(self, account: str, timeout_s: float = 10.0) -> dict[str, Any]:
        """The first unanswered CIBA request for ``account``, once it arrived."""
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            for request in await self.pending_ciba():
                if request["account"] == account and not (
                    request["answered"] or request["expired"]
                ):
                    return request
            await asyncio.sleep(0.05)
        raise AssertionError(f"no CIBA request for {account} reached the provider")

    async def answer_ciba(self, auth_req_id: str, *, approve: bool) -> None:
        path = "/test/ciba/approve" if approve else "/test/ciba/deny"
        await asyncio.to_thread(self.control, "POST", path, {"auth_req_id": auth_req_id})
