"""What the patient's browser is to a test: a page whose script can be read.

:class:`ChromiumPage` (DevTools protocol) and :class:`FirefoxPage` (WebDriver BiDi)
implement :meth:`evaluate` and :meth:`screenshot`. Both protocols are JSON commands
with an ``id`` over a WebSocket, and both browsers say on their output where to
connect: that, starting and stopping the browser, and waiting for a condition in the
page are written here once.
"""

import asyncio
import base64
import contextlib
import itertools
import json
import re
import subprocess
from pathlib import Path
from typing import Any

import aiohttp


class BrowserPage:
    """One page in one browser, over ``socket``."""

    name = "browser"

    def __init__(self, socket: aiohttp.ClientWebSocketResponse) -> None:
        self._socket = socket
        self._ids = itertools.count(1)

    async def evaluate(self, expression: str) -> Any:
        """The value of a JavaScript expression in the page (promises awaited)."""
        raise NotImplementedError

    async def screenshot(self, path: Path) -> Path:
        raise NotImplementedError

    async def set_viewport(self, width: int, height: int) -> None:
        """The page's size in CSS pixels (for a screenshot at a known size)."""
        raise NotImplementedError

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
                raise AssertionError(
                    f"not true in time in {self.name}: {expression} (page state {state})"
                )
            await asyncio.sleep(0.1)

    async def command(self, method: str, params: dict[str, Any]) -> dict[str, Any]:
        """The reply to one command (events received meanwhile are skipped)."""
        ident = next(self._ids)
        await self._socket.send_str(json.dumps({"id": ident, "method": method, "params": params}))
        while True:
            frame = await self._socket.receive(timeout=30)
            if frame.type != aiohttp.WSMsgType.TEXT:
                raise ConnectionError(f"{self.name}'s connection ended ({frame.type})")
            message: dict[str, Any] = json.loads(frame.data)
            if message.get("id") == ident:
                return message

    @staticmethod
    async def save_png(data: str, path: Path) -> Path:
        """A screenshot the browser sent base64-encoded, written to ``path``."""
        await asyncio.to_thread(path.parent.mkdir, parents=True, exist_ok=True)
        await asyncio.to_thread(path.write_bytes, base64.b64decode(data))
        return path

    @staticmethod
    async def start(
        args: list[str], log: Path, listening: re.Pattern[str], env: dict[str, str] | None = None
    ) -> tuple[subprocess.Popen[bytes], str]:
        """The browser started, and the address it says it listens on."""

        def run() -> subprocess.Popen[bytes]:
            with log.open("wb") as out:
                return subprocess.Popen(args, stdout=out, stderr=subprocess.STDOUT, env=env)

        process = await asyncio.to_thread(run)
        for _ in range(600):
            text = await asyncio.to_thread(log.read_text, errors="replace")
            found = listening.search(text)
            if found:
                return process, found.group(1)
            if process.poll() is not None:
                raise RuntimeError(f"{args[0]} exited ({process.returncode}): see {log}")
            await asyncio.sleep(0.05)
        await BrowserPage.stop(process)
        raise TimeoutError(f"{args[0]} did not say where it listens: see {log}")

    @staticmethod
    async def stop(process: subprocess.Popen[bytes]) -> None:
        process.terminate()
        try:
            await asyncio.to_thread(process.wait, 10)
        except subprocess.TimeoutExpired:
            process.kill()
            await asyncio.to_thread(process.wait)
