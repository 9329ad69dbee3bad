"""Debian's Chromium, headless, as the patient: fake camera and microphone, driven over CDP.

Chromium is started with ``--use-fake-device-for-media-stream`` (a moving test
pattern and a beeping tone) and ``--use-fake-ui-for-media-stream`` (permission prompts
answered yes), on a fresh profile, with the DevTools protocol on a free port. A page is
opened with ``/json/new`` and driven with ``Runtime.evaluate`` over its WebSocket: the
test reads what the page's script exposes, as a support person would in the console.
"""

import contextlib
import os
import re
import shutil
import tempfile
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import aiohttp

from tests.helpers.browser_page import BrowserPage

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
_LISTENING = re.compile(r"DevTools listening on (ws://[^\s]+)")


class ChromiumPage(BrowserPage):
    """One browser with one page; :meth:`open` starts both, the context closes both."""

    name = "Chromium"

    @classmethod
    @contextlib.asynccontextmanager
    async def open(cls, url: str) -> AsyncIterator["ChromiumPage"]:
        profile = Path(tempfile.mkdtemp(prefix="cabinet-chromium-"))
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
        process, endpoint = await cls.start(args, profile / "chromium.log", _LISTENING)
        try:
            http_base = endpoint.split("/devtools/")[0].replace("ws://", "http://")
            async with aiohttp.ClientSession() as http:
                # Quoted: the link's fragment must reach the page, not end this URL.
                async with http.put(f"{http_base}/json/new?{quote(url, safe='')}") as reply:
                    target = await reply.json()
                async with http.ws_connect(
                    target["webSocketDebuggerUrl"], max_msg_size=0
                ) as socket:
                    page = cls(socket)
                    await page.call("Runtime.enable")
                    yield page
        finally:
            await cls.stop(process)
            shutil.rmtree(profile, ignore_errors=True)

    async def call(self, method: str, **params: Any) -> dict[str, Any]:
        """One CDP command's result."""
        message = await self.command(method, params)
        if "error" in message:
            raise RuntimeError(f"{method}: {message['error']}")
        result: dict[str, Any] = message.get("result", {})
        return result

    async def evaluate(self, expression: str) -> Any:
        result = await self.call(
            "Runtime.evaluate", expression=expression, awaitPromise=True, returnByValue=True
        )
        if "exceptionDetails" in result:
            raise RuntimeError(f"in the page: {result['exceptionDetails'].get('text')}")
        return result.get("result", {}).get("value")

    async def screenshot(self, path: Path) -> Path:
        shot = await self.call("Page.captureScreenshot", format="png")
        return await self.save_png(shot["data"], path)

    async def set_viewport(self, width: int, height: int) -> None:
        await self.call(
            "Emulation.setDeviceMetricsOverride",
            width=width,
            height=height,
            deviceScaleFactor=1,
            mobile=False,
        )
