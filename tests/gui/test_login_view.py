"""The login and lock screen: the reader's situation, the PIN, refusals, the lock, e-CPS.

Against the in-memory FakeCardLogin and FakeCpsCard (a real TEST certificate, the card's
PIN rules); LoginService itself is tested over the real store in the unit tests and over
pcscd and the card simulator in the integration tests. Each scenario runs on the qasync
loop as the workstation does.
"""

import asyncio
import gc
import logging
from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel, QLineEdit, QWidget
from pytestqt.qtbot import QtBot

from app.domain.card_error import CardError
from app.domain.card_error_reason import CardErrorReason
from app.domain.card_kind import CardKind
from app.domain.card_reader_state import CardReaderState
from app.domain.card_slot import CardSlot
from app.domain.cps_identity import CpsIdentity
from app.domain.login_refused_error import LoginRefusedError
from app.domain.login_refused_reason import LoginRefusedReason
from app.domain.workstation_lock_reason import WorkstationLockReason
from app.services.login_outcome import LoginOutcome
from app.services.login_service import LoginService
from cardreader.simulator.test_pki import PractitionerCredentials, TestPki
from tests.fakes.fake_card_login import READER, FakeCardLogin
from tests.fakes.fake_cps_card import FakeCpsCard
from tests.gui.conftest import AsyncRunner, screenshot, until
from ui.login.card_login import CardLogin
from ui.login.login_phase import LoginPhase
from ui.login.login_view import LoginView
from ui.resource_paths import ResourcePaths
from ui.ui_language import UiLanguage

pytestmark = pytest.mark.usefixtures("french_locale")

CLAIRE_ID = "810001234567"
PAUL_ID = "810009876543"
PIN = "1234"
WRONG = "4071"  # distinctive: a test looks for it where it must never appear


def _real_service_fits(service: LoginService) -> CardLogin:
    """Checked by mypy: the real service is what the view is written against."""
    return service


@pytest.fixture(autouse=True)
def collected_here() -> Iterator[None]:
    """Free this test's widgets now, on the Qt thread (see test_conflict_inbox.py)."""
    yield
    gc.collect()


@pytest.fixture(scope="module")
def pki() -> TestPki:
    return TestPki.create_ca()


@pytest.fixture(scope="module")
def claire_credentials(pki: TestPki) -> PractitionerCredentials:
    return pki.issue_practitioner(CLAIRE_ID, "LEFÈVRE", "Claire")


@pytest.fixture(scope="module")
def paul_credentials(pki: TestPki) -> PractitionerCredentials:
    return pki.issue_practitioner(PAUL_ID, "MARTIN", "Paul")


def _claire(
    credentials: PractitionerCredentials, *, insertion: int = 1, tries: int = 3
) -> FakeCpsCard:
    return FakeCpsCard(
        credentials,
        family_name="LEFÈVRE",
        given_name="Claire",
        reader=READER,
        insertion=insertion,
        tries=tries,
    )


def _paul(credentials: PractitionerCredentials, *, insertion: int = 1) -> FakeCpsCard:
    return FakeCpsCard(
        credentials, family_name="MARTIN", given_name="Paul", reader=READER, insertion=insertion
    )


def _view(
    qtbot: QtBot, login: FakeCardLogin, *, demo_pin: str | None = None, styled: bool = False
) -> LoginView:
    view = LoginView(login, demo_pin=demo_pin)
    qtbot.addWidget(view)
    if styled:
        view.setStyleSheet(ResourcePaths.stylesheet().read_text(encoding="utf-8"))
    view.resize(1280, 800)
    view.show()
    return view


def _visible_text(view: QWidget) -> str:
    texts = [w.text() for w in view.findChildren(QLabel) if w.isVisible()]
    texts += [w.displayText() for w in view.findChildren(QLineEdit) if w.isVisible()]
    return _plain("\n".join(texts))


async def _pin_shown(view: LoginView) -> None:
    await until(lambda: view.phase is LoginPhase.PIN)
    assert view.pin_field.isVisible()


def _plain(text: str) -> str:
    """Without the no-break spaces that keep a name (or « … ») on one line."""
    return text.replace("\u00a0", " ")


def _phase(view: LoginView) -> LoginPhase:
    """The phase now (a call, so that mypy does not carry an earlier check over)."""
    return view.phase


def _type(qtbot: QtBot, view: LoginView, text: str) -> None:
    qtbot.keyClicks(view.pin_field, text)


def _state(*slots: CardSlot, service: bool = True) -> CardReaderState:
    return CardReaderState(service=service, slots=slots)


# -- the reader's situation ------------------------------------------------------------


@pytest.mark.parametrize(
    ("state", "phase", "title", "advice"),
    [
        (
            _state(service=False),
            LoginPhase.NO_SERVICE,
            "Service de carte à puce indisponible",
            "Redémarrez l'ordinateur",
        ),
        (_state(), LoginPhase.NO_READER, "Aucun lecteur de carte détecté", "Branchez le lecteur"),
        (
            _state(CardSlot(READER, None)),
            LoginPhase.NO_CARD,
            "Insérez votre carte CPS",
            "La lecture commence",
        ),
        (
            _state(CardSlot(READER, CardKind.UNKNOWN, 1)),
            LoginPhase.UNKNOWN_CARD,
            "Carte non reconnue",
            "puce en avant",
        ),
        (
            _state(CardSlot(READER, CardKind.VITALE_2, 1)),
            LoginPhase.VITALE,
            "Ceci est une Carte Vitale : insérez votre carte CPS",
            "Retirez la Carte Vitale",
        ),
        (
            _state(CardSlot(READER, CardKind.CPS3_CONTACTLESS, 1)),
            LoginPhase.CONTACTLESS,
            "Carte CPS lue sans contact : posez-la dans le lecteur à contact "
            "(le sans-contact ne permet ni code ni signature)",
            "Insérez la carte dans la fente",
        ),
    ],
)
def test_each_reader_situation_has_its_sentence_and_no_pin_field(
    qtbot: QtBot,
    arun: AsyncRunner,
    state: CardReaderState,
    phase: LoginPhase,
    title: str,
    advice: str,
) -> None:
    async def scenario() -> None:
        login = FakeCardLogin(state)
        view = _view(qtbot, login)
        view.show_login()
        await asyncio.sleep(0.02)
        assert _phase(view) is phase
        assert _plain(view.status.title.text()) == title
        assert advice in _plain(view.status.advice.text())
        assert not view.pin_field.isVisible()
        assert not view.submit_button.isVisible()
        assert login.opened == []
        assert "Connexion par carte CPS" in _visible_text(view)

    arun(scenario())


def test_the_view_follows_the_readers_live(
    qtbot: QtBot, arun: AsyncRunner, claire_credentials: PractitionerCredentials
) -> None:
    async def scenario() -> None:
        login = FakeCardLogin(_state(service=False))
        view = _view(qtbot, login)
        view.show_login()
        assert _phase(view) is LoginPhase.NO_SERVICE
        login.publish(_state())
        assert _plain(view.status.title.text()) == "Aucun lecteur de carte détecté"
        login.publish(_state(CardSlot(READER, None)))
        assert _plain(view.status.title.text()) == "Insérez votre carte CPS"
        login.insert(CardKind.VITALE_2)
        assert _phase(view) is LoginPhase.VITALE
        login.remove()
        assert _phase(view) is LoginPhase.NO_CARD
        login.insert(CardKind.CPS3_CONTACT, _claire(claire_credentials, insertion=2))
        assert _phase(view) is LoginPhase.OPENING
        assert _plain(view.status.title.text()) == "Lecture de la carte…"
        await _pin_shown(view)
        assert _plain(view.status.title.text()) == "Carte CPS de Claire LEFÈVRE"
        assert "Claire LEFÈVRE" in _visible_text(view)

    arun(scenario())


def test_nothing_is_read_before_the_view_is_asked_to_show(
    qtbot: QtBot, arun: AsyncRunner, claire_credentials: PractitionerCredentials
) -> None:
    async def scenario() -> None:
        login = FakeCardLogin()
        _view(qtbot, login)
        login.insert(CardKind.CPS3_CONTACT, _claire(claire_credentials))
        await asyncio.sleep(0.02)
        assert login.opened == []

    arun(scenario())


# -- the PIN ---------------------------------------------------------------------------


def test_pin_field_takes_four_digits_masked_and_valider_waits_for_them(
    qtbot: QtBot, arun: AsyncRunner, claire_credentials: PractitionerCredentials
) -> None:
    async def scenario() -> None:
        login = FakeCardLogin()
        login.insert(CardKind.CPS4, _claire(claire_credentials))
        view = _view(qtbot, login)
        view.show_login()
        await _pin_shown(view)
        assert view.pin_field.echoMode() is QLineEdit.EchoMode.Password
        assert view.tries_label.isVisible()
        assert view.tries_label.text() == "3 essais restants"
        assert not view.submit_button.isEnabled()
        _type(qtbot, view, "1a2-3 ")
        assert view.pin_field.text() == "123"
        assert view.pin_field.displayText() != "123"
        assert not view.submit_button.isEnabled()
        _type(qtbot, view, "45")
        assert view.pin_field.text() == "1234"
        assert view.submit_button.isEnabled()
        assert "1234" not in _visible_text(view)
        # Enter with three digits does nothing.
        view.pin_field.backspace()
        qtbot.keyClick(view.pin_field, Qt.Key.Key_Return)
        assert login.logins == []
        assert _phase(view) is LoginPhase.PIN

    arun(scenario())


def test_one_login_per_pin_submitted_and_the_field_is_emptied(
    qtbot: QtBot,
    arun: AsyncRunner,
    claire_credentials: PractitionerCredentials,
    caplog: pytest.LogCaptureFixture,
) -> None:
    async def scenario() -> None:
        caplog.set_level(logging.DEBUG)
        login = FakeCardLogin()
        card = _claire(claire_credentials)
        login.insert(CardKind.CPS3_CONTACT, card)
        view = _view(qtbot, login)
        view.show_login()
        await _pin_shown(view)
        login.hold = asyncio.Event()
        _type(qtbot, view, WRONG)
        qtbot.keyClick(view.pin_field, Qt.Key.Key_Return)
        assert view.pin_field.text() == ""
        assert _phase(view) is LoginPhase.CHECKING
        assert _plain(view.status.title.text()) == "Vérification du code…"
        assert not view.pin_field.isEnabled()
        assert not view.submit_button.isEnabled()
        # Enter again, a click on Valider: nothing more reaches the card meanwhile.
        qtbot.keyClick(view.pin_field, Qt.Key.Key_Return)
        view.submit_button.click()
        view.submit()
        login.hold.set()
        await until(lambda: view.phase is LoginPhase.PIN)
        assert [pin for _, pin in login.logins] == [WRONG]
        assert card.verifies == 1
        assert _plain(view.error_label.text()) == "Code incorrect — 2 essais restants"
        assert view.error_label.isVisible()
        assert not view.tries_label.isVisible()  # the error line already says it
        assert view.pin_field.text() == ""
        assert not view.pin_field.isUndoAvailable()
        assert WRONG not in _visible_text(view)
        assert WRONG not in caplog.text

    arun(scenario())


def test_wrong_pins_count_down_then_the_blocked_card_gets_no_pin_field(
    qtbot: QtBot, arun: AsyncRunner, claire_credentials: PractitionerCredentials
) -> None:
    async def scenario() -> None:
        login = FakeCardLogin()
        card = _claire(claire_credentials)
        login.insert(CardKind.CPS3_CONTACT, card)
        view = _view(qtbot, login, styled=True)
        view.show_login()
        await _pin_shown(view)
        expected = [
            "Code incorrect — 2 essais restants",
            "Code incorrect — dernier essai avant le blocage de la carte",
        ]
        for text in expected:
            _type(qtbot, view, WRONG)
            view.submit_button.click()
            await until(lambda t=text: _plain(view.error_label.text()) == t)  # type: ignore[misc]
            assert _phase(view) is LoginPhase.PIN
        _type(qtbot, view, WRONG)
        qtbot.keyClick(view.pin_field, Qt.Key.Key_Enter)
        await until(lambda: view.phase is LoginPhase.BLOCKED)
        assert card.blocked
        assert not view.pin_box.isVisible()
        assert not view.pin_field.isVisible()
        assert _plain(view.status.title.text()) == "Carte bloquée : plus aucun essai"
        assert "Débloquez-la avec son code PUK" in _plain(view.status.advice.text())
        screenshot(view, "login_blocked")
        # Whatever is tried now, no code is sent to the card again.
        view.pin_field.setText(PIN)
        view.submit()
        qtbot.keyClick(view.pin_field, Qt.Key.Key_Return)
        await asyncio.sleep(0.02)
        assert len(login.logins) == 3
        assert card.verifies == 3
        # The same card, re-announced by the watch, stays blocked without a new read.
        login.publish(login.reader_state)
        assert _phase(view) is LoginPhase.BLOCKED
        assert len(login.opened) == 1

    arun(scenario())


def test_a_card_already_blocked_is_never_asked_for_a_pin(
    qtbot: QtBot, arun: AsyncRunner, claire_credentials: PractitionerCredentials
) -> None:
    async def scenario() -> None:
        login = FakeCardLogin()
        card = _claire(claire_credentials, tries=0)
        login.insert(CardKind.CPS3_CONTACT, card)
        view = _view(qtbot, login)
        view.show_login()
        await until(lambda: view.phase is LoginPhase.BLOCKED)
        assert not view.pin_field.isVisible()
        view.submit()
        await asyncio.sleep(0.02)
        assert login.logins == []
        assert card.verifies == 0

    arun(scenario())


def test_the_right_pin_emits_logged_in_with_the_outcome_and_hands_over_the_card(
    qtbot: QtBot, arun: AsyncRunner, claire_credentials: PractitionerCredentials
) -> None:
    async def scenario() -> None:
        login = FakeCardLogin()
        card = _claire(claire_credentials)
        login.insert(CardKind.CPS3_CONTACT, card)
        view = _view(qtbot, login)
        outcomes: list[LoginOutcome] = []
        view.logged_in.connect(outcomes.append)
        view.show_login()
        await _pin_shown(view)
        _type(qtbot, view, PIN)
        qtbot.keyClick(view.pin_field, Qt.Key.Key_Return)
        await until(lambda: len(outcomes) == 1)
        (outcome,) = outcomes
        assert outcome.card is card
        assert outcome.identity.id_nat_ps == CLAIRE_ID
        assert outcome.session.display_name == "Claire LEFÈVRE"
        assert _phase(view) is LoginPhase.LOGGED_IN
        assert login.logins == [(card, PIN)]
        assert login.unlocks == []
        assert not card.closed  # the session's from now on
        # The session follows its card from now on; the view does not touch it.
        login.remove()
        login.insert(CardKind.CPS3_CONTACT, _claire(claire_credentials, insertion=2))
        await asyncio.sleep(0.02)
        assert len(login.opened) == 1
        assert not card.closed
        assert len(outcomes) == 1

    arun(scenario())


@pytest.mark.parametrize(
    ("reason", "text"),
    [
        (LoginRefusedReason.SERVER_REFUSED, "Le serveur a refusé cette carte"),
        (
            LoginRefusedReason.UNKNOWN_OFFLINE,
            "Serveur injoignable et cette carte ne s'est jamais connectée sur ce poste : "
            "connexion hors ligne impossible",
        ),
        (LoginRefusedReason.BAD_SIGNATURE, "La carte n'a pas prouvé son identité"),
    ],
)
def test_each_refusal_after_a_right_pin_is_said_and_the_pin_can_be_tried_again(
    qtbot: QtBot,
    arun: AsyncRunner,
    claire_credentials: PractitionerCredentials,
    reason: LoginRefusedReason,
    text: str,
) -> None:
    async def scenario() -> None:
        login = FakeCardLogin()
        login.refusal = LoginRefusedError(reason)
        login.insert(CardKind.CPS3_CONTACT, _claire(claire_credentials))
        view = _view(qtbot, login)
        outcomes: list[LoginOutcome] = []
        view.logged_in.connect(outcomes.append)
        view.show_login()
        await _pin_shown(view)
        _type(qtbot, view, PIN)
        view.submit_button.click()
        await until(view.error_label.isVisible)
        assert text in _plain(view.error_label.text())
        assert _phase(view) is LoginPhase.PIN
        assert view.pin_field.isEnabled()
        assert outcomes == []
        # The network is back: the next attempt goes through.
        login.refusal = None
        _type(qtbot, view, PIN)
        view.submit_button.click()
        await until(lambda: len(outcomes) == 1)
        assert len(login.logins) == 2

    arun(scenario())


@pytest.mark.parametrize(
    ("reason", "title", "advice"),
    [
        (CardErrorReason.REMOVED, "Carte retirée pendant la lecture", "Réinsérez-la"),
        (CardErrorReason.UNREADABLE, "La carte n'a pas pu être lue", "la puce est propre"),
    ],
)
def test_a_card_that_cannot_be_read_says_why_and_can_be_read_again(
    qtbot: QtBot,
    arun: AsyncRunner,
    claire_credentials: PractitionerCredentials,
    reason: CardErrorReason,
    title: str,
    advice: str,
) -> None:
    async def scenario() -> None:
        login = FakeCardLogin()
        login.open_failures = [CardError(reason)]
        login.insert(CardKind.CPS3_CONTACT, _claire(claire_credentials))
        view = _view(qtbot, login)
        view.show_login()
        await until(lambda: view.phase is LoginPhase.CARD_ERROR)
        assert _plain(view.status.title.text()) == title
        assert advice in _plain(view.status.advice.text())
        assert not view.pin_field.isVisible()
        assert view.retry_button.isVisible()
        assert view.retry_button.text() == "Relire la carte"
        view.retry_button.click()
        await _pin_shown(view)

    arun(scenario())


def test_a_card_pulled_during_the_check_is_said_and_closed(
    qtbot: QtBot, arun: AsyncRunner, claire_credentials: PractitionerCredentials
) -> None:
    async def scenario() -> None:
        login = FakeCardLogin()
        card = _claire(claire_credentials)
        login.insert(CardKind.CPS3_CONTACT, card)
        view = _view(qtbot, login)
        outcomes: list[LoginOutcome] = []
        view.logged_in.connect(outcomes.append)
        view.show_login()
        await _pin_shown(view)
        login.hold = asyncio.Event()
        _type(qtbot, view, PIN)
        view.submit_button.click()
        assert _phase(view) is LoginPhase.CHECKING
        card.remove()
        login.remove()
        assert _phase(view) is LoginPhase.NO_CARD
        assert _plain(view.status.title.text()) == "Insérez votre carte CPS"
        assert _plain(view.status.advice.text()).startswith("Carte retirée pendant la lecture")
        await until(lambda: card.closed)
        login.hold.set()
        await asyncio.sleep(0.02)
        assert outcomes == []
        assert _phase(view) is LoginPhase.NO_CARD

    arun(scenario())


def test_a_card_reset_under_the_view_is_read_again_without_spending_a_try(
    qtbot: QtBot, arun: AsyncRunner, claire_credentials: PractitionerCredentials
) -> None:
    """The connection answers REMOVED while the watch still sees the same insertion (the
    card was reset by another program, or by the session that just ended): the view reads
    it again and asks for the PIN again, without a word of removal."""

    async def scenario() -> None:
        login = FakeCardLogin()
        first = _claire(claire_credentials)
        login.insert(CardKind.CPS3_CONTACT, first)
        view = _view(qtbot, login)
        view.show_login()
        await _pin_shown(view)
        first.remove()  # this connection is dead
        fresh = _claire(claire_credentials)  # same insertion, a new connection
        login.cards[READER] = fresh
        _type(qtbot, view, PIN)
        view.submit_button.click()
        await until(lambda: len(login.opened) == 2 and view.phase is LoginPhase.PIN)
        assert first.closed
        assert _plain(view.error_label.text()) == (
            "La lecture de la carte a été interrompue : saisissez à nouveau votre code"
        )
        assert len(login.logins) == 1
        assert fresh.tries_left == 3

    arun(scenario())


def test_another_card_while_the_pin_is_shown_closes_the_old_one_and_starts_over(
    qtbot: QtBot,
    arun: AsyncRunner,
    claire_credentials: PractitionerCredentials,
    paul_credentials: PractitionerCredentials,
) -> None:
    async def scenario() -> None:
        login = FakeCardLogin()
        claire = _claire(claire_credentials)
        login.insert(CardKind.CPS3_CONTACT, claire)
        view = _view(qtbot, login)
        view.show_login()
        await _pin_shown(view)
        _type(qtbot, view, WRONG)
        view.submit_button.click()
        await until(view.error_label.isVisible)
        _type(qtbot, view, "12")
        # Pulled and another pushed in between two looks: only the insertion differs.
        paul = _paul(paul_credentials, insertion=2)
        login.insert(CardKind.CPS3_CONTACT, paul)
        await until(lambda: claire.closed)
        await _pin_shown(view)
        assert _plain(view.status.title.text()) == "Carte CPS de Paul MARTIN"
        assert view.pin_field.text() == ""
        assert not view.error_label.isVisible()  # Claire's wrong PIN is not Paul's
        assert login.opened == [claire, paul]
        assert not paul.closed

    arun(scenario())


def test_a_card_swapped_while_it_is_read_is_closed_and_the_new_one_read_after(
    qtbot: QtBot,
    arun: AsyncRunner,
    claire_credentials: PractitionerCredentials,
    paul_credentials: PractitionerCredentials,
) -> None:
    """One read at a time: closing a second connection would reset the card under the
    first one."""

    async def scenario() -> None:
        login = FakeCardLogin()
        login.open_hold = asyncio.Event()
        claire = _claire(claire_credentials)
        login.insert(CardKind.CPS3_CONTACT, claire)
        view = _view(qtbot, login)
        view.show_login()
        assert _phase(view) is LoginPhase.OPENING
        await asyncio.sleep(0.02)
        # While Claire's card is being read, Paul's takes its place.
        paul = _paul(paul_credentials, insertion=2)
        login.insert(CardKind.CPS3_CONTACT, paul)
        assert _phase(view) is LoginPhase.OPENING
        login.open_hold.set()
        await _pin_shown(view)
        assert login.opened == [claire, paul]
        assert claire.closed and not paul.closed
        assert login.most_reads_at_once == 1
        assert _plain(view.status.title.text()) == "Carte CPS de Paul MARTIN"

    arun(scenario())


def test_a_read_that_fails_after_a_swap_reads_the_new_card(
    qtbot: QtBot,
    arun: AsyncRunner,
    claire_credentials: PractitionerCredentials,
    paul_credentials: PractitionerCredentials,
) -> None:
    async def scenario() -> None:
        login = FakeCardLogin()
        login.open_hold = asyncio.Event()
        login.open_failures = [CardError(CardErrorReason.REMOVED)]  # Claire pulled hers
        login.insert(CardKind.CPS3_CONTACT, _claire(claire_credentials))
        view = _view(qtbot, login)
        view.show_login()
        await asyncio.sleep(0.02)
        login.insert(CardKind.CPS3_CONTACT, _paul(paul_credentials, insertion=2))
        login.open_hold.set()
        await _pin_shown(view)
        assert login.most_reads_at_once == 1
        assert _plain(view.status.title.text()) == "Carte CPS de Paul MARTIN"

    arun(scenario())


# -- the lock --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("reason", "why"),
    [
        (WorkstationLockReason.CARD_REMOVED, "La carte CPS a été retirée du lecteur."),
        (WorkstationLockReason.IDLE, "après une période sans activité"),
        (WorkstationLockReason.MANUAL, "Verrouillé à la demande."),
        (
            WorkstationLockReason.SESSION_ENDED,
            "Votre session e-CPS a pris fin : reconnectez-vous avec votre carte CPS ou e-CPS.",
        ),
    ],
)
def test_locked_says_whose_session_and_why_and_the_owner_unlocks(
    qtbot: QtBot,
    arun: AsyncRunner,
    claire_credentials: PractitionerCredentials,
    reason: WorkstationLockReason,
    why: str,
) -> None:
    async def scenario() -> None:
        login = FakeCardLogin()
        view = _view(qtbot, login)
        outcomes: list[LoginOutcome] = []
        view.logged_in.connect(outcomes.append)
        owner = _claire(claire_credentials).identity
        view.show_locked(reason, owner)
        assert _plain(view.heading.text()) == "Poste verrouillé — session de Claire LEFÈVRE"
        assert why in _plain(view.lock_reason.text())
        assert "Seule la carte de Claire LEFÈVRE" in _plain(view.lock_reason.text())
        assert "Connexion par carte CPS" not in _visible_text(view)
        assert _phase(view) is LoginPhase.NO_CARD
        card = _claire(claire_credentials, insertion=5)
        login.insert(CardKind.CPS3_CONTACT, card)
        await _pin_shown(view)
        _type(qtbot, view, PIN)
        view.submit_button.click()
        await until(lambda: len(outcomes) == 1)
        assert login.unlocks == [(card, PIN, CLAIRE_ID)]
        assert login.logins == []
        assert outcomes[0].card is card

    arun(scenario())


def test_locked_with_another_practitioners_card_refuses_it_without_a_pin(
    qtbot: QtBot,
    arun: AsyncRunner,
    claire_credentials: PractitionerCredentials,
    paul_credentials: PractitionerCredentials,
) -> None:
    async def scenario() -> None:
        login = FakeCardLogin()
        paul = _paul(paul_credentials, insertion=3)
        login.insert(CardKind.CPS3_CONTACT, paul)
        view = _view(qtbot, login, styled=True)
        view.show_locked(WorkstationLockReason.CARD_REMOVED, _claire(claire_credentials).identity)
        await until(lambda: view.phase is LoginPhase.OTHER_CARD)
        assert _plain(view.status.title.text()) == (
            "Seule la carte de Claire LEFÈVRE peut déverrouiller cette session"
        )
        assert "Cette carte est celle de Paul MARTIN" in _plain(view.status.advice.text())
        assert not view.pin_field.isVisible()
        view.submit()
        await asyncio.sleep(0.02)
        assert login.unlocks == [] and login.logins == []
        assert paul.verifies == 0
        screenshot(view, "login_locked_other_card")
        # Claire's card in its place: the PIN is asked for.
        login.insert(CardKind.CPS3_CONTACT, _claire(claire_credentials, insertion=4))
        await until(lambda: paul.closed)
        await _pin_shown(view)

    arun(scenario())


def test_an_unlock_refused_by_the_service_for_another_practitioner_is_said(
    qtbot: QtBot, arun: AsyncRunner, claire_credentials: PractitionerCredentials
) -> None:
    async def scenario() -> None:
        login = FakeCardLogin()
        login.refusal = LoginRefusedError(LoginRefusedReason.OTHER_PRACTITIONER)
        login.insert(CardKind.CPS3_CONTACT, _claire(claire_credentials))
        view = _view(qtbot, login)
        view.show_locked(WorkstationLockReason.IDLE, _claire(claire_credentials).identity)
        await _pin_shown(view)
        _type(qtbot, view, PIN)
        view.submit_button.click()
        await until(lambda: view.phase is LoginPhase.OTHER_CARD)
        assert "Seule la carte de Claire LEFÈVRE" in _plain(view.status.title.text())
        assert not view.pin_field.isVisible()

    arun(scenario())


def test_after_a_login_the_lock_reads_the_card_again(
    qtbot: QtBot, arun: AsyncRunner, claire_credentials: PractitionerCredentials
) -> None:
    async def scenario() -> None:
        login = FakeCardLogin()
        card = _claire(claire_credentials)
        login.insert(CardKind.CPS3_CONTACT, card)
        view = _view(qtbot, login)
        outcomes: list[LoginOutcome] = []
        view.logged_in.connect(outcomes.append)
        view.show_login()
        await _pin_shown(view)
        _type(qtbot, view, PIN)
        view.submit_button.click()
        await until(lambda: len(outcomes) == 1)
        # Idle lock, the card still in: a new card session, a new PIN.
        view.show_locked(WorkstationLockReason.IDLE, card.identity)
        await _pin_shown(view)
        assert len(login.opened) == 2
        assert view.pin_field.text() == ""
        assert _plain(view.heading.text()) == "Poste verrouillé — session de Claire LEFÈVRE"

    arun(scenario())


# -- demo, e-CPS, language -------------------------------------------------------------


def test_the_demo_banner_gives_the_simulated_pin_only_in_the_demo(
    qtbot: QtBot, arun: AsyncRunner, claire_credentials: PractitionerCredentials
) -> None:
    async def scenario() -> None:
        login = FakeCardLogin()
        plain = _view(qtbot, login)
        plain.show_login()
        assert not plain.demo_banner.isVisible()
        assert "Démonstration" not in _visible_text(plain)
        plain.close()

        demo_login = FakeCardLogin()
        demo_login.insert(CardKind.CPS3_CONTACT, _claire(claire_credentials))
        view = _view(qtbot, demo_login, demo_pin="1234", styled=True)
        view.show_login()
        assert view.demo_banner.isVisible()
        assert view.demo_banner.text() == "Démonstration — carte simulée, code PIN 1234"
        await _pin_shown(view)
        _type(qtbot, view, "12")
        screenshot(view, "login_demo_pin")

    arun(scenario())


def test_ecps_button_is_hidden_where_the_service_does_not_offer_it(
    qtbot: QtBot, arun: AsyncRunner, claire_credentials: PractitionerCredentials
) -> None:
    async def scenario() -> None:
        login = FakeCardLogin()
        view = _view(qtbot, login)
        view.show_login()
        assert not view.ecps_button.isVisible()
        assert "ou" not in _visible_text(view).split("\n")
        view.show_locked(WorkstationLockReason.IDLE, _claire(claire_credentials).identity)
        assert not view.ecps_button.isVisible()
        assert "e-CPS" not in _visible_text(view)
        view.start_ecps()
        await asyncio.sleep(0.02)
        assert login.ecps_logins == []
        assert _phase(view) is LoginPhase.NO_CARD

    arun(scenario())


def test_ecps_button_is_offered_on_the_login_and_lock_screens_and_can_be_hidden(
    qtbot: QtBot, arun: AsyncRunner, claire_credentials: PractitionerCredentials
) -> None:
    async def scenario() -> None:
        login = _ecps_login()
        view = _view(qtbot, login)
        view.show_login()
        assert view.ecps_button.isVisible()
        assert view.ecps_button.isEnabled()
        assert view.ecps_button.text() == "Se connecter avec e-CPS (Pro Santé Connect)"
        assert "ou" in _visible_text(view).split("\n")
        view.show_locked(WorkstationLockReason.MANUAL, _claire(claire_credentials).identity)
        assert view.ecps_button.isVisible()
        assert "Seule la carte de Claire LEFÈVRE (avec son code) ou son e-CPS" in _plain(
            view.lock_reason.text()
        )
        view.set_ecps_available(False)
        assert not view.ecps_button.isVisible()
        assert "ou" not in _visible_text(view).split("\n")
        view.set_ecps_available(True)
        assert view.ecps_button.isVisible()
        login.ecps_hold = asyncio.Event()
        with qtbot.waitSignal(view.ecps_requested, timeout=1000):
            view.ecps_button.click()
        assert _phase(view) is LoginPhase.ECPS

    arun(scenario())


def test_ecps_click_drops_the_card_and_waits_for_pro_sante_connect(
    qtbot: QtBot, arun: AsyncRunner, claire_credentials: PractitionerCredentials
) -> None:
    async def scenario() -> None:
        login = _ecps_login()
        card = _claire(claire_credentials)
        login.insert(CardKind.CPS3_CONTACT, card)
        view = _view(qtbot, login, styled=True)
        view.show_login()
        await _pin_shown(view)
        _type(qtbot, view, "12")
        login.ecps_hold = asyncio.Event()
        view.ecps_button.click()
        assert _phase(view) is LoginPhase.ECPS
        assert _plain(view.status.title.text()) == "Connexion e-CPS en cours…"
        assert _plain(view.status.advice.text()) == (
            "Terminez la connexion dans la fenêtre de votre navigateur (Pro Santé Connect), "
            "puis revenez ici."
        )
        assert not view.pin_box.isVisible()
        assert view.pin_field.text() == ""
        assert not view.ecps_button.isVisible()
        assert view.ecps_cancel_button.isVisible()
        assert view.ecps_cancel_button.isEnabled()
        assert view.ecps_cancel_button.text() == "Annuler"
        assert view.ecps_cancel_button.objectName() == "loginSecondary"
        assert not view.ecps_error_label.isVisible()
        await until(lambda: card.closed)
        assert login.ecps_logins == [None]
        # A second request meanwhile starts nothing.
        view.start_ecps()
        view.reread()
        await asyncio.sleep(0.02)
        assert login.ecps_logins == [None]
        assert login.logins == []
        assert _phase(view) is LoginPhase.ECPS
        screenshot(view, "login_ecps_wait")
        login.ecps_hold.set()
        await until(lambda: view.phase is LoginPhase.LOGGED_IN)

    arun(scenario())


def test_an_ecps_login_emits_logged_in_once_without_a_card(
    qtbot: QtBot, arun: AsyncRunner, claire_credentials: PractitionerCredentials
) -> None:
    async def scenario() -> None:
        login = _ecps_login()
        login.ecps_identity = _claire_ecps()
        view = _view(qtbot, login)
        outcomes: list[LoginOutcome] = []
        view.logged_in.connect(outcomes.append)
        view.show_login()
        view.ecps_button.click()
        await until(lambda: len(outcomes) == 1)
        (outcome,) = outcomes
        assert outcome.by_ecps
        assert outcome.card is None
        assert outcome.online
        assert outcome.identity.id_nat_ps == CLAIRE_ID
        assert outcome.session.display_name == "Claire LEFÈVRE"
        assert _phase(view) is LoginPhase.LOGGED_IN
        assert _plain(view.status.title.text()) == "Connexion de Claire LEFÈVRE…"
        assert login.ecps_logins == [None]
        # The readers are the session's business now.
        login.insert(CardKind.CPS3_CONTACT, _claire(claire_credentials))
        await asyncio.sleep(0.02)
        assert login.opened == []
        assert len(outcomes) == 1
        assert _phase(view) is LoginPhase.LOGGED_IN

    arun(scenario())


def test_locked_an_ecps_unlock_asks_for_the_owner_on_the_phone(
    qtbot: QtBot, arun: AsyncRunner, claire_credentials: PractitionerCredentials
) -> None:
    async def scenario() -> None:
        login = _ecps_login()
        login.ecps_identity = _claire_ecps()
        login.ecps_hold = asyncio.Event()
        view = _view(qtbot, login)
        outcomes: list[LoginOutcome] = []
        view.logged_in.connect(outcomes.append)
        view.show_locked(WorkstationLockReason.SESSION_ENDED, _claire(claire_credentials).identity)
        assert view.ecps_button.isVisible()
        view.ecps_button.click()
        assert _plain(view.status.title.text()) == "Connexion e-CPS en cours…"
        assert _plain(view.status.advice.text()) == (
            "Validez la demande sur votre téléphone (application e-CPS) ou dans la fenêtre "
            "de votre navigateur."
        )
        assert _plain(view.heading.text()) == "Poste verrouillé — session de Claire LEFÈVRE"
        await until(lambda: login.ecps_logins == [CLAIRE_ID])
        login.ecps_hold.set()
        await until(lambda: len(outcomes) == 1)
        assert outcomes[0].identity.id_nat_ps == CLAIRE_ID
        assert outcomes[0].card is None
        assert login.unlocks == []

    arun(scenario())


@pytest.mark.parametrize(
    ("reason", "text"),
    [
        (
            LoginRefusedReason.ECPS_DENIED,
            "Connexion e-CPS refusée (sur Pro Santé Connect ou dans l'application e-CPS).",
        ),
        (
            LoginRefusedReason.ECPS_TIMED_OUT,
            "La connexion e-CPS n'a pas été terminée à temps : recommencez.",
        ),
        (
            LoginRefusedReason.ECPS_UNREACHABLE,
            "Pro Santé Connect ou le serveur du cabinet ne répond pas : vérifiez la connexion "
            "Internet, ou utilisez votre carte CPS.",
        ),
        (
            LoginRefusedReason.ECPS_UNAVAILABLE,
            "Le serveur du cabinet n'accepte pas la connexion e-CPS : utilisez votre carte CPS.",
        ),
        (
            LoginRefusedReason.ECPS_INVALID,
            "La réponse de Pro Santé Connect n'a pas pu être vérifiée : recommencez ; si cela "
            "persiste, contactez votre support.",
        ),
        (LoginRefusedReason.ECPS_CANCELLED, "Connexion e-CPS annulée."),
        (
            LoginRefusedReason.SERVER_REFUSED,
            "Le serveur a refusé cette carte (certificat non reconnu, expiré ou révoqué). "
            "Contactez votre support informatique.",
        ),
    ],
)
def test_each_ecps_refusal_is_said_and_the_screen_follows_the_reader_again(
    qtbot: QtBot, arun: AsyncRunner, reason: LoginRefusedReason, text: str
) -> None:
    async def scenario() -> None:
        login = _ecps_login()
        login.ecps_refusal = LoginRefusedError(reason)
        view = _view(qtbot, login)
        outcomes: list[LoginOutcome] = []
        view.logged_in.connect(outcomes.append)
        view.show_login()
        view.ecps_button.click()
        await until(view.ecps_error_label.isVisible)
        assert _plain(view.ecps_error_label.text()) == text
        assert _phase(view) is LoginPhase.NO_CARD
        assert _plain(view.status.title.text()) == "Insérez votre carte CPS"
        assert view.ecps_button.isVisible() and view.ecps_button.isEnabled()
        assert not view.ecps_cancel_button.isVisible()
        assert outcomes == []
        # Another try goes out, and the old sentence goes with the wait.
        login.ecps_refusal = None
        login.ecps_hold = asyncio.Event()
        view.ecps_button.click()
        assert not view.ecps_error_label.isVisible()
        login.ecps_hold.set()
        await until(lambda: len(outcomes) == 1)
        assert login.ecps_logins == [None, None]

    arun(scenario())


def test_locked_an_ecps_login_of_another_practitioner_is_refused(
    qtbot: QtBot, arun: AsyncRunner, claire_credentials: PractitionerCredentials
) -> None:
    async def scenario() -> None:
        login = _ecps_login()
        login.ecps_identity = CpsIdentity(PAUL_ID, "MARTIN", "Paul", b"")
        view = _view(qtbot, login)
        outcomes: list[LoginOutcome] = []
        view.logged_in.connect(outcomes.append)
        view.show_locked(WorkstationLockReason.IDLE, _claire(claire_credentials).identity)
        view.ecps_button.click()
        await until(view.ecps_error_label.isVisible)
        assert _plain(view.ecps_error_label.text()) == (
            "Cette session est celle de Claire LEFÈVRE : seule sa carte CPS ou son e-CPS "
            "peut la déverrouiller."
        )
        assert login.ecps_logins == [CLAIRE_ID]
        assert outcomes == []
        assert _phase(view) is LoginPhase.NO_CARD
        assert _plain(view.heading.text()) == "Poste verrouillé — session de Claire LEFÈVRE"

    arun(scenario())


def test_annuler_gives_up_the_ecps_login(qtbot: QtBot, arun: AsyncRunner) -> None:
    async def scenario() -> None:
        login = _ecps_login()
        login.ecps_hold = asyncio.Event()
        view = _view(qtbot, login)
        outcomes: list[LoginOutcome] = []
        view.logged_in.connect(outcomes.append)
        view.show_login()
        view.ecps_button.click()
        await until(lambda: login.ecps_logins == [None])
        view.ecps_cancel_button.click()
        await until(view.ecps_error_label.isVisible)
        assert _plain(view.ecps_error_label.text()) == "Connexion e-CPS annulée."
        assert _phase(view) is LoginPhase.NO_CARD
        assert _plain(view.status.title.text()) == "Insérez votre carte CPS"
        assert not view.ecps_cancel_button.isVisible()
        login.ecps_hold.set()
        await asyncio.sleep(0.02)
        assert outcomes == []

    arun(scenario())


def test_a_card_inserted_during_the_ecps_wait_is_followed_once_it_ends(
    qtbot: QtBot, arun: AsyncRunner, claire_credentials: PractitionerCredentials
) -> None:
    async def scenario() -> None:
        login = _ecps_login()
        login.ecps_hold = asyncio.Event()
        login.ecps_refusal = LoginRefusedError(LoginRefusedReason.ECPS_DENIED)
        view = _view(qtbot, login)
        view.show_login()
        view.ecps_button.click()
        login.insert(CardKind.VITALE_2)
        login.insert(CardKind.CPS3_CONTACT, _claire(claire_credentials, insertion=2))
        await asyncio.sleep(0.02)
        assert _phase(view) is LoginPhase.ECPS
        assert _plain(view.status.title.text()) == "Connexion e-CPS en cours…"
        assert not view.pin_box.isVisible()
        assert login.opened == []
        login.ecps_hold.set()
        await _pin_shown(view)
        assert _plain(view.status.title.text()) == "Carte CPS de Claire LEFÈVRE"
        assert view.ecps_error_label.isVisible()
        assert _plain(view.ecps_error_label.text()).startswith("Connexion e-CPS refusée")
        # A PIN typed now is the card's attempt: the e-CPS sentence goes.
        _type(qtbot, view, PIN)
        view.submit_button.click()
        assert not view.ecps_error_label.isVisible()

    arun(scenario())


def test_no_ecps_login_while_a_pin_is_checked(
    qtbot: QtBot, arun: AsyncRunner, claire_credentials: PractitionerCredentials
) -> None:
    async def scenario() -> None:
        login = _ecps_login()
        login.insert(CardKind.CPS3_CONTACT, _claire(claire_credentials))
        view = _view(qtbot, login)
        outcomes: list[LoginOutcome] = []
        view.logged_in.connect(outcomes.append)
        view.show_login()
        await _pin_shown(view)
        login.hold = asyncio.Event()
        _type(qtbot, view, PIN)
        view.submit_button.click()
        assert _phase(view) is LoginPhase.CHECKING
        assert not view.ecps_button.isEnabled()
        view.start_ecps()
        await asyncio.sleep(0.02)
        assert login.ecps_logins == []
        assert _phase(view) is LoginPhase.CHECKING
        login.hold.set()
        await until(lambda: len(outcomes) == 1)
        assert outcomes[0].card is not None

    arun(scenario())


def test_showing_the_screen_anew_cancels_the_ecps_wait_unheard(
    qtbot: QtBot, arun: AsyncRunner, claire_credentials: PractitionerCredentials
) -> None:
    async def scenario() -> None:
        login = _ecps_login()
        login.ecps_hold = asyncio.Event()
        view = _view(qtbot, login)
        outcomes: list[LoginOutcome] = []
        view.logged_in.connect(outcomes.append)
        view.show_login()
        view.ecps_button.click()
        await until(lambda: login.ecps_logins == [None])
        view.show_locked(WorkstationLockReason.IDLE, _claire(claire_credentials).identity)
        assert _phase(view) is LoginPhase.NO_CARD
        # The cancelled attempt ends without a word on the new screen.
        await until(view.ecps_button.isEnabled)
        assert not view.ecps_error_label.isVisible()
        assert _phase(view) is LoginPhase.NO_CARD
        assert _plain(view.status.title.text()) == "Insérez votre carte CPS"
        assert _plain(view.heading.text()) == "Poste verrouillé — session de Claire LEFÈVRE"
        assert outcomes == []

    arun(scenario())


def test_an_ecps_failure_of_another_kind_is_said_and_the_reader_followed(
    qtbot: QtBot, arun: AsyncRunner
) -> None:
    async def scenario() -> None:
        login = _BrokenEcpsLogin()
        login.ecps_available = True
        view = _view(qtbot, login)
        view.show_login()
        view.ecps_button.click()
        await until(view.ecps_error_label.isVisible)
        assert _plain(view.ecps_error_label.text()).startswith(
            "La connexion n'a pas abouti (OSError)"
        )
        assert _phase(view) is LoginPhase.NO_CARD

    arun(scenario())


def _ecps_login() -> FakeCardLogin:
    login = FakeCardLogin()
    login.ecps_available = True
    return login


def _claire_ecps() -> CpsIdentity:
    """Claire as Pro Santé Connect gives her: no certificate."""
    return CpsIdentity(CLAIRE_ID, "LEFÈVRE", "Claire", b"")


class _BrokenEcpsLogin(FakeCardLogin):
    async def login_ecps(
        self, cancel: asyncio.Event, *, owner_id_nat_ps: str | None = None
    ) -> LoginOutcome:
        self.ecps_logins.append(owner_id_nat_ps)
        raise OSError("the browser could not be started")


def test_the_view_speaks_english_when_asked(
    qapp: QApplication,
    qtbot: QtBot,
    arun: AsyncRunner,
    claire_credentials: PractitionerCredentials,
) -> None:
    async def scenario() -> None:
        login = FakeCardLogin()
        login.insert(CardKind.CPS3_CONTACT, _claire(claire_credentials))
        view = _view(qtbot, login, demo_pin="1234")
        view.show_locked(WorkstationLockReason.IDLE, _claire(claire_credentials).identity)
        await _pin_shown(view)
        language = UiLanguage(qapp)
        assert language.apply("en")
        try:
            await until(lambda: view.submit_button.text() == "Confirm")
            assert _plain(view.heading.text()) == "Workstation locked — Claire LEFÈVRE's session"
            assert _plain(view.status.title.text()) == "CPS card of Claire LEFÈVRE"
            assert view.tries_label.text() == "3 tries left"
            assert view.demo_banner.text() == "Demonstration — simulated card, PIN 1234"
            assert view.ecps_button.text() == "Log in with e-CPS (Pro Santé Connect)"
        finally:
            language.apply("fr")
        await until(lambda: view.submit_button.text() == "Valider")

    arun(scenario())
