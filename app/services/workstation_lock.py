"""When the workstation locks: its card pulled, or nobody touched it for a while.

Plain Python (no Qt): the window feeds it user activity, card snapshots and a periodic
``check_idle``; it says when to lock. Removal is seen from the card watch's snapshots
(pcscd notices within ~0.4 s), so the lock follows well under the 2 s the practice
expects. Locking hides data; it never discards an edit in progress.

The session card is followed as (reader, insertion): a card pulled and pushed back, even
between two snapshots, is a new insertion and locks. So does the PC/SC service going
away: after pcscd restarts, every card is seen again as a new insertion and nothing
proves it is the same card that stayed in; locking is the safe reading, and unlocking
costs the owner one PIN.
"""

import time
from collections.abc import Callable

from app.domain.card_reader_state import CardReaderState
from app.domain.cps_identity import CpsIdentity
from app.domain.workstation_lock_reason import WorkstationLockReason
from app.services.login_outcome import LoginOutcome

DEFAULT_IDLE_LOCK_S = 30 * 60


class WorkstationLock:
    """Locked until a login; locks again on card removal, idleness or request."""

    def __init__(
        self, idle_s: float = DEFAULT_IDLE_LOCK_S, clock: Callable[[], float] | None = None
    ) -> None:
        if idle_s <= 0:
            raise ValueError("the idle delay must be positive")
        self._idle_s = idle_s
        self._clock = clock or time.monotonic
        self._reason: WorkstationLockReason | None = WorkstationLockReason.NOT_LOGGED_IN
        self._owner: CpsIdentity | None = None
        self._card: tuple[str, int] | None = None
        self._last_activity = self._clock()
        self._callbacks: list[Callable[[WorkstationLockReason | None], None]] = []

    @property
    def locked(self) -> bool:
        return self._reason is not None

    @property
    def reason(self) -> WorkstationLockReason | None:
        """Why it is locked; None while unlocked."""
        return self._reason

    @property
    def owner(self) -> CpsIdentity | None:
        """Whose session is open or locked; None before the first login."""
        return self._owner

    @property
    def idle_s(self) -> float:
        return self._idle_s

    def on_change(self, callback: Callable[[WorkstationLockReason | None], None]) -> None:
        """``callback(reason)`` on each lock (reason) and unlock (None)."""
        self._callbacks.append(callback)

    def unlocked(self, outcome: LoginOutcome) -> None:
        """A login or unlock succeeded: follow ``outcome.card`` (its reader and insertion)."""
        self._owner = outcome.identity
        # An e-CPS session has no card to follow: idle and Ctrl+L lock it.
        card = outcome.card
        self._card = None if card is None else (card.reader, card.insertion)
        self._last_activity = self._clock()
        if self._reason is not None:
            self._set(None)

    def lock(self, reason: WorkstationLockReason = WorkstationLockReason.MANUAL) -> None:
        """Lock now; already locked, the first reason stands (it is what happened)."""
        if self._reason is None:
            self._set(reason)

    def user_did_act(self) -> None:
        """Keyboard or mouse activity: the idle delay starts again."""
        self._last_activity = self._clock()

    def card_state_changed(self, state: CardReaderState) -> None:
        """Locks (CARD_REMOVED) when the session card's slot no longer holds that
        insertion, the reader vanished, or the PC/SC service went away."""
        if self._reason is not None or self._card is None:
            return
        reader, insertion = self._card
        slot = state.slot(reader)
        if (
            not state.service
            or slot is None
            or slot.kind is None
            or not slot.kind.is_cps
            or slot.insertion != insertion
        ):
            self._set(WorkstationLockReason.CARD_REMOVED)

    def check_idle(self) -> None:
        """Locks (IDLE) when the last activity is older than ``idle_s``; call it often."""
        if self._reason is None and self._clock() - self._last_activity >= self._idle_s:
            self._set(WorkstationLockReason.IDLE)

    def _set(self, reason: WorkstationLockReason | None) -> None:
        self._reason = reason
        for callback in list(self._callbacks):
            callback(reason)
