"""Strict FHIR R4 validation for tests, through fhirclient's generated R4 models."""

import importlib
from typing import Any


def assert_valid_r4(resource: dict[str, Any]) -> None:
    """Raise if ``resource`` has unknown elements, wrong types or misses mandatory ones."""
    rtype = resource["resourceType"]
    model = getattr(importlib.import_module(f"fhirclient.models.{rtype.lower()}"), rtype)
    model(resource, strict=True)
