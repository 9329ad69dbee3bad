"""FHIR resources and storage calls the storage tests build again and again."""

from collections.abc import Sequence
from typing import Any

from backend.search.fhir_date_range import FhirDateRange
from backend.search.search_query import Prefix, SearchClause, SearchQuery, SearchValue
from backend.storage.resource_storage import ResourceStorage
from backend.storage.stored_resource import StoredResource
from backend.storage.write_op import WriteKind, WriteOp

Json = dict[str, Any]


class Samples:
    """Small valid resources, write ops and search queries."""

    @staticmethod
    def patient(
        family: str = "Dupont",
        given: Sequence[str] = ("Jean",),
        birth_date: str | None = "1980-02-03",
        identifiers: Sequence[tuple[str | None, str]] = (),
    ) -> Json:
        patient: Json = {
            "resourceType": "Patient",
            "name": [{"use": "official", "family": family, "given": list(given)}],
        }
        if birth_date is not None:
            patient["birthDate"] = birth_date
        if identifiers:
            patient["identifier"] = [
                {"value": value} if system is None else {"system": system, "value": value}
                for system, value in identifiers
            ]
        return patient

    @staticmethod
    def observation(
        subject: str = "Patient/p1",
        code: tuple[str, str] = ("http://loinc.org", "8867-4"),
        effective: str | Json = "2026-03-12T10:15:00+01:00",
        status: str = "final",
    ) -> Json:
        obs: Json = {
            "resourceType": "Observation",
            "status": status,
            "code": {"coding": [{"system": code[0], "code": code[1]}], "text": "pouls"},
            "subject": {"reference": subject},
            "valueQuantity": {"value": 72, "unit": "/min"},
        }
        if isinstance(effective, dict):
            obs["effectivePeriod"] = effective
        else:
            obs["effectiveDateTime"] = effective
        return obs

    @staticmethod
    def create(rtype: str, rid: str, json: Json) -> WriteOp:
        return WriteOp(WriteKind.CREATE, rtype, rid, json)

    @staticmethod
    def update(rtype: str, rid: str, json: Json, if_match: int | None = None) -> WriteOp:
        return WriteOp(WriteKind.UPDATE, rtype, rid, json, if_match)

    @staticmethod
    def delete(rtype: str, rid: str, if_match: int | None = None) -> WriteOp:
        return WriteOp(WriteKind.DELETE, rtype, rid, None, if_match)

    @staticmethod
    async def put(storage: ResourceStorage, rtype: str, rid: str, json: Json) -> StoredResource:
        (stored,) = await storage.write([WriteOp(WriteKind.UPDATE, rtype, rid, json)])
        return stored

    @staticmethod
    def query(rtype: str, *clauses: tuple[str, Sequence[SearchValue]], **kw: Any) -> SearchQuery:
        return SearchQuery(
            rtype, tuple(SearchClause(name, tuple(values)) for name, values in clauses), **kw
        )

    @staticmethod
    def text(text: str) -> SearchValue:
        return SearchValue(text=text)

    @staticmethod
    def token(code: str | None, system: str | None = None) -> SearchValue:
        return SearchValue(code=code, system=system)

    @staticmethod
    def date(text: str, prefix: Prefix = Prefix.EQ) -> SearchValue:
        found = FhirDateRange.parse(text)
        assert found is not None, text
        return SearchValue(prefix=prefix, low=found.low, high=found.high)

    @staticmethod
    async def ids(storage: ResourceStorage, query: SearchQuery) -> list[str]:
        found, _ = await storage.search(query)
        return [r.id for r in found]

    @staticmethod
    async def id_set(storage: ResourceStorage, query: SearchQuery) -> set[str]:
        return set(await Samples.ids(storage, query))
