"""WritePlan on its own: the stored text is the stored document, group planning rules."""

import itertools
import json
from datetime import UTC, datetime
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from backend.search.search_indexer import SearchIndexer
from backend.storage.current_version import CurrentVersion
from backend.storage.sql_dialect import SqlDialect
from backend.storage.storage_errors import VersionConflictError
from backend.storage.write_op import WriteKind, WriteOp
from backend.storage.write_plan import WritePlan
from tests.backend.storage.samples import Samples

S = Samples
INDEXER = SearchIndexer()
NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)

_SCALARS = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text()
)
_JSON = st.recursive(
    _SCALARS,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(), inner, max_size=3),
    max_leaves=12,
)


def _plan(current: dict[tuple[str, str], CurrentVersion] | None = None) -> WritePlan:
    return WritePlan(current or {}, NOW, SqlDialect.SQLITE, itertools.count(100))


def _prepared(*ops: WriteOp) -> Any:
    return WritePlan.prepare(ops, SqlDialect.SQLITE, INDEXER)


@given(st.dictionaries(st.text(), _JSON, max_size=5), st.none() | st.dictionaries(st.text(), _JSON))
def test_the_stored_text_is_the_compact_json_of_the_stored_document(
    body: dict[str, Any], meta: dict[str, Any] | None
) -> None:
    resource: dict[str, Any] = {"resourceType": "Patient", **body}
    if meta is not None:
        resource["meta"] = meta
    (stored,) = _plan().add(_prepared(S.update("Patient", "p1", resource)))
    assert stored.text == json.dumps(stored.json, separators=(",", ":"))
    assert stored.json is not None
    assert stored.json["meta"]["versionId"] == "1"
    assert stored.json["meta"]["lastUpdated"] == NOW.isoformat(timespec="microseconds")


def test_writes_of_one_plan_see_each_other_and_a_failed_one_changes_nothing() -> None:
    plan = _plan()
    (first,) = plan.add(_prepared(S.create("Patient", "p1", S.patient())))
    before = (list(plan.history_rows), plan.index_rows, plan.new_resource_rows)
    with pytest.raises(VersionConflictError):
        plan.add(
            _prepared(
                S.create("Patient", "p2", S.patient()), S.create("Patient", "p1", S.patient())
            )
        )
    assert (list(plan.history_rows), plan.index_rows, plan.new_resource_rows) == before
    (second,) = plan.add(_prepared(S.update("Patient", "p1", S.patient("Martin"), if_match=1)))
    assert (first.version, second.version) == (1, 2)
    # One current row per resource, every version in the history, keys from new_keys.
    assert [row[:4] for row in plan.new_resource_rows] == [(100, "Patient", "p1", 2)]
    assert [row[0] for row in plan.history_rows] == [100 * (1 << 24) + 1, 100 * (1 << 24) + 2]
    assert plan.last_key == 100
    assert {row[3] for row in plan.index_rows if row[2] == "family"} == {"martin"}


def test_rows_of_a_resource_that_existed_replace_its_index_rows() -> None:
    current = {("Patient", "p1"): CurrentVersion(7, 3, False, NOW)}
    plan = _plan(current)
    plan.add(_prepared(WriteOp(WriteKind.DELETE, "Patient", "p1")))
    assert plan.index_deletes == [7]
    assert plan.index_rows == []
    assert plan.new_resource_rows == []
    # (rkey, type, id, version, instant, deleted): a tombstone, version 4, same key.
    ((rkey, rtype, rid, version, _, deleted),) = plan.changed_resource_rows
    assert (rkey, rtype, rid, version, deleted) == (7, "Patient", "p1", 4, 1)
    assert plan.last_key is None
