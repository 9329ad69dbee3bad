"""The one-shot listener the browser comes back to after a login (RFC 8252 §7.3, §8.3).

It listens on 127.0.0.1 (the literal address, not ``localhost``, which could resolve
elsewhere or to IPv6 only) on a port the system picks, for ``GET /callback``. The first
request carrying this login's ``state`` is the answer: its query parameters are handed
over and the browser is told it can go back to Cabinet. Requests without the right
``state`` (another tab, a stale login, a local process guessing) are answered 400 and
otherwise ignored, so they can neither complete nor abort the login. The listener
closes once the login is over.
"""

import asyncio
import hmac
from types import TracebackType
from typing import Self

from aiohttp import web

CALLBACK_PATH = "/callback"

_PAGE = """<!doctype html>
<html lang="fr"><head><meta charset="utf-8"><title>Cabinet</title></head>
<body style="font-family: sans-serif; margin: 3em">
<h1>{title}</h1><p>{text}</p></body></html>"""
_DONE = _PAGE.format(
    title="Connexion reçue",
    text="Vous pouvez fermer cet onglet et revenir à Cabinet.",
)
_STRAY = _PAGE.format(
    title="Demande inattendue",
    text="Cette page ne correspond à aucune connexion en cours dans Cabinet.",
)


class LoopbackRedirect:
    """``async with LoopbackRedirect(state) as redirect``: ``redirect.uri``, then ``answer``."""

    def __init__(self, state: str) -> None:
        self._state = state
        self._answer: asyncio.Future[dict[str, str]] | None = None
        self._runner: web.AppRunner | None = None
        self.uri = ""

    async def __aenter__(self) -> Self:
        self._answer = asyncio.get_running_loop().create_future()
        app = web.Application()
        app.router.add_get(CALLBACK_PATH, self._on_callback)
        # No access log: the query holds the authorization code.
        self._runner = web.AppRunner(app, access_log=None, handle_signals=False)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        port = self._runner.addresses[0][1]
        self.uri = f"http://127.0.0.1:{port}{CALLBACK_PATH}"
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    @property
    def answer(self) -> "asyncio.Future[dict[str, str]]":
        """The query parameters of the browser's return, once it came."""
        if self._answer is None:
            raise RuntimeError("the listener is not started")
        return self._answer

    async def _on_callback(self, request: web.Request) -> web.Response:
        state = request.query.get("state", "")
        answer = self.answer
        if answer.done() or not hmac.compare_digest(state.encode(), self._state.encode()):
            return web.Response(status=400, text=_STRAY, content_type="text/html")
        answer.set_result({key: request.query[key] for key in request.query})
        return web.Response(
            text=_DONE, content_type="text/html", headers={"Cache-Control": "no-store"}
        )
