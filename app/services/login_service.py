"""CPS login: the card, one PIN, a signed challenge, a session (online or offline).

The login screen's only partner. Online: the backend's challenge is signed by the card
and exchanged for a token (``LoginGateway``). Offline (the gateway raises
``ConnectionError``): for a practitioner who logged in online on this profile before,
a local random challenge signed by the card and checked with the public key of the
certificate remembered then. Every attempt, good or bad, is audited.
"""

from collections.abc import Callable

from app.domain.card_reader_state import CardReaderState
from app.ports.card_reader import CardReader
from app.ports.cps_card import CpsCard
from app.ports.login_gateway import LoginGateway
from app.services.login_outcome import LoginOutcome
from app.store.encrypted_store import EncryptedStore


class LoginService:
    """Opens the CPS, checks the PIN, proves the card, and makes the ``Session``."""

    def __init__(
        self,
        store: EncryptedStore,
        cards: CardReader,
        gateway: LoginGateway | None,
        workstation: str,
    ) -> None:
        self._store = store
        self._cards = cards
        self._gateway = gateway
        self._workstation = workstation

    @property
    def reader_state(self) -> CardReaderState:
        return self._cards.state

    def on_reader_state(self, callback: Callable[[CardReaderState], None]) -> None:
        """``callback`` runs on the loop for each reader/card change."""
        self._cards.on_state_change(callback)

    async def open_card(self) -> CpsCard:
        """The CPS in the first reader holding one. Raises ``CardError`` (NO_CARD when
        no reader holds a CPS; CONTACTLESS, UNKNOWN_CARD, NOT_CPS... from the reader)."""
        raise NotImplementedError

    async def login(self, card: CpsCard, pin: str) -> LoginOutcome:
        """One VERIFY with ``pin``, then the challenge; ``CardError`` for the card's
        refusals (WRONG_PIN with tries left, PIN_BLOCKED, REMOVED...), ``LoginRefusedError``
        for the server's or the offline check's. ``expected_id_nat_ps`` of an unlock is
        given through :meth:`unlock` instead."""
        raise NotImplementedError

    async def unlock(self, card: CpsCard, pin: str, owner_id_nat_ps: str) -> LoginOutcome:
        """Like :meth:`login`, for a locked session: only its owner's card unlocks it
        (``LoginRefusedError(OTHER_PRACTITIONER)`` otherwise, before any VERIFY)."""
        raise NotImplementedError

    async def renew_online(self, outcome: LoginOutcome) -> bool:
        """After an offline login, or when the token nears expiry: sign a fresh server
        challenge with the still-open card (no PIN). False when the server is still
        unreachable; ``CardError``/``LoginRefusedError`` otherwise."""
        raise NotImplementedError
