"""A scripted browser for the login tests: it plays the practitioner at the provider.

It is what ``PscLogin`` gets as ``open_browser``: given the authorization URL it starts
a real HTTP exchange with the provider (aiohttp, cookies kept as a browser would),
follows the redirects to the login page, fills the form with the practitioner's
identifier (or presses « Annuler »), and follows the redirects on, back to the
workstation's loopback listener. ``rewrite`` lets a test tamper with the authorization
URL on the way, as a hostile page or extension could.
"""

import asyncio
from collections.abc import Callable
from html.parser import HTMLParser
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

import aiohttp

TIMEOUT = aiohttp.ClientTimeout(total=30)


class _Forms(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.forms: dict[str, str] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        named = dict(attrs)
        if tag == "form" and named.get("id") and named.get("action"):
            self.forms[str(named["id"])] = str(named["action"])


class OidcUserAgent:
    """``await agent.open(url)`` returns at once, like a desktop's browser launcher."""

    def __init__(
        self,
        login: str | None,
        *,
        rewrite: Callable[[str], str] | None = None,
    ) -> None:
        self._login = login
        self._rewrite = rewrite or (lambda url: url)
        self.task: asyncio.Task[None] | None = None
        self.opened: list[str] = []
        self.final_status: int | None = None
        self.final_url = ""

    async def open(self, url: str) -> None:
        self.opened.append(url)
        self.task = asyncio.create_task(self._browse(self._rewrite(url)))

    async def finished(self) -> None:
        """Waits for the browsing to end and raises what went wrong in it."""
        assert self.task is not None
        await self.task

    async def _browse(self, url: str) -> None:
        jar = aiohttp.CookieJar(unsafe=True)  # the provider lives at 127.0.0.1
        async with aiohttp.ClientSession(cookie_jar=jar, timeout=TIMEOUT) as session:
            async with session.get(url) as response:
                page = await response.text()
                page_url = str(response.url)
            forms = _Forms()
            forms.feed(page)
            if self._login is None:
                action, data = forms.forms["abort"], {}
            else:
                action, data = forms.forms["login"], {"login": self._login}
            async with session.post(urljoin(page_url, action), data=data) as response:
                await response.read()
                self.final_status = response.status
                self.final_url = str(response.url)


def with_query_param(url: str, name: str, value: str) -> str:
    """``url`` with its query parameter ``name`` set to ``value``."""
    parts = urlsplit(url)
    query = [(k, value if k == name else v) for k, v in parse_qsl(parts.query)]
    return urlunsplit(parts._replace(query=urlencode(query)))
