"""UUID version ids in place of a server's integer ones, for :class:`ForeignServer`.

Servers such as HAPI FHIR number versions 1, 2, 3, but FHIR only promises an opaque
``id``: a client that parses, compares or increments them breaks on a server that
uses UUIDs. Each (type, id, integer version) gets one UUID, derived from the seed so
that a replayed run sees the same ones; the way back is the table of UUIDs handed
out, so a UUID never given out (or given for another resource) maps to nothing.
"""

import threading
import uuid

# Version 0 never exists: a server compares it with the current version and refuses.
UNMATCHABLE_VERSION = 0


class VersionIds:
    """The two-way map between upstream integer versions and the UUIDs clients see."""

    def __init__(self, seed: int) -> None:
        self._namespace = uuid.uuid5(uuid.NAMESPACE_URL, f"urn:cabinet:fhir-proxy:{seed}")
        self._back: dict[str, tuple[str, str, int]] = {}
        # The proxy's loop writes, a test thread may read: one lock keeps them apart.
        self._lock = threading.Lock()

    def public(self, rtype: str, rid: str, version: int) -> str:
        """The UUID clients see for ``rtype/rid`` version ``version``."""
        public = str(uuid.uuid5(self._namespace, f"{rtype}/{rid}/{version}"))
        with self._lock:
            self._back[public] = (rtype, rid, version)
        return public

    def upstream(self, rtype: str | None, rid: str | None, public: str) -> int | None:
        """The integer behind ``public`` if it was handed out for this resource."""
        with self._lock:
            known = self._back.get(public.lower())
        if known is None:
            return None
        known_type, known_id, version = known
        if (rtype is not None and rtype != known_type) or (rid is not None and rid != known_id):
            return None
        return version
