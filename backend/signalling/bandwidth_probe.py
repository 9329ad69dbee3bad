"""A rough measure of the link between a workstation and this server, before a call.

``GET /$bandwidth?bytes=N`` sends N random bytes (incompressible, whatever a proxy
does), at most 8 MiB; ``POST /$bandwidth`` reads the body as it comes and says how
many bytes it got, at most the server's body limit. The workstation times both: its
download and upload rates towards the practice server, which a call's media share
when they go through the practice's TURN relay. A token is needed (any practitioner);
no patient data is involved, nothing is stored or audited.
"""

import os

from aiohttp import web

from backend.http.fhir_error import FhirError

MAX_DOWNLOAD = 8 * 1024 * 1024
_CHUNK = 64 * 1024


class BandwidthProbe:
    """The two handlers; ``max_upload`` is the server's body limit."""

    def __init__(self, max_upload: int) -> None:
        self._max_upload = max_upload

    async def download(self, request: web.Request) -> web.StreamResponse:
        raw = request.query.get("bytes", str(_CHUNK))
        if not raw.isdigit() or not 0 < int(raw) <= MAX_DOWNLOAD:
            raise FhirError(400, f"bytes must be between 1 and {MAX_DOWNLOAD}")
        remaining = int(raw)
        response = web.StreamResponse(
            headers={"Content-Type": "application/octet-stream", "Cache-Control": "no-store"}
        )
        response.content_length = remaining
        await response.prepare(request)
        while remaining > 0:
            size = min(_CHUNK, remaining)
            await response.write(os.urandom(size))
            remaining -= size
        await response.write_eof()
        return response

    async def upload(self, request: web.Request) -> web.Response:
        received = 0
        async for chunk in request.content.iter_chunked(_CHUNK):
            received += len(chunk)
            if received > self._max_upload:
                raise FhirError(413, f"at most {self._max_upload} bytes")
        return web.json_response({"received": received})
