"""The aiohttp application of the FHIR server: routes, middlewares, audit lifecycle.

The FHIR base is the server's root (``http://127.0.0.1:P/Patient/…``). Routes:

- ``GET /metadata``: the CapabilityStatement (no token needed);
- ``POST /auth/<name>``, ``POST /auth/<name>/login``: a bearer token from an
  authenticator (``bootstrap``, ``cps``, ``psc``); ``POST /auth/<name>/challenge``: the
  challenge a login answers (``cps``), or the nonce it carries (``psc``);
- ``POST /``: a batch or transaction Bundle;
- ``GET /_history``: system history;
- ``GET /<Type>``, ``POST /<Type>/_search``: search; ``POST /<Type>``: create
  (``If-None-Exist`` for a conditional create);
- ``GET /<Type>/_history``: type history;
- ``GET``, ``PUT``, ``DELETE /<Type>/<id>``: read, update (``If-Match``), delete;
- ``POST /Appointment/<id>/$join-link``, ``GET /Appointment/<id>/$room``,
  ``GET /signalling/<id>`` (WebSocket): teleconsultation rooms
  (:class:`backend.signalling.signalling_hub.SignallingHub`); ``GET /join/<id>`` and
  ``/join-assets/…``: the patient's page (no token: it carries none);
- ``GET``, ``POST /$bandwidth``: bytes down and up, for the pre-call network test;
- ``GET /<Type>/<id>/_history[/<vid>]``: instance history, vread.

Any other method on these paths is 405 with ``Allow``; any other path 404.
The storage is opened and closed by whoever runs the application; the application
starts and stops the audit trail's background writer with itself.
"""

import secrets
from collections.abc import Sequence

from aiohttp import web

from backend.auth.authenticator import Authenticator
from backend.auth.token_issuer import TokenIssuer
from backend.http.audit_recorder import AuditRecorder
from backend.http.auth_handlers import AuthHandlers
from backend.http.bundle_processor import BundleProcessor
from backend.http.fhir_context import FhirContext
from backend.http.fhir_middleware import FhirMiddleware
from backend.http.fhir_operations import FhirOperations
from backend.http.http_limits import HttpLimits
from backend.http.resource_handlers import ResourceHandlers
from backend.signalling.bandwidth_probe import BandwidthProbe
from backend.signalling.ice_servers import IceServers
from backend.signalling.join_link import KEY_BYTES, JoinLink
from backend.signalling.patient_page import PatientPage
from backend.signalling.signalling_hub import SignallingHub
from backend.storage.resource_storage import ResourceStorage

_TYPE = "{type:[A-Z][A-Za-z]{1,63}}"
_ID = r"{id:[A-Za-z0-9\-.]{1,64}}"
_VERSION = "{version:[0-9]{1,9}}"


class FhirApp:
    """Assembles the application around one storage and one token issuer."""

    def __init__(
        self,
        storage: ResourceStorage,
        *,
        issuer: TokenIssuer,
        authenticators: Sequence[Authenticator] = (),
        limits: HttpLimits | None = None,
        behind_proxy: bool = False,
        audit_flush_interval_s: float = 0.25,
        join_link_key: bytes | None = None,
        ice: IceServers | None = None,
    ) -> None:
        self.limits = limits or HttpLimits()
        self.audit = AuditRecorder(storage, flush_interval_s=audit_flush_interval_s)
        self._ctx = FhirContext(storage, self.audit, self.limits, behind_proxy)
        self._issuer = issuer
        self._authenticators = tuple(authenticators)
        # Without a key given, links last as long as this process (a test, PostgreSQL
        # without a configured secret): they are refused after a restart.
        self.signalling = SignallingHub(
            self._ctx, issuer, JoinLink(join_link_key or secrets.token_bytes(KEY_BYTES)), ice=ice
        )

    def build(self) -> web.Application:
        middleware = FhirMiddleware(self._issuer, self.limits)
        app = web.Application(
            middlewares=middleware.all(), client_max_size=self.limits.max_body_bytes
        )
        operations = FhirOperations(self._ctx)
        resources = ResourceHandlers(self._ctx, operations)
        bundles = BundleProcessor(self._ctx, operations)
        auth = AuthHandlers(self._issuer, self._authenticators)
        app.router.add_get("/metadata", resources.metadata)
        app.router.add_post("/auth/{name:[a-z][a-z0-9-]{0,31}}", auth.token)
        app.router.add_post("/auth/{name:[a-z][a-z0-9-]{0,31}}/login", auth.token)
        app.router.add_post("/auth/{name:[a-z][a-z0-9-]{0,31}}/challenge", auth.challenge)
        app.router.add_post("/", bundles.handle)
        app.router.add_get("/_history", resources.history)
        app.router.add_post(f"/Appointment/{_ID}/$join-link", self.signalling.join_link)
        app.router.add_get(f"/Appointment/{_ID}/$room", self.signalling.room_state)
        probe = BandwidthProbe(self.limits.max_body_bytes)
        app.router.add_get("/$bandwidth", probe.download)
        app.router.add_post("/$bandwidth", probe.upload)
        app.router.add_get(f"/signalling/{_ID}", self.signalling.websocket)
        page = PatientPage()
        app.router.add_get(f"/join/{_ID}", page.page)
        app.router.add_get("/join-assets/{name:[a-z]{1,16}\\.(?:js|css)}", page.asset)
        app.router.add_get(f"/{_TYPE}", resources.search)
        app.router.add_post(f"/{_TYPE}", resources.create)
        app.router.add_post(f"/{_TYPE}/_search", resources.search)
        app.router.add_get(f"/{_TYPE}/_history", resources.history)
        app.router.add_get(f"/{_TYPE}/{_ID}", resources.read)
        app.router.add_put(f"/{_TYPE}/{_ID}", resources.update)
        app.router.add_delete(f"/{_TYPE}/{_ID}", resources.delete)
        app.router.add_get(f"/{_TYPE}/{_ID}/_history", resources.history)
        app.router.add_get(f"/{_TYPE}/{_ID}/_history/{_VERSION}", resources.read)
        app.on_startup.append(self._on_startup)
        app.on_shutdown.append(self._on_shutdown)
        app.on_cleanup.append(self._on_cleanup)
        return app

    async def _on_startup(self, _app: web.Application) -> None:
        self.audit.start()

    async def _on_shutdown(self, _app: web.Application) -> None:
        await self.signalling.close_all()

    async def _on_cleanup(self, _app: web.Application) -> None:
        # After in-flight requests finished: their read events are all queued by now.
        await self.audit.stop()
