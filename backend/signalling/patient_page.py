"""The page a patient opens from a join link: ``GET /join/<id>`` and its two assets.

Served as files of this package (join_page/), the same for every appointment: the
appointment's id is read from the path and the token from the fragment by the page's
script, so nothing about the patient or the link is in what is served. Strict headers:
only this origin's script, style and WebSocket; camera and microphone for this origin
only; no referrer (the link must not leak to another site); never framed.
"""

from pathlib import Path

from aiohttp import web

_FILES = Path(__file__).with_name("join_page")
_TYPES = {"join.js": "text/javascript", "join.css": "text/css"}


class PatientPage:
    """Handlers; the files are read once, at start."""

    def __init__(self) -> None:
        self._html = (_FILES / "join.html").read_bytes()
        self._assets = {name: (_FILES / name).read_bytes() for name in _TYPES}

    async def page(self, request: web.Request) -> web.Response:
        return web.Response(
            body=self._html,
            content_type="text/html",
            charset="utf-8",
            headers=_headers(request),
        )

    async def asset(self, request: web.Request) -> web.Response:
        name = request.match_info["name"]
        body = self._assets.get(name)
        if body is None:
            raise web.HTTPNotFound()
        return web.Response(
            body=body, content_type=_TYPES[name], charset="utf-8", headers=_headers(request)
        )


def _headers(request: web.Request) -> dict[str, str]:
    socket_origin = f"{'wss' if request.secure else 'ws'}://{request.host}"
    return {
        "Content-Security-Policy": (
            "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            f"connect-src 'self' {socket_origin}; media-src 'self' blob:; "
            "frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
        ),
        "Permissions-Policy": "camera=(self), microphone=(self)",
        "Referrer-Policy": "no-referrer",
        "X-Content-Type-Options": "nosniff",
        "Cache-Control": "no-store",
    }
