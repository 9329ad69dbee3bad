"""What the login view needs from the login service.

``app.services.login_service.LoginService`` is the real one; tests hand in
``tests.fakes.fake_card_login.FakeCardLogin``. Naming the five calls here keeps the view
off the store and the card reader, so it can be built and tested without either.
"""

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
