"""FhirProxy in front of a real ``python -m backend``: pass-through, faults, foreign face."""

import asyncio
import json
import re
import secrets
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import AsyncIterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import aiohttp
import pytest
import pytest_asyncio
from multidict import CIMultiDict

from sync.embedded_backend import EmbeddedBackend
from tests.helpers.fhir_proxy import FhirProxy

FHIR_JSON = "application/fhir+json"
TAG_SYSTEM = "urn:cabinet:test:fhir-proxy"
FORM = {"Content-Type": "application/x-www-form-urlencoded"}
UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


@dataclass
class Reply:
    """A response read in full; ``body`` is the parsed JSON, or None."""

    status: int
    headers: Mapping[str, str]
    raw: bytes

    @property
    def body(self) -> Any:
        return json.loads(self.raw) if self.raw else None


class Fhir:
    """A FHIR client on one base URL, with the backend's bearer token."""

    def __init__(self, http: aiohttp.ClientSession, base: str, token: str) -> None:
        self.http = http
        self.base = base
        self.token = token

    async def request(
        self,
        method: str,
        path: str,
        body: Any = None,
        *,
        headers: Mapping[str, str] | None = None,
        data: str | None = None,
    ) -> Reply:
        sent = {"Authorization": f"Bearer {self.token}", "Accept": FHIR_JSON}
        if body is not None:
            data = json.dumps(body)
            sent["Content-Type"] = FHIR_JSON
        sent.update(headers or {})
        url = path if path.startswith("http") else f"{self.base}{path}"
        async with self.http.request(method, url, data=data, headers=sent) as response:
            return Reply(response.status, CIMultiDict(response.headers), await response.read())

    async def pages(self, path: str) -> list[dict[str, Any]]:
        """Every page of a search, following ``next`` links."""
        pages: list[dict[str, Any]] = []
        url: str | None = path
        while url is not None:
            reply = await self.request("GET", url)
            assert reply.status == 200, reply.raw
            pages.append(reply.body)
            url = next((ln["url"] for ln in reply.body["link"] if ln["relation"] == "next"), None)
            assert len(pages) < 50, "next links go round in circles"
        return pages


@dataclass
class Upstream:
    """The running backend, and a client that talks to it directly."""

    url: str
    token: str
    direct: Fhir
    http: aiohttp.ClientSession

    def via(self, proxy: FhirProxy) -> Fhir:
        assert proxy.base_url is not None
        return Fhir(self.http, proxy.base_url, self.token)


@pytest_asyncio.fixture
async def upstream(tmp_path: Path) -> AsyncIterator[Upstream]:
    backend = EmbeddedBackend(
        db_path=tmp_path / "backend.db",
        db_key=secrets.token_bytes(32),
        practitioner="Practitioner/proxy-test",
        display="Dr Proxy",
        log_path=tmp_path / "backend.log",
    )
    await backend.start()
    try:
        url = backend.base_url
        assert url is not None
        token = await backend.token()
        async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=15)) as http:
            yield Upstream(url, token, Fhir(http, url, token), http)
    finally:
        await backend.stop()


def patient(rid: str | None = None, tag: str = "none", family: str = "Martin") -> dict[str, Any]:
    resource: dict[str, Any] = {
        "resourceType": "Patient",
        "identifier": [{"system": TAG_SYSTEM, "value": tag}],
        "name": [{"family": family, "given": ["Claire"]}],
    }
    if rid is not None:
        resource["id"] = rid
    return resource


async def put_new(fhir: Fhir, tag: str = "none") -> tuple[str, Reply]:
    rid = str(uuid.uuid4())
    reply = await fhir.request("PUT", f"/Patient/{rid}", patient(rid, tag))
    assert reply.status == 201, reply.raw
    return rid, reply


def ids(pages: list[dict[str, Any]]) -> list[str]:
    return [e["resource"]["id"] for page in pages for e in page.get("entry", [])]


# -- pass-through ----------------------------------------------------------------------


@pytest.mark.asyncio
async def test_passes_requests_and_answers_through(upstream: Upstream) -> None:
    async with FhirProxy(upstream.url) as proxy:
        fhir = upstream.via(proxy)
        assert proxy.base_url is not None and proxy.base_url != upstream.url

        rid, created = await put_new(fhir, tag="through")
        assert created.headers["ETag"] == 'W/"1"'
        assert created.headers["Location"] == f"{proxy.base_url}/Patient/{rid}/_history/1"
        assert created.body["meta"]["versionId"] == "1"

        posted = await fhir.request("POST", "/Patient", patient(tag="through"))
        assert posted.status == 201
        assert posted.headers["Location"].startswith(f"{proxy.base_url}/Patient/")

        proxied = await fhir.request("GET", f"/Patient/{rid}")
        direct = await upstream.direct.request("GET", f"/Patient/{rid}")
        assert (proxied.status, proxied.raw) == (direct.status, direct.raw)
        assert proxied.headers["ETag"] == direct.headers["ETag"]
        assert proxied.headers["Content-Type"] == direct.headers["Content-Type"]

        # Authorization is the client's: without it the upstream says 401.
        async with upstream.http.get(f"{proxy.base_url}/Patient") as anonymous:
            assert anonymous.status == 401
        stale = await fhir.request(
            "PUT", f"/Patient/{rid}", patient(rid, "through"), headers={"If-Match": 'W/"7"'}
        )
        assert stale.status == 412

        # The query goes through as sent ('|' encoded): the token search matches.
        found = await fhir.request("GET", f"/Patient?identifier={TAG_SYSTEM}%7Cthrough")
        assert found.status == 200 and found.body["total"] == 2
    assert proxy.counters["requests"] == proxy.counters["forwarded"] == 6


@pytest.mark.asyncio
async def test_search_pages_link_to_the_proxy(upstream: Upstream) -> None:
    created = {(await put_new(upstream.direct, tag="paging"))[0] for _ in range(5)}
    async with FhirProxy(upstream.url) as proxy:
        pages = await upstream.via(proxy).pages("/Patient?identifier=paging&_count=2")
        assert [len(page["entry"]) for page in pages] == [2, 2, 1]
        assert sorted(ids(pages)) == sorted(created)
        assert all(page["total"] == 5 for page in pages)
        for page in pages:
            for link in page["link"]:
                assert link["url"].startswith(f"{proxy.base_url}/Patient?"), link
            for entry in page["entry"]:
                assert entry["fullUrl"] == f"{proxy.base_url}/Patient/{entry['resource']['id']}"
        assert proxy.counters["forwarded"] == 3


@pytest.mark.asyncio
async def test_metadata_and_nested_bundles_are_relinked(upstream: Upstream) -> None:
    rid, _ = await put_new(upstream.direct)
    async with FhirProxy(upstream.url) as proxy:
        fhir = upstream.via(proxy)
        metadata = await fhir.request("GET", "/metadata")
        assert metadata.body["implementation"]["url"] == proxy.base_url
        batch = {
            "resourceType": "Bundle",
            "type": "batch",
            "entry": [{"request": {"method": "GET", "url": f"Patient?_id={rid}"}}],
        }
        answer = await fhir.request("POST", "/", batch)
        assert answer.status == 200, answer.raw
        searchset = answer.body["entry"][0]["resource"]
        assert searchset["entry"][0]["fullUrl"] == f"{proxy.base_url}/Patient/{rid}"
        assert all(ln["url"].startswith(f"{proxy.base_url}/") for ln in searchset["link"])


# -- faults ----------------------------------------------------------------------------


@pytest.mark.asyncio
async def test_a_dropped_response_leaves_the_outcome_unknown(upstream: Upstream) -> None:
    async with FhirProxy(upstream.url, drop_response_rate=1.0) as proxy:
        # POST: aiohttp retries an idempotent method (PUT) once by itself on a reset.
        with pytest.raises(aiohttp.ClientConnectionError):
            await upstream.via(proxy).request("POST", "/Patient", patient(tag="dropped"))
        assert proxy.counters["dropped"] == proxy.counters["forwarded"] == 1
    found = await upstream.direct.request("GET", "/Patient?identifier=dropped")
    assert found.body["total"] == 1


@pytest.mark.asyncio
async def test_a_duplicated_update_is_answered_by_its_second_copy(upstream: Upstream) -> None:
    rid, _ = await put_new(upstream.direct)
    async with FhirProxy(upstream.url, duplicate_rate=1.0) as proxy:
        changed = patient(rid, family="Bernard")
        reply = await upstream.via(proxy).request(
            "PUT", f"/Patient/{rid}", changed, headers={"If-Match": 'W/"1"'}
        )
        # The first copy made version 2; the second, still asking for 1, is refused.
        assert reply.status == 412, reply.raw
        assert reply.body["resourceType"] == "OperationOutcome"
        assert proxy.counters["duplicated"] == 1 and proxy.counters["forwarded"] == 2
    current = await upstream.direct.request("GET", f"/Patient/{rid}")
    assert current.body["meta"]["versionId"] == "2"
    assert current.body["name"][0]["family"] == "Bernard"


@pytest.mark.asyncio
async def test_a_reset_reaches_nothing_upstream_until_healed(upstream: Upstream) -> None:
    rid = str(uuid.uuid4())
    async with FhirProxy(upstream.url, reset_rate=1.0) as proxy:
        fhir = upstream.via(proxy)
        with pytest.raises(aiohttp.ClientConnectionError):
            await fhir.request("PUT", f"/Patient/{rid}", patient(rid))
        counters = proxy.counters
        assert counters["forwarded"] == 0
        assert counters["reset"] == counters["requests"] >= 1
        assert (await upstream.direct.request("GET", f"/Patient/{rid}")).status == 404

        proxy.heal()
        assert (await fhir.request("PUT", f"/Patient/{rid}", patient(rid))).status == 201
        assert proxy.counters["forwarded"] == 1


@pytest.mark.asyncio
async def test_delays_and_faults_replay_with_the_seed(upstream: Upstream) -> None:
    async def outcomes(seed: int) -> list[bool]:
        async with FhirProxy(upstream.url, seed=seed, reset_rate=0.5) as proxy:
            fhir = upstream.via(proxy)
            seen: list[bool] = []
            for _ in range(12):
                try:
                    await fhir.request("POST", "/Patient/_search", data="_count=1", headers=FORM)
                    seen.append(True)
                except aiohttp.ClientConnectionError:
                    seen.append(False)
            return seen

    first = await outcomes(seed=7)
    assert first == await outcomes(seed=7)
    assert True in first and False in first
    assert first != await outcomes(seed=8)

    async with FhirProxy(upstream.url, delay_s=(0.3, 0.3)) as proxy:
        started = time.monotonic()
        assert (await upstream.via(proxy).request("GET", "/metadata")).status == 200
        assert time.monotonic() - started >= 0.3
        assert proxy.counters["delayed"] == 1


@pytest.mark.asyncio
async def test_a_synchronous_driver_starts_configures_and_stops_it(upstream: Upstream) -> None:
    """A benchmark blocks: ``with``, settings changed from its thread, no loop of its own."""

    def get(url: str) -> dict[str, Any]:
        headers = {"Authorization": f"Bearer {upstream.token}"}
        request = urllib.request.Request(url, headers=headers)  # noqa: S310 (http only)
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
            body: dict[str, Any] = json.load(response)
            return body

    def drive() -> None:
        with FhirProxy(upstream.url) as proxy:
            url = proxy.base_url
            assert url is not None and url.startswith("http://127.0.0.1:")
            bundle = get(f"{url}/Patient?_count=1")
            assert bundle["link"][0]["url"].startswith(f"{url}/Patient?")
            proxy.reset_rate = 1.0
            with pytest.raises((urllib.error.URLError, ConnectionError)):
                get(f"{url}/Patient")
            proxy.heal()
            assert get(f"{url}/Patient")["resourceType"] == "Bundle"
            counters = proxy.counters
            assert (counters["requests"], counters["reset"], counters["forwarded"]) == (3, 1, 2)
        proxy.stop()  # a second stop does nothing
        with pytest.raises(urllib.error.URLError):
            get(f"{url}/metadata")  # nothing listens there any more

    await asyncio.to_thread(drive)


def test_an_unreachable_upstream_is_a_502() -> None:
    with FhirProxy("http://127.0.0.1:9") as proxy:  # the discard port: nothing listens
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(f"{proxy.base_url}/metadata", timeout=10)  # noqa: S310
        with refused.value:
            assert refused.value.code == 502
            assert refused.value.headers["Content-Type"].startswith(FHIR_JSON)
            assert json.loads(refused.value.read())["resourceType"] == "OperationOutcome"
        assert proxy.counters["upstream_errors"] == 1


# -- the foreign server ----------------------------------------------------------------


@pytest.mark.asyncio
async def test_foreign_metadata_hides_history_and_history_is_404(upstream: Upstream) -> None:
    rid, _ = await put_new(upstream.direct)
    async with FhirProxy(upstream.url, foreign=True) as proxy:
        fhir = upstream.via(proxy)
        statement = (await fhir.request("GET", "/metadata")).body
        rest = statement["rest"][0]
        assert {i["code"] for i in rest["interaction"]} == {"transaction", "batch"}
        for resource in rest["resource"]:
            codes = {i["code"] for i in resource["interaction"]}
            assert not codes & {"history-type", "history-instance"}
            assert {"read", "vread", "update", "search-type"} <= codes
        for path in ("/_history", "/Patient/_history", f"/Patient/{rid}/_history"):
            reply = await fhir.request("GET", path)
            assert reply.status == 404, path
            assert reply.headers["Content-Type"].startswith(FHIR_JSON)
            assert reply.body["resourceType"] == "OperationOutcome"
        assert proxy.counters["refused"] == 3 and proxy.counters["forwarded"] == 1
        # Our own server has it all, behind the proxy.
        assert (await upstream.direct.request("GET", f"/Patient/{rid}/_history")).status == 200


@pytest.mark.asyncio
async def test_foreign_version_ids_are_uuids_everywhere(upstream: Upstream) -> None:
    async with FhirProxy(upstream.url, foreign=True) as proxy:
        fhir = upstream.via(proxy)
        rid, created = await put_new(fhir)
        v1 = created.body["meta"]["versionId"]
        assert UUID.fullmatch(v1)
        assert created.headers["ETag"] == f'"{v1}"'
        assert created.headers["Location"] == f"{proxy.base_url}/Patient/{rid}/_history/{v1}"

        read = await fhir.request("GET", f"/Patient/{rid}")
        assert read.body["meta"]["versionId"] == v1 and read.headers["ETag"] == f'"{v1}"'

        changed = patient(rid, family="Bernard")
        updated = await fhir.request(
            "PUT", f"/Patient/{rid}", changed, headers={"If-Match": f'"{v1}"'}
        )
        assert updated.status == 200, updated.raw
        v2 = updated.body["meta"]["versionId"]
        assert UUID.fullmatch(v2) and v2 != v1 and updated.headers["ETag"] == f'"{v2}"'

        stale = await fhir.request(
            "PUT", f"/Patient/{rid}", changed, headers={"If-Match": f'"{v1}"'}
        )
        assert stale.status == 412, stale.raw
        weak = await fhir.request(
            "PUT", f"/Patient/{rid}", changed, headers={"If-Match": f'W/"{uuid.uuid4()}"'}
        )
        assert weak.status == 412, weak.raw
        assert weak.body["resourceType"] == "OperationOutcome"

        old = await fhir.request("GET", f"/Patient/{rid}/_history/{v1}")
        assert old.status == 200, old.raw
        assert old.body["meta"]["versionId"] == v1 and old.body["name"][0]["family"] == "Martin"
        assert old.headers["ETag"] == f'"{v1}"'
        unknown = await fhir.request("GET", f"/Patient/{rid}/_history/{uuid.uuid4()}")
        assert unknown.status == 404

        found = await fhir.request("GET", f"/Patient?_id={rid}")
        assert found.body["entry"][0]["resource"]["meta"]["versionId"] == v2

        gone = await fhir.request("DELETE", f"/Patient/{rid}", headers={"If-Match": f'W/"{v2}"'})
        assert gone.status == 204
        assert UUID.fullmatch(gone.headers["ETag"].strip('"'))
        assert gone.headers["ETag"] not in {f'"{v1}"', f'"{v2}"'}
    # Upstream, the same resource has integer versions.
    assert (await upstream.direct.request("GET", f"/Patient/{rid}")).status == 410


@pytest.mark.asyncio
async def test_foreign_batch_maps_if_match_and_vread(upstream: Upstream) -> None:
    async with FhirProxy(upstream.url, foreign=True) as proxy:
        fhir = upstream.via(proxy)
        first, reply = await put_new(fhir)
        first_v1 = reply.body["meta"]["versionId"]
        second, reply = await put_new(fhir)
        second_v1 = reply.body["meta"]["versionId"]
        moved = await fhir.request(
            "PUT", f"/Patient/{second}", patient(second), headers={"If-Match": f'W/"{second_v1}"'}
        )
        assert moved.status == 200
        batch = {
            "resourceType": "Bundle",
            "type": "batch",
            "entry": [
                {
                    "resource": patient(first, family="Petit"),
                    "request": {
                        "method": "PUT",
                        "url": f"Patient/{first}",
                        "ifMatch": f'"{first_v1}"',
                    },
                },
                {"request": {"method": "GET", "url": "Patient/_history"}},
                {
                    "resource": patient(second, family="Petit"),
                    "request": {
                        "method": "PUT",
                        "url": f"Patient/{second}",
                        "ifMatch": f'W/"{second_v1}"',
                    },
                },
                {"request": {"method": "GET", "url": f"Patient/{first}/_history/{first_v1}"}},
            ],
        }
        answer = await fhir.request("POST", "/", batch, headers={"Prefer": "return=representation"})
        assert answer.status == 200, answer.raw
        entries = answer.body["entry"]
        assert [e["response"]["status"][:3] for e in entries] == ["200", "404", "412", "200"]
        written = entries[0]["response"]
        first_v2 = written["etag"].strip('"')
        assert written["etag"] == f'"{first_v2}"'
        assert UUID.fullmatch(first_v2) and first_v2 != first_v1
        assert entries[0]["resource"]["meta"]["versionId"] == first_v2
        assert written["location"].endswith(f"Patient/{first}/_history/{first_v2}")
        assert entries[1]["response"]["outcome"]["resourceType"] == "OperationOutcome"
        assert entries[3]["resource"]["meta"]["versionId"] == first_v1
        assert entries[3]["response"]["etag"] == f'"{first_v1}"'

        transaction = {**batch, "type": "transaction", "entry": batch["entry"][:2]}
        refused = await fhir.request("POST", "/", transaction)
        assert refused.status == 404 and refused.body["resourceType"] == "OperationOutcome"
    still = await upstream.direct.request("GET", f"/Patient/{first}")
    assert still.body["meta"]["versionId"] == "2"


@pytest.mark.asyncio
async def test_foreign_search_pages_are_short_and_without_total(upstream: Upstream) -> None:
    created = {(await put_new(upstream.direct, tag="short"))[0] for _ in range(7)}
    async with FhirProxy(upstream.url, foreign=True) as proxy:
        fhir = upstream.via(proxy)
        pages = await fhir.pages("/Patient?identifier=short&_count=6")
        assert [len(page["entry"]) for page in pages] == [2, 2, 2, 1]
        assert all("total" not in page for page in pages)
        assert sorted(ids(pages)) == sorted(created)  # each one exactly once
        for page in pages:
            for link in page["link"]:
                assert link["url"].startswith(f"{proxy.base_url}/Patient?"), link
                assert "_count=6" in link["url"], link
        for entry in pages[0]["entry"]:
            assert UUID.fullmatch(entry["resource"]["meta"]["versionId"])

        posted = await fhir.request(
            "POST",
            "/Patient/_search",
            data="identifier=short&_count=6",
            headers=FORM,
        )
        assert posted.status == 200, posted.raw
        assert len(posted.body["entry"]) == 2 and "total" not in posted.body


@pytest.mark.asyncio
async def test_stopping_does_not_block_a_loop_that_serves_the_upstream(
    upstream: Upstream,
) -> None:
    proxy = FhirProxy(upstream.url, delay_s=(0.2, 0.2))
    await proxy.start_async()
    try:
        pending = asyncio.ensure_future(upstream.via(proxy).request("GET", "/metadata"))
        await asyncio.sleep(0.05)
    finally:
        await proxy.stop_async()
    # Stopping is graceful: the request in flight got its answer.
    assert (await pending).status == 200
