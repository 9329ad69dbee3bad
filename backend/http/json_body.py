"""Reading a request body as FHIR JSON within the limits, before anything trusts it.

The order matters: the size is checked while reading (a body is never held past the
cap), the nesting depth on the raw bytes (nothing recursive runs over a deep document;
a body with fewer opening brackets than the limit needs no such check),
then the JSON is parsed, refusing what FHIR JSON forbids and what a store could not
keep (NaN and infinities, control characters, unpaired surrogates).
"""

import asyncio
import json
import math
import re
from typing import Any

from aiohttp import web

from backend.http.fhir_error import FhirError
from backend.http.http_limits import HttpLimits

# A JSON string, escapes included; possessive so a long string costs one pass.
_STRING = re.compile(rb'"(?:[^"\\]++|\\.)*+"', re.DOTALL)
# Both kinds of bracket as one: depth does not depend on the kind (a mismatch such as
# ``[}`` is the parser's to refuse), and one kind makes a single replace per level exact.
_AS_SQUARE = bytes.maketrans(b"{}", b"[]")
_NOT_BRACKETS = bytes(b for b in range(256) if b not in b"[]{}")
# ``\u`` escapes preceded by an even number of backslashes (the escape is real) of a
# control character FHIR forbids in strings (all below U+0020 but tab, LF and CR).
_CONTROL_ESCAPE = re.compile(rb"(?<!\\)(?:\\\\)*\\u00(?:0[0-8bBcCeEfF]|1[0-9a-fA-F])")
_SURROGATE_ESCAPE = re.compile(rb"(?<!\\)(?:\\\\)*\\u[dD][89a-fA-F][0-9a-fA-F]{2}")
_READ_CHUNK = 64 * 1024


class JsonBody:
    """Reads, checks and parses bodies under one set of limits."""

    def __init__(self, limits: HttpLimits) -> None:
        self._limits = limits

    async def read_bytes(self, request: web.Request) -> bytes:
        """The whole body, or 413 as soon as it passes ``max_body_bytes``."""
        limit = self._limits.max_body_bytes
        if request.content_length is not None and request.content_length > limit:
            raise self._too_large()
        data = bytearray()
        async for chunk in request.content.iter_chunked(_READ_CHUNK):
            data += chunk
            if len(data) > limit:
                raise self._too_large()
        return bytes(data)

    async def read_json(self, request: web.Request) -> Any:
        """The parsed body; large ones are parsed on a worker thread."""
        data = await self.read_bytes(request)
        if len(data) > self._limits.offload_bytes:
            return await asyncio.to_thread(self.parse, data)
        return self.parse(data)

    def parse(self, data: bytes) -> Any:
        if not data.strip():
            raise FhirError(400, "The request has no body; a FHIR JSON resource is expected")
        if data.count(b"[") + data.count(b"{") > self._limits.max_depth:
            self._check_depth(data)
            return self._parse_shallow(data)
        # No more opening brackets than the depth allowed, strings included: the document
        # cannot nest too deep, and the depth check (half the time of a small parse) is only needed
        # for the error it gives on unbalanced brackets, which comes first as before.
        try:
            return self._parse_shallow(data)
        except FhirError:
            self._check_depth(data)
            raise

    def _parse_shallow(self, data: bytes) -> Any:
        """The parse of a body whose depth is known to be within the limit."""
        # Both escape checks look for a \u escape: most bodies have none, and a search
        # for two bytes is far cheaper than the patterns tried at every position.
        escapes = b"\\u" in data
        if escapes and _CONTROL_ESCAPE.search(data):
            raise FhirError(400, "Malformed JSON: control characters are not allowed in FHIR")
        try:
            value = json.loads(data, parse_constant=_refuse_constant, parse_float=_finite_float)
        except RecursionError:
            raise self._too_deep() from None
        except ValueError as exc:
            raise FhirError(400, f"Malformed JSON: {_reason(exc)}") from None
        if escapes and _SURROGATE_ESCAPE.search(data):
            # Escaped surrogates are fine in pairs (they decode to one character); a
            # lone one cannot be stored as UTF-8.
            try:
                json.dumps(value, ensure_ascii=False).encode("utf-8")
            except UnicodeEncodeError:
                raise FhirError(400, "Malformed JSON: unpaired UTF-16 surrogate") from None
        return value

    def _check_depth(self, data: bytes) -> None:
        """Refuse nesting deeper than ``max_depth`` without recursing or parsing.

        Strings are cut out, leaving the brackets; each round removes every innermost
        pair, so a document is gone after as many rounds as it is deep. Each round is a
        C-speed pass over what is left. A run of opening brackets longer than the depth
        still allowed settles a deep document at once, so nesting a million levels
        costs one pass, not ``max_depth`` of them.
        """
        brackets = _STRING.sub(b"", data).translate(_AS_SQUARE, _NOT_BRACKETS)
        limit = self._limits.max_depth
        for removed in range(limit):
            if not brackets:
                return
            if b"[" * (limit - removed + 1) in brackets:
                raise self._too_deep()
            shorter = brackets.replace(b"[]", b"")
            if len(shorter) == len(brackets):
                # A balanced sequence always has an adjacent pair: this one is broken.
                raise FhirError(400, "Malformed JSON: unbalanced brackets")
            brackets = shorter
        if brackets:
            raise self._too_deep()

    def _too_deep(self) -> FhirError:
        return FhirError(
            400, f"JSON nested deeper than {self._limits.max_depth} levels", code="too-costly"
        )

    def _too_large(self) -> FhirError:
        return FhirError(413, f"Request body larger than {self._limits.max_body_bytes} bytes")


def _refuse_constant(name: str) -> float:
    raise ValueError(f"{name} is not JSON")


def _finite_float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise ValueError("number out of range")
    return value


def _reason(exc: ValueError) -> str:
    """The parser's message, which names a position, never the content."""
    if isinstance(exc, json.JSONDecodeError):
        return f"{exc.msg} at line {exc.lineno} column {exc.colno}"
    if isinstance(exc, UnicodeDecodeError):
        return "the body is not valid UTF-8"
    return str(exc) if "not JSON" in str(exc) or "out of range" in str(exc) else "invalid value"
