"""When the workstation locks: its card pulled, or nobody touched it for a while.

Plain Python (no Qt): the window feeds it user activity, card snapshots and a periodic
``check_idle``; it says when to lock. Removal is seen from the card watch's snapshots
(pcscd notices within ~0.4 s), so the lock follows well under the 2 s the practice
expects. Locking hides data; it never discards an edit in progress.
"""

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
        raise NotImplementedError

    @property
    def locked(self) -> bool: ...

    @property
    def reason(self) -> WorkstationLockReason | None:
        """Why it is locked; None while unlocked."""

    @property
    def owner(self) -> CpsIdentity | None:
        """Whose session is open or locked; None before the first login."""

    def on_change(self, callback: Callable[[WorkstationLockReason | None], None]) -> None:
        """``callback(reason)`` on each lock (reason) and unlock (None)."""

    def unlocked(self, outcome: LoginOutcome) -> None:
        """A login or unlock succeeded: follow ``outcome.card`` (its reader and insertion)."""

    def lock(self, reason: WorkstationLockReason = WorkstationLockReason.MANUAL) -> None: ...

    def user_did_act(self) -> None:
        """Keyboard or mouse activity: the idle delay starts again."""

    def card_state_changed(self, state: CardReaderState) -> None:
        """Locks (CARD_REMOVED) when the session card's slot no longer holds that
        insertion, the reader vanished, or the PC/SC service went away."""

    def check_idle(self) -> None:
        """Locks (IDLE) when the last activity is older than ``idle_s``; call it often."""
