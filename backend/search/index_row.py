"""One row of the search index: a parameter and the typed value a resource has for it."""

from datetime import datetime
from typing import NamedTuple


class IndexRow(NamedTuple):
    """Exactly one group of value fields is set, after the parameter's kind.

    - string: ``value_string``, folded (see :meth:`SearchIndexer.fold`);
    - token: ``token_code`` and ``token_system`` (``""`` when the value has no system);
    - reference: ``ref_type`` and ``ref_id`` (``Patient`` and ``123`` for ``Patient/123``);
    - date: the UTC range [``date_low``, ``date_high``).

    A tuple rather than a dataclass: a write builds thousands of them and hands them to
    ``executemany`` as they are.
    """

    param: str
    value_string: str | None = None
    token_system: str | None = None
    token_code: str | None = None
    ref_type: str | None = None
    ref_id: str | None = None
    date_low: datetime | None = None
    date_high: datetime | None = None
