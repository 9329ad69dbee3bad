"""What the login view needs from the login service.

``app.services.login_service.LoginService`` is the real one; tests hand in
``tests.fakes.fake_card_login.FakeCardLogin``. Naming these calls here keeps the view
off the store and the card reader, so it can be built and tested without either.
"""

import asyncio
from collections.abc import Callable
from typing import Protocol

from app.domain.card_reader_state import CardReaderState
from app.ports.cps_card import CpsCard
from app.services.login_outcome import LoginOutcome


class CardLogin(Protocol):
    """The readers as they are now and as they change; the CPS; the PIN check."""

    @property
    def reader_state(self) -> CardReaderState: ...

    def on_reader_state(self, callback: Callable[[CardReaderState], None]) -> None:
        """``callback`` runs on the loop with each new snapshot (no way to unsubscribe)."""
        ...

    async def open_card(self) -> CpsCard:
        """The CPS in a reader; ``CardError`` says why there is none (NO_CARD, NOT_CPS...)."""
        ...

    async def login(self, card: CpsCard, pin: str) -> LoginOutcome:
        """One VERIFY, then the proof; ``CardError`` or ``LoginRefusedError`` when refused."""
        ...

    async def unlock(self, card: CpsCard, pin: str, owner_id_nat_ps: str) -> LoginOutcome:
        """As :meth:`login`, for a locked session: only its owner's card."""
        ...

    @property
    def ecps_available(self) -> bool:
        """Whether e-CPS login (Pro Santé Connect) is set up on this workstation."""
        ...

    async def login_ecps(
        self, cancel: asyncio.Event, *, owner_id_nat_ps: str | None = None
    ) -> LoginOutcome:
        """An e-CPS login: in the system browser, or (``owner_id_nat_ps`` given, to unlock
        that practitioner's session, where the provider offers it) a request pushed to
        their e-CPS app. Setting ``cancel`` ends it. ``LoginRefusedError`` when it fails
        (ECPS_CANCELLED, ECPS_DENIED, ECPS_TIMED_OUT, ECPS_UNREACHABLE, ECPS_UNAVAILABLE,
        ECPS_INVALID, SERVER_REFUSED, or OTHER_PRACTITIONER when unlocking)."""
        ...
