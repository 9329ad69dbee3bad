"""Debian's Chromium, headless, as the patient: fake camera and microphone, driven over CDP.

Chromium is started with ``--use-fake-device-for-media-stream`` (a moving test
pattern and a beeping tone) and ``--use-fake-ui-for-media-stream`` (permission prompts
answered yes), on a fresh profile, with the DevTools protocol on a free port. A page is
opened with ``/json/new`` and driven with ``Runtime.evaluate`` over its WebSocket: the
test reads what the page's script exposes, as a support person would in the console.
"""

import asyncio
import base64
import contextlib
import itertools
import json
import os
import re
import shutil
import subprocess
import tempfile
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import aiohttp

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
_LISTENING = re.compile(r"DevTools listening on (ws://[^\s]+)")


class ChromiumPage:
    """One browser with one page; :meth:`open` starts both, the context closes both."""

    def __init__(self, socket: aiohttp.ClientWebSocketResponse, log: Path) -> None:
        self._socket = socket
        self._ids = itertools.count(1)
        self.log = log

    @classmethod
    @contextlib.asynccontextmanager
    async def open(cls, url: str) -> AsyncIterator["ChromiumPage"]:
        profile = Path(tempfile.mkdtemp(prefix="cabinet-chromium-"))
        log = profile / "chromium.log"
        args = [
            CHROMIUM,
            "--headless=new",
            "--use-fake-device-for-media-stream",
            "--use-fake-ui-for-media-stream",
            "--autoplay-policy=no-user-gesture-required",
            "--remote-debugging-port=0",
            f"--user-data-dir={profile}",
            "--no-first-run",
            "--disable-gpu",
            "--mute-audio",
            "about:blank",
        ]
        if os.geteuid() == 0:
            args.insert(1, "--no-sandbox")  # Chromium's sandbox refuses root (CI)
        process = await asyncio.to_thread(_start, args, log)
        try:
            endpoint = await _devtools_endpoint(log, process)
            http_base = endpoint.split("/devtools/")[0].replace("ws://", "http://")
            async with aiohttp.ClientSession() as http:
                # Quoted: the link's fragment must reach the page, not end this URL.
                async with http.put(f"{http_base}/json/new?{quote(url, safe='')}") as reply:
                    target = await reply.json()
                async with http.ws_connect(
                    target["webSocketDebuggerUrl"], max_msg_size=0
                ) as socket:
                    page = cls(socket, log)
                    await page.call("Runtime.enable")
                    yield page
        finally:
            process.terminate()
            try:
                await asyncio.to_thread(process.wait, 10)
            except subprocess.TimeoutExpired:
                process.kill()
                await asyncio.to_thread(process.wait)
            shutil.rmtree(profile, ignore_errors=True)

    async def call(self, method: str, **params: Any) -> dict[str, Any]:
        """One CDP command's result (events received meanwhile are skipped)."""
        ident = next(self._ids)
        await self._socket.send_str(json.dumps({"id": ident, "method": method, "params": params}))
        while True:
            frame = await self._socket.receive(timeout=30)
            if frame.type != aiohttp.WSMsgType.TEXT:
                raise ConnectionError(f"DevTools connection ended ({frame.type})")
            message = json.loads(frame.data)
            if message.get("id") == ident:
                if "error" in message:
                    raise RuntimeError(f"{method}: {message['error']}")
                result: dict[str, Any] = message.get("result", {})
                return result

    async def evaluate(self, expression: str) -> Any:
        """The value of a JavaScript expression in the page (promises awaited)."""
        result = await self.call(
            "Runtime.evaluate", expression=expression, awaitPromise=True, returnByValue=True
        )
        if "exceptionDetails" in result:
            raise RuntimeError(f"in the page: {result['exceptionDetails'].get('text')}")
        return result.get("result", {}).get("value")

    async def until(self, expression: str, within: float = 20.0) -> Any:
        """Evaluates until the value is truthy; that value."""
        deadline = asyncio.get_running_loop().time() + within
        while True:
            with contextlib.suppress(RuntimeError):  # not loaded yet: try again
                value = await self.evaluate(expression)
                if value:
                    return value
            if asyncio.get_running_loop().time() > deadline:
                state = await self.evaluate("JSON.stringify(window.cabinetState || null)")
                raise AssertionError(f"not true in time: {expression} (page state {state})")
            await asyncio.sleep(0.1)

    async def screenshot(self, path: Path) -> Path:
        shot = await self.call("Page.captureScreenshot", format="png")
        data = base64.b64decode(shot["data"])
        await asyncio.to_thread(path.parent.mkdir, parents=True, exist_ok=True)
        await asyncio.to_thread(path.write_bytes, data)
        return path


def _start(args: list[str], log: Path) -> subprocess.Popen[bytes]:
    with log.open("wb") as out:
        return subprocess.Popen(args, stdout=out, stderr=subprocess.STDOUT)


async def _devtools_endpoint(log: Path, process: subprocess.Popen[bytes]) -> str:
    for _ in range(300):
        text = await asyncio.to_thread(log.read_text, errors="replace")
        found = _LISTENING.search(text)
        if found:
            return found.group(1)
        if process.poll() is not None:
            raise RuntimeError(f"chromium exited ({process.returncode}): see {log}")
        await asyncio.sleep(0.05)
    raise TimeoutError("chromium did not open its DevTools port")
