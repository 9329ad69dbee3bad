"""Hypothesis strategies for FHIR-like JSON: what element paths and merges are fed.

Objects, lists, strings, numbers and booleans, with the names of the keyed lists
(``telecom``, ``identifier``, ``extension``…) and their identity fields drawn often, and
identity values that collide on purpose, so that keyed items, duplicate identities,
empty objects and empty lists all come up. Object keys are element names: never
``[…]``, which only item steps look like.
"""

from typing import Any

from hypothesis import strategies as st

FhirJson = dict[str, Any]


class FhirLikeJson:
    """Strategies; ``resources(...)`` is the one tests mostly use."""

    NAMES = st.sampled_from(
        [
            "telecom",
            "identifier",
            "extension",
            "modifierExtension",
            "coding",
            "name",
            "address",
            "participant",
            "contact",
            "communication",
            "system",
            "use",
            "url",
            "value",
            "actor",
            "reference",
            "relationship",
            "language",
            "given",
            "period",
            "meta",
            "text",
        ]
    ) | st.from_regex(r"[a-z][a-zA-Z]{0,5}", fullmatch=True)

    @staticmethod
    def leaves(*, booleans: bool = True, floats: bool = True) -> st.SearchStrategy[Any]:
        """Scalars; ``"null"`` is how an absent key is written, ``"a|b"`` joins like two."""
        out: st.SearchStrategy[Any] = (
            st.sampled_from(["phone", "email", "mobile", "home", "null", "a|b", "[x]", '{"a":1}'])
            | st.text(max_size=4)
            | st.integers(min_value=-3, max_value=3)
        )
        if booleans:
            out = out | st.booleans()
        if floats:
            out = out | st.floats(allow_nan=False, allow_infinity=False, width=32)
        return out

    @classmethod
    def values(cls, *, booleans: bool = True, floats: bool = True) -> st.SearchStrategy[Any]:
        return st.recursive(
            cls.leaves(booleans=booleans, floats=floats),
            lambda inner: (
                st.lists(inner, max_size=4) | st.dictionaries(cls.NAMES, inner, max_size=4)
            ),
            max_leaves=24,
        )

    @classmethod
    def resources(
        cls, *, resource_type: bool = False, booleans: bool = True, floats: bool = True
    ) -> st.SearchStrategy[FhirJson]:
        """Top-level objects; with ``resource_type``, always a ``resourceType``."""
        body = st.dictionaries(cls.NAMES, cls.values(booleans=booleans, floats=floats), max_size=6)
        if not resource_type:
            return body
        return body.map(lambda r: {"resourceType": "Patient", **r})
