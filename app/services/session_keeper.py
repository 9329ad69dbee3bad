"""Keeps the logged-in practitioner's server session alive, and ends it on a lock.

Tokens from a card login last minutes (the backend's are 15); the open card signs a
fresh server challenge before the token expires (no PIN: the card keeps its verified
state while it stays in its reader). After an offline login, the same renewal is tried
every ``retry_s`` until the server answers, and sync then resumes under a real token.
On any lock the card session is closed (the card forgets its PIN); unlocking opens a
new one with the PIN again. An e-CPS session (no card) renews its token with the server
(``POST /auth/session``) while it is valid; once the server refuses (a working day
after the login, or the token lapsed while the server was away) the workstation locks
(SESSION_ENDED) and the practitioner logs in again, card or e-CPS.
"""

import asyncio
import contextlib
import logging
import time
from collections.abc import Callable

from app.domain.card_error import CardError
from app.domain.login_refused_error import LoginRefusedError
from app.domain.workstation_lock_reason import WorkstationLockReason
from app.services.login_outcome import LoginOutcome
from app.services.login_service import LoginService
from app.services.workstation_lock import WorkstationLock

log = logging.getLogger(__name__)

RENEW_MARGIN_S = 120.0
RETRY_S = 30.0


class SessionKeeper:
    """Between a login and the next lock: the outcome, its renewal, its end."""

    def __init__(
        self,
        login: LoginService,
        lock: WorkstationLock,
        token_expiry: Callable[[], float | None],
        *,
        margin_s: float = RENEW_MARGIN_S,
        retry_s: float = RETRY_S,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._login = login
        self._lock = lock
        self._token_expiry = token_expiry
        self._margin_s = margin_s
        self._retry_s = retry_s
        self._clock = clock
        self._outcome: LoginOutcome | None = None
        self._online = False
        self._task: asyncio.Task[None] | None = None
        self._callbacks: list[Callable[[bool], None]] = []

    @property
    def outcome(self) -> LoginOutcome | None:
        return self._outcome

    @property
    def online(self) -> bool:
        """Whether the server vouched for the session (it holds a token)."""
        return self._online

    def on_online_change(self, callback: Callable[[bool], None]) -> None:
        """``callback(online)`` after the login and after each renewal that changed it."""
        self._callbacks.append(callback)

    def begin(self, outcome: LoginOutcome) -> None:
        """A login or unlock succeeded: unlock, and keep the session alive from now."""
        self._outcome = outcome
        self._lock.unlocked(outcome)
        self._set_online(outcome.online, always=True)
        self._task = asyncio.get_running_loop().create_task(self._keep(outcome))

    async def end(self) -> None:
        """The workstation locked: no renewal; the card session closes (PIN forgotten)."""
        task, self._task = self._task, None
        if task is not None:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
        outcome = self._outcome
        if outcome is not None and outcome.card is not None:
            with contextlib.suppress(CardError):
                await outcome.card.close()

    async def _keep(self, outcome: LoginOutcome) -> None:
        while True:
            await asyncio.sleep(self._next_delay())
            try:
                online = await self._login.renew_online(outcome)
            except CardError as exc:
                # The card went away or was reset under us: nobody can vouch any more.
                log.info("session renewal: card %s; locking", exc.reason.value)
                self._lock.lock(WorkstationLockReason.CARD_REMOVED)
                return
            except LoginRefusedError as exc:
                if outcome.by_ecps:
                    # No card to prove presence again: the practitioner logs in anew.
                    log.info("e-CPS session not renewed (%s); locking", exc.reason.value)
                    self._lock.lock(WorkstationLockReason.SESSION_ENDED)
                    return
                # The server no longer accepts this card (revoked, other anchors): the
                # session goes on locally, without a token; sync waits, visibly offline.
                log.warning("session renewal refused by the server: %s", exc.reason.value)
                self._set_online(False)
                await asyncio.sleep(self._retry_s * 10)
                continue
            self._set_online(online)

    def _next_delay(self) -> float:
        expires = self._token_expiry()
        if self._online and expires is not None:
            return max(0.0, expires - self._margin_s - self._clock())
        return self._retry_s

    def _set_online(self, online: bool, *, always: bool = False) -> None:
        # A renewal that stays online is news too: sync may run again under the token.
        changed = online != self._online
        self._online = online
        if always or changed or online:
            for callback in list(self._callbacks):
                callback(online)
