"""The backend's teleconsultation rooms, asked under the logged-in practitioner's token.

``GET /Appointment/<id>/$room`` (see ``backend.signalling.signalling_hub``): a small
JSON object read with a size cap; anything unexpected reads as "cannot say" rather than
as a state the agenda would show.
"""

from datetime import UTC, datetime
from urllib.parse import quote

import aiohttp

from app.domain.room_presence import RoomPresence
from app.domain.room_state import RoomState
from sync.auth_answer import AuthAnswer
from sync.server_token import ServerToken

TIMEOUT_S = 5.0
MAX_ANSWER_BYTES = 4096


class TeleconsultationRoomsClient:
    """``app.ports.TeleconsultationRooms`` over HTTP."""

    def __init__(self, tokens: ServerToken) -> None:
        self._tokens = tokens
        self._timeout = aiohttp.ClientTimeout(total=TIMEOUT_S)

    async def room(self, appointment_id: str) -> RoomState:
        token = await self._tokens.token()
        url = f"{self._tokens.base_url()}Appointment/{quote(appointment_id, safe='')}/$room"
        try:
            async with (
                aiohttp.ClientSession(timeout=self._timeout) as http,
                http.get(url, headers={"Authorization": f"Bearer {token}"}) as response,
            ):
                raw = await response.content.read(MAX_ANSWER_BYTES + 1)
                status = response.status
        except (aiohttp.ClientError, TimeoutError, OSError) as exc:
            raise ConnectionError(f"the server: {type(exc).__name__}") from None
        answer = AuthAnswer.parse(raw) if len(raw) <= MAX_ANSWER_BYTES else None
        if status != 200 or answer is None:
            raise ConnectionError(f"the server could not say (HTTP {status})")
        try:
            presence = RoomPresence(str(answer.get("patient")))
        except ValueError:
            raise ConnectionError("the server's answer is not a room state") from None
        since = answer.get("waitingSince")
        return RoomState(
            patient=presence,
            practitioner=answer.get("practitioner") is True,
            waiting_since=(
                datetime.fromtimestamp(since, UTC) if isinstance(since, int | float) else None
            ),
        )
