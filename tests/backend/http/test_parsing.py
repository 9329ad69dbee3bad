"""The pieces under the endpoints, without a server: search parsing, tokens, JSON limits."""

import io
import time
from datetime import UTC, datetime

import pytest

from backend.auth.auth_error import AuthError
from backend.auth.principal import Principal
from backend.auth.token_issuer import TokenIssuer
from backend.http.backend_server import BackendServer
from backend.http.fhir_error import FhirError
from backend.http.http_limits import HttpLimits
from backend.http.json_body import JsonBody
from backend.http.search_parser import SearchParser
from backend.http.server_options import ServerOptions
from backend.search.search_query import Prefix, SearchValue

PARSER = SearchParser(HttpLimits())
ANY_ADDRESS = "0.0.0.0"  # noqa: S104 (what the refusal is about)


def test_comma_is_or_and_repetition_is_and() -> None:
    parsed = PARSER.parse("Patient", [("family", "dupont,martin"), ("family", "x\\,y")])
    clauses = parsed.query.clauses
    assert [c.param for c in clauses] == ["family", "family"]
    assert [v.text for v in clauses[0].values] == ["dupont", "martin"]
    assert [v.text for v in clauses[1].values] == ["x,y"]


def test_tokens() -> None:
    values = PARSER.parse("Patient", [("identifier", "sys|a,|b,c,sys|")]).query.clauses[0].values
    assert values == (
        SearchValue(system="sys", code="a"),
        SearchValue(system="", code="b"),
        SearchValue(code="c"),
        SearchValue(system="sys", code=None),
    )


def test_dates_become_utc_ranges_with_their_prefix() -> None:
    [value] = PARSER.parse("Patient", [("birthdate", "ge2026-03")]).query.clauses[0].values
    assert value.prefix is Prefix.GE
    assert value.low == datetime(2026, 3, 1, tzinfo=UTC)
    assert value.high == datetime(2026, 4, 1, tzinfo=UTC)
    # An unencoded '+' arrives as a space.
    [moment] = (
        PARSER.parse("Patient", [("_lastUpdated", "2026-03-14T10:30:00 01:00")])
        .query.clauses[0]
        .values
    )
    assert moment.low == datetime(2026, 3, 14, 9, 30, tzinfo=UTC)


def test_references() -> None:
    def texts(param: str, value: str) -> list[str | None]:
        query = PARSER.parse("Observation", [(param, value)]).query
        return [v.text for v in query.clauses[0].values]

    assert texts("patient", "Patient/p1") == ["Patient/p1"]
    assert texts("subject:Patient", "p1") == ["Patient/p1"]
    assert texts("subject", "p1") == ["p1"]  # the storage matches any type


def test_result_parameters() -> None:
    query = PARSER.parse(
        "Patient",
        [("_count", "20000"), ("_offset", "40"), ("_sort", "-_lastUpdated"), ("_total", "none")],
    ).query
    assert (query.count, query.offset, query.sort_last_updated, query.include_total) == (
        1000,
        40,
        "desc",
        False,
    )
    assert PARSER.parse("Patient", []).query.count == 50
    assert PARSER.parse("Patient", [("family", "")]).query.clauses == ()


def test_strict_and_lenient() -> None:
    with pytest.raises(FhirError) as caught:
        PARSER.parse("Patient", [("colour", "blue")])
    assert caught.value.status == 400
    parsed = PARSER.parse("Patient", [("colour", "blue"), ("family", "x")], lenient=True)
    assert parsed.applied == (("family", "x"),)
    for bad in [("_count", "²"), ("family:contains", "x"), ("birthdate", "ap2020")]:
        with pytest.raises(FhirError):
            PARSER.parse("Patient", [bad])


def test_tokens_expire_and_resist_tampering() -> None:
    now = [1_000_000.0]
    issuer = TokenIssuer(60, clock=lambda: now[0])
    token = issuer.issue(Principal("Practitioner/abc", "Dr A")).access_token
    # The token carries when the session began (auth_time): the issue time here.
    assert issuer.verify(token) == Principal("Practitioner/abc", "Dr A", session_start=1_000_000)
    assert TokenIssuer(key=b"x" * 32).issue(Principal("12345678901")).access_token.count(".") == 2
    with pytest.raises(AuthError):
        TokenIssuer().verify(token)  # another process, another key
    with pytest.raises(AuthError):
        issuer.verify(token[:-2] + ("AA" if not token.endswith("AA") else "BB"))
    now[0] += 61
    with pytest.raises(AuthError, match="expired"):
        issuer.verify(token)


def test_depth_is_checked_before_parsing() -> None:
    body = JsonBody(HttpLimits(max_depth=5))
    assert body.parse(b'{"a": [{"b": [1]}], "c": "[[[[[[[[[["}') is not None
    with pytest.raises(FhirError, match="deeper"):
        body.parse(b'{"a": [[[[[1]]]]]}')
    with pytest.raises(FhirError, match="unbalanced"):
        body.parse(b'{"a": [}')
    deep = b"[" * 10_000_000 + b"]" * 10_000_000
    started = time.perf_counter()
    with pytest.raises(FhirError):
        JsonBody(HttpLimits()).parse(deep)
    assert time.perf_counter() - started < 2.0


def test_bootstrap_line() -> None:
    secret, key = BackendServer.read_bootstrap(
        io.BytesIO(b'{"bootstrap_secret": "' + b"ab" * 16 + b'", "db_key": null}\n')
    )
    assert secret == bytes.fromhex("ab" * 16)
    assert key is None
    short_key = b'{"bootstrap_secret": "' + b"ab" * 16 + b'", "db_key": "abcd"}\n'
    for bad in (b"", b"{}\n", b'{"bootstrap_secret": "ab"}\n', b"x" * 10_000, short_key):
        with pytest.raises(ValueError, match=r"JSON|bootstrap_secret|too long|db_key"):
            BackendServer.read_bootstrap(io.BytesIO(bad))


def test_refusal_of_plain_http_off_loopback() -> None:
    def refusal(*args: str) -> str | None:
        return ServerOptions.parse(["--db", "sqlite:x", *args]).refusal()

    assert refusal() is None
    assert refusal("--host", "::1") is None
    assert refusal("--host", "localhost") is None
    assert refusal("--host", ANY_ADDRESS) is not None
    assert refusal("--host", "fhir.example.org") is not None
    assert refusal("--host", ANY_ADDRESS, "--behind-tls-proxy") is None
    with pytest.raises(SystemExit):
        ServerOptions.parse(["--db", "mysql://x"])
