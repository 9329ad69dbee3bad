"""Property-based fuzzing of the JSON and Bundle entry points: never a 5xx.

Random JSON documents, random bytes, and random mutations of valid resources and
Bundles (a node replaced by random JSON, a key dropped, a key added, a string made
huge or strange) go to create, update, search and the Bundle endpoint of a live
server. Whatever they are, the answer must be a 2xx or a 4xx with an OperationOutcome.
"""

import copy
import json
import os
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.backend.http.conftest import LiveServer
from tests.backend.http.resources import INS_SYSTEM, bundle, entry, observation, patient

pytestmark = pytest.mark.asyncio

FUZZ = settings(
    # A deeper run: CABINET_FUZZ_EXAMPLES=2000 pytest tests/backend/http/test_fuzz.py
    max_examples=int(os.environ.get("CABINET_FUZZ_EXAMPLES", "60")),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
_text = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=30
) | st.sampled_from(
    ["", "Patient/x", "urn:uuid:1", "2026-13-45", "\u0000", "\\ud800", 'W/"1"', "a" * 3000]
)
_scalars = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats(allow_nan=False, allow_infinity=False)
    | _text
)
_json = st.recursive(
    _scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(_text, inner, max_size=4),
    max_leaves=25,
)
_keys = st.sampled_from(
    [
        "resourceType",
        "id",
        "meta",
        "name",
        "identifier",
        "subject",
        "reference",
        "entry",
        "request",
        "method",
        "url",
        "resource",
        "fullUrl",
        "type",
        "extension",
        "valueQuantity",
        "coding",
        "birthDate",
        "colour",
    ]
)


def _patient() -> dict[str, Any]:
    return patient(identifier=[{"system": INS_SYSTEM, "value": "123"}])


def _transaction() -> dict[str, Any]:
    urn = "urn:uuid:8d2a4c36-1f5b-4c55-9d73-2a4b6c8d0e1f"
    return bundle(
        "transaction",
        [
            {**entry("POST", "Patient", _patient()), "fullUrl": urn},
            entry("POST", "Observation", observation(urn)),
            entry("PUT", "Patient/fuzz-1", patient(id="fuzz-1")),
            entry("GET", "Patient?family=dupont"),
            entry("DELETE", "Observation/none"),
        ],
    )


def _locations(node: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [path]
    if isinstance(node, dict):
        for key, value in node.items():
            found += _locations(value, (*path, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            found += _locations(value, (*path, index))
    return found


def _mutate(document: Any, data: st.DataObject) -> Any:
    """One to three random edits of a deep copy of ``document``."""
    document = copy.deepcopy(document)
    for _ in range(data.draw(st.integers(1, 3))):
        path = data.draw(st.sampled_from(_locations(document)))
        if not path:
            return data.draw(_json)
        parent = document
        for step in path[:-1]:
            parent = parent[step]
        last = path[-1]
        action = data.draw(st.sampled_from(["replace", "drop", "add", "grow", "wrap"]))
        if action == "replace":
            parent[last] = data.draw(_json)
        elif action == "drop":
            del parent[last]
        elif action == "add" and isinstance(parent[last], dict):
            parent[last][data.draw(_keys)] = data.draw(_json)
        elif action == "grow":
            parent[last] = [parent[last]] * data.draw(st.integers(0, 3))
        else:
            parent[last] = {data.draw(_keys): parent[last]}
    return document


def _assert_handled(status: int, raw: bytes) -> None:
    assert status < 500, raw[:500]
    if status >= 400:
        body = json.loads(raw)
        assert body["resourceType"] == "OperationOutcome"


@FUZZ
@given(document=_json)
async def test_random_json_everywhere(server: LiveServer, document: Any) -> None:
    for method, path in (("POST", "/Patient"), ("PUT", "/Observation/o1"), ("POST", "/")):
        reply = await server.request(method, path, document)
        _assert_handled(reply.status, reply.raw)


@FUZZ
@given(raw=st.binary(max_size=200))
async def test_random_bytes(server: LiveServer, raw: bytes) -> None:
    for path in ("/Patient", "/"):
        reply = await server.post(path, data=raw, headers={"Content-Type": "application/fhir+json"})
        _assert_handled(reply.status, reply.raw)


@FUZZ
@given(data=st.data())
async def test_mutated_resources(server: LiveServer, data: st.DataObject) -> None:
    for valid, path, method in (
        (_patient(), "/Patient", "POST"),
        (observation("Patient/p1"), "/Observation", "POST"),
        (patient(id="p1"), "/Patient/p1", "PUT"),
    ):
        reply = await server.request(method, path, _mutate(valid, data))
        _assert_handled(reply.status, reply.raw)


@FUZZ
@given(data=st.data(), kind=st.sampled_from(["transaction", "batch"]))
async def test_mutated_bundles(server: LiveServer, data: st.DataObject, kind: str) -> None:
    document = _transaction()
    document["type"] = kind
    reply = await server.post("/", _mutate(document, data))
    _assert_handled(reply.status, reply.raw)


@FUZZ
@given(
    params=st.lists(
        st.tuples(
            st.sampled_from(
                [
                    "family",
                    "birthdate",
                    "identifier",
                    "_id",
                    "_lastUpdated",
                    "_count",
                    "_sort",
                    "patient",
                    "subject:Patient",
                    "date",
                    "code",
                    "_offset",
                    "name:exact",
                ]
            ),
            # Short enough for the request line: a longer one is refused by aiohttp's
            # parser (plain 400) before any FHIR code runs; test_errors covers that.
            _text.filter(lambda t: len(t) < 500),
        ),
        max_size=4,
    ),
    rtype=st.sampled_from(["Patient", "Observation"]),
)
async def test_random_searches(
    server: LiveServer, params: list[tuple[str, str]], rtype: str
) -> None:
    async with server.session.get(
        f"{server.url}/{rtype}",
        params=params,
        headers={"Authorization": f"Bearer {server.token}"},
    ) as response:
        _assert_handled(response.status, await response.read())
