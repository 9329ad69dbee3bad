"""Checking what a participant sends to a signalling room before anything is relayed.

A message is one JSON object of at most ``MAX_MESSAGE_BYTES`` with a known ``type`` and
exactly the fields that type has, each of its type and within its bounds; anything else
is refused with a reason (see :class:`backend.signalling.signalling_hub.SignallingHub`
for the protocol). Only the checked fields are relayed, rebuilt here: nothing a client
adds reaches the other side.
"""

import json
from typing import Any

MAX_MESSAGE_BYTES = 128 * 1024
MAX_SDP_CHARS = 64 * 1024
MAX_CANDIDATE_CHARS = 1024
MAX_MID_CHARS = 64
MAX_LINE_INDEX = 64
MAX_TOKEN_CHARS = 512
PRACTITIONER = "practitioner"
PATIENT = "patient"
# The types each role may send.
_ALLOWED = {
    PRACTITIONER: frozenset({"offer", "answer", "candidate", "mode", "hangup", "admit"}),
    PATIENT: frozenset({"join", "offer", "answer", "candidate", "mode", "hangup"}),
}


class SignallingMessage:
    """Static checks only."""

    @staticmethod
    def parse(raw: str, role: str) -> dict[str, Any]:
        """The message as it may be relayed; ValueError with a short reason otherwise."""
        if len(raw) > MAX_MESSAGE_BYTES:
            raise ValueError("message too large")
        try:
            message = json.loads(raw)
        except ValueError:
            raise ValueError("not JSON") from None
        if not isinstance(message, dict):
            raise ValueError("not a JSON object")  # noqa: TRY004 - a refusal, said to the sender
        kind = message.get("type")
        if not isinstance(kind, str) or kind not in _ALLOWED[role]:
            raise ValueError(f"type not allowed for the {role}")
        if kind in {"offer", "answer"}:
            return {"type": kind, "sdp": _sdp(message)}
        if kind == "candidate":
            return {"type": kind, **_candidate(message)}
        if kind == "mode":
            audio_only = message.get("audio_only")
            both_ways = message.get("both_ways", False)
            if not isinstance(audio_only, bool) or not isinstance(both_ways, bool):
                raise ValueError("mode needs audio_only (and both_ways) true or false")
            return {"type": kind, "audio_only": audio_only, "both_ways": both_ways}
        if kind == "join":
            token = message.get("token")
            if not isinstance(token, str) or not 0 < len(token) <= MAX_TOKEN_CHARS:
                raise ValueError("join needs the link's token")
            return {"type": kind, "token": token}
        return {"type": kind}


def _sdp(message: dict[str, Any]) -> str:
    sdp = message.get("sdp")
    if not isinstance(sdp, str) or not 0 < len(sdp) <= MAX_SDP_CHARS:
        raise ValueError("sdp missing or too long")
    if not sdp.startswith("v=0"):
        raise ValueError("sdp is not a session description")
    return sdp


def _candidate(message: dict[str, Any]) -> dict[str, Any]:
    candidate = message.get("candidate")
    mid = message.get("sdpMid")
    index = message.get("sdpMLineIndex")
    if not isinstance(candidate, str) or len(candidate) > MAX_CANDIDATE_CHARS:
        raise ValueError("candidate must be a string")
    if mid is not None and (not isinstance(mid, str) or len(mid) > MAX_MID_CHARS):
        raise ValueError("sdpMid must be a short string or null")
    if index is not None and (
        not isinstance(index, int) or isinstance(index, bool) or not 0 <= index <= MAX_LINE_INDEX
    ):
        raise ValueError("sdpMLineIndex must be a small integer or null")
    # An empty candidate string is the end of candidates, as browsers send it.
    return {"candidate": candidate, "sdpMid": mid, "sdpMLineIndex": index}
