"""One line per request on the log, without query strings (they carry names and NIRs)."""

import logging

from aiohttp import web
from aiohttp.abc import AbstractAccessLogger


class AccessLog(AbstractAccessLogger):
    """``METHOD /path STATUS 1.2ms`` at INFO; ids in paths are UUIDs, not personal data."""

    def log(self, request: web.BaseRequest, response: web.StreamResponse, time: float) -> None:
        self.logger.info(
            "%s %s %d %.1fms", request.method, request.path, response.status, time * 1000
        )

    @property
    def enabled(self) -> bool:
        return self.logger.isEnabledFor(logging.INFO)
