"""FhirHttp answered in-process by a :class:`ModelFhirServer`, with the network's faults.

The real :class:`OutboxPusher` talks to it exactly as to a server: ``GET``/``PUT``/
``DELETE Type/id`` and batch Bundles, ``If-Match``, ETags. Each write request meets the
next planned :class:`WriteFate`:

- ``ok``: answered;
- ``lost``: the server applies it, then the answer is lost (a dropped connection, a
  timeout): the pusher sees :class:`ServerUnreachableError` with the outcome unknown;
- ``down``: the request never reaches the server; same error for the pusher;
- ``race``: another client writes the resource just before, so an If-Match that was
  current is stale when it arrives.

Once the plan is used up every further write meets ``then`` (``ok`` unless told).
Reads are always answered. ``minimal`` answers writes as ``Prefer: return=minimal`` servers do:
no body, the version in ``ETag`` and the instant in ``Last-Modified`` (an HTTP date).
Without ``gone_etag`` a read of a deleted resource is a bare 410, as our backend's.
"""

import copy
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from sync.fhir_http import FhirHttp
from sync.fhir_reply import FhirReply
from sync.server_unreachable_error import ServerUnreachableError
from tests.helpers.model_fhir_server import ModelFhirServer, ModelVersion, Ref

FateKind = Literal["ok", "lost", "down", "race"]


@dataclass(frozen=True, slots=True)
class WriteFate:
    """What happens to one write request; ``race`` carries the other client's choice."""

    kind: FateKind
    choice: int = 0


async def _no_token(_fresh: bool) -> str:
    return "model"


class ModelFhirHttp(FhirHttp):
    """In-process HTTP to the model; ``by`` names this workstation's writes."""

    def __init__(
        self,
        server: ModelFhirServer,
        by: str,
        fates: Sequence[WriteFate],
        on_race: Callable[[Ref, int], None],
        *,
        minimal: bool = False,
        delete_dates: bool = True,
        then: FateKind = "ok",
        gone_etag: bool = True,
    ) -> None:
        super().__init__("http://model.invalid/fhir", _no_token)
        self._server = server
        self._by = by
        self._fates = list(fates)
        self._then = then
        self._gone_etag = gone_etag
        self._on_race = on_race
        self._minimal = minimal
        self._delete_dates = delete_dates
        # Versions this client's writes made whose answer was lost.
        self.unanswered: list[tuple[Ref, str]] = []

    async def request(
        self,
        method: str,
        path_or_url: str,
        *,
        body: Any = None,
        headers: dict[str, str] | None = None,
        params: list[tuple[str, str]] | None = None,
    ) -> FhirReply:
        path = self.url(path_or_url).removeprefix(self.base_url)
        if method == "GET":
            return self._read(self._ref(path))
        fate = self._fates.pop(0) if self._fates else WriteFate(self._then)
        if fate.kind == "down":
            raise ServerUnreachableError("model: request lost", outcome_unknown=True)
        if method == "POST" and path == "":
            entries = body.get("entry") or []
            if fate.kind == "race" and entries:
                self._race(self._ref(str(entries[0]["request"]["url"])), fate.choice)
            written = len(self._server.writes)
            reply = self._batch(entries)
        else:
            ref = self._ref(path)
            if fate.kind == "race":
                self._race(ref, fate.choice)
            if_match = FhirReply.parse_etag((headers or {}).get("If-Match"))
            written = len(self._server.writes)
            reply = self._write(ref, None if method == "DELETE" else body, if_match)
        if fate.kind == "lost":
            self.unanswered += [(w.ref, w.after.version_id) for w in self._server.writes[written:]]
            raise ServerUnreachableError("model: answer lost", outcome_unknown=True)
        return reply

    @staticmethod
    def _ref(path: str) -> Ref:
        rtype, rid = path.strip("/").split("/")[:2]
        return rtype, rid

    def _race(self, ref: Ref, choice: int) -> None:
        current = self._server.current(ref)
        if current is not None and current.json is not None:
            self._on_race(ref, choice)

    def _headers(self, version: ModelVersion | None, *, date: bool = True) -> dict[str, str]:
        if version is None:
            return {}
        out = {"etag": f'W/"{version.version_id}"'}
        if date:
            out["last-modified"] = version.http_date
        return out

    def _read(self, ref: Ref) -> FhirReply:
        current = self._server.current(ref)
        if current is None:
            return FhirReply(404, {}, _outcome("not found"))
        if current.json is None:
            headers = self._headers(current) if self._gone_etag else {}
            return FhirReply(410, headers, _outcome("deleted"))
        return FhirReply(200, self._headers(current), self._server.stored(ref, current))

    def _write(self, ref: Ref, body: Any, if_match: str | None) -> FhirReply:
        status, version = self._server.write(ref, copy.deepcopy(body), if_match, self._by)
        if status == 412:
            return FhirReply(412, {}, _outcome("version conflict"))
        if body is None:
            return FhirReply(204, self._headers(version, date=self._delete_dates), None)
        assert version is not None
        stored = None if self._minimal else self._server.stored(ref, version)
        return FhirReply(status, self._headers(version), stored)

    def _batch(self, entries: list[dict[str, Any]]) -> FhirReply:
        out = []
        for entry in entries:
            request = entry["request"]
            ref = self._ref(str(request["url"]))
            if_match = FhirReply.parse_etag(request.get("ifMatch"))
            body = entry.get("resource") if request["method"] == "PUT" else None
            status, version = self._server.write(ref, copy.deepcopy(body), if_match, self._by)
            response: dict[str, Any] = {"status": f"{status} {_REASONS[status]}"}
            answer: dict[str, Any] = {"response": response}
            if status != 412 and version is not None:
                response["etag"] = f'W/"{version.version_id}"'
                if body is not None or self._delete_dates:
                    response["lastModified"] = version.stamp
                if body is not None and not self._minimal:
                    answer["resource"] = self._server.stored(ref, version)
            out.append(answer)
        return FhirReply(
            200, {}, {"resourceType": "Bundle", "type": "batch-response", "entry": out}
        )


_REASONS = {200: "OK", 201: "Created", 204: "No Content", 412: "Precondition Failed"}


def _outcome(text: str) -> dict[str, Any]:
    return {
        "resourceType": "OperationOutcome",
        "issue": [{"severity": "error", "code": "processing", "diagnostics": text}],
    }
