"""WorkstationLock: locked at start, follows the session card, idles out, locks on request."""

import pytest

from app.domain.card_kind import CardKind
from app.domain.card_reader_state import CardReaderState
from app.domain.card_slot import CardSlot
from app.domain.workstation_lock_reason import WorkstationLockReason
from app.services.login_outcome import LoginOutcome
from app.services.session import Session
from app.services.workstation_lock import DEFAULT_IDLE_LOCK_S, WorkstationLock
from cardreader.simulator.test_pki import PractitionerCredentials, TestPki
from tests.fakes.fake_cps_card import FakeCpsCard

READER = "Lecteur 0"
Reason = WorkstationLockReason


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture(scope="module")
def credentials() -> PractitionerCredentials:
    return TestPki.create_ca().issue_practitioner("810001234567", "MEDECIN", "Test")


def _outcome(credentials: PractitionerCredentials, insertion: int = 3) -> LoginOutcome:
    card = FakeCpsCard(credentials, reader=READER, insertion=insertion)
    return LoginOutcome(
        Session("Practitioner/p1", "Test MEDECIN", "poste"), card.identity, True, card
    )


def _state(*slots: CardSlot, service: bool = True) -> CardReaderState:
    return CardReaderState(service=service, slots=slots)


def _with_card(insertion: int = 3, kind: CardKind = CardKind.CPS3_CONTACT) -> CardReaderState:
    return _state(CardSlot(READER, kind, insertion), CardSlot("Lecteur 1", None))


def _unlocked(
    credentials: PractitionerCredentials, clock: Clock | None = None
) -> tuple[WorkstationLock, list[Reason | None]]:
    lock = WorkstationLock(idle_s=600, clock=clock or Clock())
    seen: list[Reason | None] = []
    lock.on_change(seen.append)
    lock.unlocked(_outcome(credentials))
    return lock, seen


def test_starts_locked_with_nobody_logged_in() -> None:
    lock = WorkstationLock()
    assert lock.locked and lock.reason is Reason.NOT_LOGGED_IN and lock.owner is None
    assert lock.idle_s == DEFAULT_IDLE_LOCK_S == 30 * 60
    # No session card to follow yet: snapshots change nothing.
    lock.card_state_changed(_state(service=False))
    assert lock.reason is Reason.NOT_LOGGED_IN


def test_a_login_unlocks_and_names_the_owner(credentials: PractitionerCredentials) -> None:
    lock, seen = _unlocked(credentials)
    assert not lock.locked and lock.reason is None
    assert lock.owner is not None and lock.owner.id_nat_ps == "810001234567"
    assert seen == [None]
    lock.card_state_changed(_with_card())
    assert not lock.locked


@pytest.mark.parametrize(
    "state",
    [
        _state(CardSlot(READER, None), CardSlot("Lecteur 1", None)),  # pulled out
        _with_card(insertion=4),  # pulled and pushed back between two looks
        _with_card(kind=CardKind.VITALE_2),  # another card in its place (new insertion too)
        _state(CardSlot("Lecteur 1", CardKind.CPS3_CONTACT, 3)),  # the reader unplugged
        _state(service=False),  # pcscd stopped (or restarting: the card comes back as new)
    ],
    ids=["removed", "reinserted", "other-card", "reader-gone", "service-down"],
)
def test_the_session_card_leaving_locks(
    credentials: PractitionerCredentials, state: CardReaderState
) -> None:
    lock, seen = _unlocked(credentials)
    lock.card_state_changed(_with_card())
    lock.card_state_changed(state)
    assert lock.reason is Reason.CARD_REMOVED
    assert seen == [None, Reason.CARD_REMOVED]
    # Putting it back does not unlock: only a login (PIN) does.
    lock.card_state_changed(_with_card())
    assert lock.reason is Reason.CARD_REMOVED
    assert lock.owner is not None  # the lock screen still knows whose session it is


def test_a_card_in_another_reader_does_not_matter(credentials: PractitionerCredentials) -> None:
    lock, _ = _unlocked(credentials)
    lock.card_state_changed(
        _state(
            CardSlot(READER, CardKind.CPS3_CONTACT, 3), CardSlot("Lecteur 1", CardKind.VITALE_2, 1)
        )
    )
    assert not lock.locked


def test_idle_locks_after_the_delay_and_activity_postpones_it(
    credentials: PractitionerCredentials,
) -> None:
    clock = Clock()
    lock, seen = _unlocked(credentials, clock)
    clock.now += 599
    lock.check_idle()
    assert not lock.locked
    lock.user_did_act()
    clock.now += 599
    lock.check_idle()
    assert not lock.locked
    clock.now += 1
    lock.check_idle()
    assert lock.reason is Reason.IDLE
    assert seen == [None, Reason.IDLE]


def test_manual_lock_then_unlock_follows_the_new_card(credentials: PractitionerCredentials) -> None:
    clock = Clock()
    lock, seen = _unlocked(credentials, clock)
    lock.lock()
    assert lock.reason is Reason.MANUAL
    lock.lock(Reason.IDLE)  # already locked: the first reason stands, no second event
    assert seen == [None, Reason.MANUAL]
    clock.now += 10_000
    lock.unlocked(_outcome(credentials, insertion=7))
    assert not lock.locked
    lock.check_idle()  # the unlock counts as activity
    assert not lock.locked
    lock.card_state_changed(_with_card(insertion=7))
    assert not lock.locked
    lock.card_state_changed(_with_card(insertion=3))
    assert seen == [None, Reason.MANUAL, None, Reason.CARD_REMOVED]
    assert lock.locked


def test_idle_delay_must_be_positive() -> None:
    with pytest.raises(ValueError, match="idle"):
        WorkstationLock(idle_s=0)
