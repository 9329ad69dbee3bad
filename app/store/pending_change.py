"""One resource waiting in the outbox, as the pusher sends it."""

from dataclasses import dataclass
from typing import Any

FhirJson = dict[str, Any]


@dataclass(frozen=True, slots=True)
class PendingChange:
    """The resource's latest local state and what it was based on.

    Edits queued for one resource are sent as one: its current local state, with the
    server version the first of them started from (``base_version``, None for a resource
    the server has never had). ``upto_seq`` is the last outbox entry this covers; an edit
    made while the push is on its way stays queued. ``sent_json``/``sent_base`` are set
    when an earlier push of it got no answer, and ``sent_upto_seq`` is the last entry that
    push covered: if it landed, only the entries up to there are acknowledged by it.
    """

    type: str
    id: str
    json: FhirJson | None
    base_version: str | None
    upto_seq: int
    in_flight: bool = False
    sent_json: FhirJson | None = None
    sent_base: str | None = None
    sent_upto_seq: int | None = None

    @property
    def ref(self) -> str:
        return f"{self.type}/{self.id}"

    @property
    def is_delete(self) -> bool:
        return self.json is None

    @property
    def rank(self) -> int:
        """Push order: Binary before what points to it, deletes after, Binary's last."""
        if self.type == "Binary":
            return 3 if self.is_delete else 0
        return 2 if self.is_delete else 1
