"""Debian's Firefox ESR, headless, as the patient: fake camera and microphone, driven over
WebDriver BiDi (built into Firefox: no geckodriver needed).

Firefox starts on a fresh profile whose prefs give fake media devices (a coloured
picture and a tone) and answer permission prompts yes, with BiDi on a free port. The
test reads what the page's script exposes, as with Chromium. Values cross as JSON text
(BiDi's own value encoding is richer than the tests need).
"""

import contextlib
import json
import re
import shutil
import tempfile
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import aiohttp

from tests.helpers.browser_page import BrowserPage

FIREFOX = shutil.which("firefox-esr") or shutil.which("firefox") or "/usr/bin/firefox-esr"
_LISTENING = re.compile(r"WebDriver BiDi listening on (ws://[^\s]+)")
_PREFS = {
    "media.navigator.streams.fake": True,
    "media.navigator.permission.disabled": True,
    "media.autoplay.default": 0,
    "media.autoplay.blocking_policy": 0,
    # Quiet and quick: no first-run pages, updates or telemetry on a machine without
    # internet.
    "browser.shell.checkDefaultBrowser": False,
    "browser.startup.homepage_override.mstone": "ignore",
    "app.update.disabledForTesting": True,
    "datareporting.policy.dataSubmissionEnabled": False,
    "toolkit.telemetry.reportingpolicy.firstRun": False,
}


class FirefoxPage(BrowserPage):
    """One browser with one page; :meth:`open` starts both, the context closes both."""

    name = "Firefox"
    _context = ""

    @classmethod
    @contextlib.asynccontextmanager
    async def open(cls, url: str) -> AsyncIterator["FirefoxPage"]:
        profile = Path(tempfile.mkdtemp(prefix="cabinet-firefox-"))
        prefs = [f"user_pref({json.dumps(k)}, {json.dumps(v)});\n" for k, v in _PREFS.items()]
        (profile / "user.js").write_text("".join(prefs))
        args = [FIREFOX, "--headless", "--remote-debugging-port=0", "--profile", str(profile)]
        # HOME in the profile: Firefox run as root (CI) looks for its settings there.
        env = {"HOME": str(profile), "PATH": "/usr/bin:/bin", "MOZ_HEADLESS": "1"}
        process, endpoint = await cls.start(args, profile / "firefox.log", _LISTENING, env)
        try:
            async with (
                aiohttp.ClientSession() as http,
                http.ws_connect(f"{endpoint}/session", max_msg_size=0) as socket,
            ):
                page = cls(socket)
                await page.call("session.new", capabilities={})
                tree = await page.call("browsingContext.getTree")
                page._context = tree["contexts"][0]["context"]
                await page.call(
                    "browsingContext.navigate", context=page._context, url=url, wait="complete"
                )
                yield page
        finally:
            await cls.stop(process)
            shutil.rmtree(profile, ignore_errors=True)

    async def call(self, method: str, **params: Any) -> dict[str, Any]:
        """One BiDi command's result."""
        message = await self.command(method, params)
        if message.get("type") == "error":
            raise RuntimeError(f"{method}: {message.get('error')}: {message.get('message')}")
        result: dict[str, Any] = message.get("result", {})
        return result

    async def evaluate(self, expression: str) -> Any:
        wrapped = f"(async () => JSON.stringify(await ({expression})) ?? 'null')()"
        reply = await self.call(
            "script.evaluate",
            expression=wrapped,
            target={"context": self._context},
            awaitPromise=True,
        )
        if reply.get("type") != "success":
            raise RuntimeError(f"in the page: {reply.get('exceptionDetails', {}).get('text')}")
        return json.loads(reply["result"]["value"])

    async def screenshot(self, path: Path) -> Path:
        shot = await self.call("browsingContext.captureScreenshot", context=self._context)
        return await self.save_png(shot["data"], path)

    async def set_viewport(self, width: int, height: int) -> None:
        await self.call(
            "browsingContext.setViewport",
            context=self._context,
            viewport={"width": width, "height": height},
        )
