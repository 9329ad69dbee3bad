"""An in-memory card login for GUI tests, with LoginService's API.

It plays the card watch (:meth:`publish` a snapshot, :meth:`insert` and :meth:`remove`
a card) and answers ``open_card`` from the snapshot as the real service does: no
service, no reader, a Vitale, an unknown card, a contactless CPS, or the card put in a
reader with :meth:`insert` (``open_failures``: the next reads fail, one each).
``login`` sends the PIN to the card (FakeCpsCard keeps the card's PIN rules: tries,
blocking), then plays the proof: ``refusal`` refuses it as the server or the offline
check would. ``unlock`` refuses another practitioner's card before any VERIFY, as
LoginService does. ``hold`` keeps logins waiting, and ``open_hold`` reads (after the card
is chosen, as a connection is made), so that a test can look at the view, or change the
cards, meanwhile. ``most_reads_at_once`` tells whether two connections to a card were
ever being opened together.

e-CPS (``ecps_available``, off by default as on a workstation without Pro Santé Connect):
``login_ecps`` waits for ``ecps_hold`` (when set) or the cancel event, whichever comes
first (cancelled: ECPS_CANCELLED), then refuses with ``ecps_refusal``, or with
OTHER_PRACTITIONER when unlocking someone else's session, or logs ``ecps_identity`` in,
online and without a card.
"""

import asyncio
from collections.abc import Callable

from app.domain.card_error import CardError
from app.domain.card_error_reason import CardErrorReason
from app.domain.card_kind import CardKind
from app.domain.card_reader_state import CardReaderState
from app.domain.card_slot import CardSlot
from app.domain.cps_identity import CpsIdentity
from app.domain.login_refused_error import LoginRefusedError
from app.domain.login_refused_reason import LoginRefusedReason
from app.ports.cps_card import CpsCard
from app.services.login_outcome import LoginOutcome
from app.services.session import Session

READER = "Lecteur 0"
WORKSTATION = "poste-test"
# Who logs in with e-CPS unless a test says otherwise (no certificate: no card).
ECPS_IDENTITY = CpsIdentity("810000000019", "ECPS", "Praticien", b"")


class FakeCardLogin:
    """``opened``, ``logins``, ``unlocks`` and ``ecps_logins`` record what the view asked
    for."""

    def __init__(self, state: CardReaderState | None = None) -> None:
        self._state = state or CardReaderState(service=True, slots=(CardSlot(READER, None),))
        self._listeners: list[Callable[[CardReaderState], None]] = []
        self.cards: dict[str, CpsCard] = {}
        # The next reads fail with these, one each, in order.
        self.open_failures: list[CardError] = []
        self.refusal: LoginRefusedError | None = None
        self.online = True
        self.hold: asyncio.Event | None = None
        self.open_hold: asyncio.Event | None = None
        self._reading = 0
        self.most_reads_at_once = 0
        self.opened: list[CpsCard] = []
        # (card, pin): a test checks what reached the service, the screen never shows it.
        self.logins: list[tuple[CpsCard, str]] = []
        self.unlocks: list[tuple[CpsCard, str, str]] = []
        self.ecps_available = False
        self.ecps_hold: asyncio.Event | None = None
        self.ecps_refusal: LoginRefusedError | None = None
        self.ecps_identity = ECPS_IDENTITY
        # The owner's idNatPs of each e-CPS login asked for (None: not an unlock).
        self.ecps_logins: list[str | None] = []

    # -- LoginService's API ------------------------------------------------------------

    @property
    def reader_state(self) -> CardReaderState:
        return self._state

    def on_reader_state(self, callback: Callable[[CardReaderState], None]) -> None:
        self._listeners.append(callback)

    async def open_card(self) -> CpsCard:
        slot = self._state.holding(
            lambda kind: kind.is_cps,
            [
                (lambda kind: kind.is_vitale, CardErrorReason.NOT_CPS),
                (lambda kind: kind is CardKind.UNKNOWN, CardErrorReason.UNKNOWN_CARD),
            ],
        )
        card = self.cards.get(slot.reader)
        self._reading += 1
        self.most_reads_at_once = max(self.most_reads_at_once, self._reading)
        try:
            if self.open_hold is not None:
                await self.open_hold.wait()
            else:
                await asyncio.sleep(0)  # a real read gives the loop a turn
        finally:
            self._reading -= 1
        if slot.kind is CardKind.CPS3_CONTACTLESS:
            raise CardError(CardErrorReason.CONTACTLESS)
        if self.open_failures:
            raise self.open_failures.pop(0)
        if card is None or card.insertion != slot.insertion:
            raise CardError(CardErrorReason.NO_CARD)
        self.opened.append(card)
        return card

    async def login(self, card: CpsCard, pin: str) -> LoginOutcome:
        self.logins.append((card, pin))
        return await self._prove(card, pin)

    async def unlock(self, card: CpsCard, pin: str, owner_id_nat_ps: str) -> LoginOutcome:
        self.unlocks.append((card, pin, owner_id_nat_ps))
        if card.identity.id_nat_ps != owner_id_nat_ps:
            raise LoginRefusedError(LoginRefusedReason.OTHER_PRACTITIONER)
        return await self._prove(card, pin)

    async def _prove(self, card: CpsCard, pin: str) -> LoginOutcome:
        if self.hold is not None:
            await self.hold.wait()
        else:
            await asyncio.sleep(0)
        await card.verify_pin(pin)
        if self.refusal is not None:
            raise self.refusal
        identity = card.identity
        session = Session(f"Practitioner/{identity.id_nat_ps}", identity.display_name, WORKSTATION)
        return LoginOutcome(session=session, identity=identity, online=self.online, card=card)

    async def login_ecps(
        self, cancel: asyncio.Event, *, owner_id_nat_ps: str | None = None
    ) -> LoginOutcome:
        self.ecps_logins.append(owner_id_nat_ps)
        if self.ecps_hold is not None:
            await _first_of(self.ecps_hold, cancel)
        else:
            await asyncio.sleep(0)  # the browser, the phone: never at once
        if cancel.is_set():
            raise LoginRefusedError(LoginRefusedReason.ECPS_CANCELLED)
        if self.ecps_refusal is not None:
            raise self.ecps_refusal
        identity = self.ecps_identity
        if owner_id_nat_ps is not None and identity.id_nat_ps != owner_id_nat_ps:
            raise LoginRefusedError(LoginRefusedReason.OTHER_PRACTITIONER)
        session = Session(f"Practitioner/{identity.id_nat_ps}", identity.display_name, WORKSTATION)
        return LoginOutcome(session=session, identity=identity, online=True, card=None)

    # -- the card watch ----------------------------------------------------------------

    def publish(self, state: CardReaderState) -> None:
        self._state = state
        for callback in list(self._listeners):
            callback(state)

    def insert(self, kind: CardKind, card: CpsCard | None = None, reader: str = READER) -> None:
        """A card goes into ``reader`` (a new insertion there); ``card`` is what opens."""
        slots = list(self._state.slots)
        previous = self._state.slot(reader)
        insertion = card.insertion if card is not None else (previous or _EMPTY).insertion + 1
        slot = CardSlot(reader, kind, insertion)
        if previous is None:
            slots.append(slot)
        else:
            slots[slots.index(previous)] = slot
        if card is not None:
            self.cards[reader] = card
        self.publish(CardReaderState(service=True, slots=tuple(slots)))

    def remove(self, reader: str = READER) -> None:
        slots = tuple(
            CardSlot(s.reader, None, s.insertion) if s.reader == reader else s
            for s in self._state.slots
        )
        self.cards.pop(reader, None)
        self.publish(CardReaderState(service=True, slots=slots))


_EMPTY = CardSlot(READER, None, 0)


async def _first_of(*events: asyncio.Event) -> None:
    """Until one of ``events`` is set."""
    waits = [asyncio.ensure_future(event.wait()) for event in events]
    try:
        await asyncio.wait(waits, return_when=asyncio.FIRST_COMPLETED)
    finally:
        for wait in waits:
            wait.cancel()
        await asyncio.gather(*waits, return_exceptions=True)
