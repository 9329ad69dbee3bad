"""The practitioner's login and lock screen: the CPS in the reader, its PIN, the session.

It follows the readers live and says, on one status line, what stands between the
practitioner and a login: no smart-card service, no reader, no card, a card that is not
a CPS or a CPS on the contactless side. A CPS present is read in the background; its
holder's name and a four-digit masked PIN field follow (tries left when known). Each
PIN submitted is one ``login`` (or ``unlock``) call, and the field is emptied at once.
Each refusal has its own sentence; a blocked card gets no PIN field at all, so no code is
ever sent to it again. A different insertion closes the card read so far and starts
over. Locked (``show_locked``), it says whose session it is and why it locked, and only
that practitioner's card unlocks it.

The card of a successful login goes out with ``logged_in`` and is the session's from
then on: the view forgets it and ignores the readers until it is shown again.

Where the service offers it (``ecps_available``), « Se connecter avec e-CPS » logs in, or
unlocks the owner's session, through Pro Santé Connect: the card read so far is dropped,
the screen waits (« Annuler » gives up) while the readers' news is kept for afterwards,
and a refusal is said under the button while the screen follows the readers again.
"""

import asyncio
import contextlib
import logging
import weakref

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QFrame, QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from app.domain.card_error import CardError
from app.domain.card_error_reason import CardErrorReason
from app.domain.card_kind import CardKind
from app.domain.card_reader_state import CardReaderState
from app.domain.cps_identity import CpsIdentity
from app.domain.login_refused_error import LoginRefusedError
from app.domain.login_refused_reason import LoginRefusedReason
from app.domain.workstation_lock_reason import WorkstationLockReason
from app.ports.cps_card import CpsCard
from ui.login.card_login import CardLogin
from ui.login.login_messages import LoginMessages
from ui.login.login_phase import LoginPhase
from ui.login.pin_line_edit import PinLineEdit
from ui.login.status_line_widget import StatusLineWidget
from ui.login.status_severity import StatusSeverity
from ui.shell.centered_column import CenteredColumn
from ui.styled_label import StyledLabel
from ui.task_runner import TaskRunner

log = logging.getLogger(__name__)

COLUMN_WIDTH = 520

# What the reader's situation says when it holds no CPS that can sign.
_SEVERITIES = {
    LoginPhase.NO_SERVICE: StatusSeverity.ERROR,
    LoginPhase.NO_READER: StatusSeverity.WARNING,
    LoginPhase.NO_CARD: StatusSeverity.INFO,
    LoginPhase.UNKNOWN_CARD: StatusSeverity.WARNING,
    LoginPhase.VITALE: StatusSeverity.WARNING,
    LoginPhase.CONTACTLESS: StatusSeverity.WARNING,
    LoginPhase.OPENING: StatusSeverity.WAITING,
    LoginPhase.PIN: StatusSeverity.OK,
    LoginPhase.CHECKING: StatusSeverity.WAITING,
    LoginPhase.BLOCKED: StatusSeverity.ERROR,
    LoginPhase.CARD_ERROR: StatusSeverity.ERROR,
    LoginPhase.OTHER_CARD: StatusSeverity.ERROR,
    LoginPhase.ECPS: StatusSeverity.WAITING,
    LoginPhase.LOGGED_IN: StatusSeverity.OK,
}

# Why ``open_card`` found nothing to open, as the phase that says so.
_OPEN_REFUSALS = {
    CardErrorReason.NO_SERVICE: LoginPhase.NO_SERVICE,
    CardErrorReason.NO_READER: LoginPhase.NO_READER,
    CardErrorReason.NO_CARD: LoginPhase.NO_CARD,
    CardErrorReason.UNKNOWN_CARD: LoginPhase.UNKNOWN_CARD,
    CardErrorReason.NOT_CPS: LoginPhase.VITALE,
    CardErrorReason.CONTACTLESS: LoginPhase.CONTACTLESS,
    CardErrorReason.PIN_BLOCKED: LoginPhase.BLOCKED,
}

type CardKey = tuple[str, int]  # (reader, insertion)


class LoginView(QWidget):
    """``show_login()`` at start-up, ``show_locked(reason, owner)`` on a lock;
    ``logged_in(LoginOutcome)`` once the card, its PIN and its proof are accepted, or an
    e-CPS login (``start_ecps``) is."""

    logged_in = Signal(object)  # LoginOutcome
    ecps_requested = Signal()  # the e-CPS button was clicked (the view runs the login)

    def __init__(
        self, login: CardLogin, parent: QWidget | None = None, *, demo_pin: str | None = None
    ) -> None:
        super().__init__(parent)
        self._login = login
        self._demo_pin = demo_pin
        self._runner = TaskRunner(self._on_task_failed)
        self.phase = LoginPhase.NO_CARD
        self._active = False
        self._locked: tuple[WorkstationLockReason, CpsIdentity] | None = None
        # The CPS followed, as (reader, insertion): another insertion is another card.
        self._card_key: CardKey | None = None
        self._card: CpsCard | None = None  # open, and not handed over to a session
        self._opening = False  # a read of the card under way
        # Bumped whenever the card followed changes: late answers about the old one's PIN
        # are dropped.
        self._seq = 0
        self._card_error: CardErrorReason | None = None
        self._failure_kind: str | None = None
        # The line under the PIN field: the last attempt's outcome.
        self._wrong_pin = False
        self._tries_after_wrong_pin: int | None = None
        self._refusal: LoginRefusedReason | None = None
        self._pin_format = False
        self._interrupted = False
        self._removed_note = False
        self._holder_name = ""
        # e-CPS: offered here; the waiting attempt's cancel event (None when none waits
        # for this screen); whether a login_ecps call is still running (even one the
        # screen gave up on: one at a time); how the last attempt ended.
        self._ecps_offered = login.ecps_available
        self._ecps_cancel: asyncio.Event | None = None
        self._ecps_running = False
        self._ecps_refusal: LoginRefusedReason | None = None
        self._ecps_failure_kind: str | None = None

        self.demo_banner = StyledLabel("loginDemo", wrap=True, visible=demo_pin is not None)
        self.demo_banner.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._app_name = StyledLabel("loginAppName")
        self._app_name.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.heading = StyledLabel("loginHeading", wrap=True)
        self.heading.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.lock_reason = StyledLabel("loginLockReason", wrap=True, visible=False)
        self.lock_reason.setAlignment(Qt.AlignmentFlag.AlignCenter)

        self.status = StatusLineWidget()
        self._pin_label = StyledLabel("loginPinLabel")
        self.pin_field = PinLineEdit()
        self.pin_field.setFixedWidth(190)
        self.pin_field.textChanged.connect(self._on_pin_field_text_changed)
        self.pin_field.returnPressed.connect(self.submit)
        self._pin_label.setBuddy(self.pin_field)
        self.submit_button = QPushButton()
        self.submit_button.setObjectName("primary")
        self.submit_button.setProperty("size", "large")
        self.submit_button.clicked.connect(self.submit)
        self.submit_button.setEnabled(False)
        self.tries_label = StyledLabel("loginTries", visible=False)
        self.error_label = StyledLabel("loginError", wrap=True, visible=False)
        pin_row = QHBoxLayout()
        pin_row.setSpacing(10)
        pin_row.addWidget(self.pin_field)
        pin_row.addWidget(self.submit_button)
        pin_row.addStretch(1)
        self.pin_box = QWidget()
        pin_layout = QVBoxLayout(self.pin_box)
        pin_layout.setContentsMargins(40, 4, 0, 0)
        pin_layout.setSpacing(6)
        pin_layout.addWidget(self._pin_label)
        pin_layout.addLayout(pin_row)
        pin_layout.addWidget(self.tries_label)
        pin_layout.addWidget(self.error_label)
        self.retry_button = QPushButton()
        self.retry_button.setObjectName("loginSecondary")
        self.retry_button.clicked.connect(self.reread)
        self.ecps_cancel_button = QPushButton()
        self.ecps_cancel_button.setObjectName("loginSecondary")
        self.ecps_cancel_button.clicked.connect(self.cancel_ecps)
        retry_row = QHBoxLayout()
        retry_row.setContentsMargins(40, 0, 0, 0)
        retry_row.addWidget(self.retry_button)
        retry_row.addWidget(self.ecps_cancel_button)
        retry_row.addStretch(1)

        panel = QFrame()
        panel.setObjectName("loginPanel")
        panel_layout = QVBoxLayout(panel)
        panel_layout.setContentsMargins(28, 24, 28, 24)
        panel_layout.setSpacing(14)
        panel_layout.addWidget(self.status)
        panel_layout.addWidget(self.pin_box)
        panel_layout.addLayout(retry_row)

        self._or_label = StyledLabel("loginOr")
        self._or_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.ecps_button = QPushButton()
        self.ecps_button.setObjectName("loginSecondary")
        self.ecps_button.clicked.connect(self.ecps_requested)
        self.ecps_button.clicked.connect(self.start_ecps)
        self.ecps_error_label = StyledLabel("loginError", wrap=True, visible=False)
        self.ecps_error_label.setAlignment(Qt.AlignmentFlag.AlignCenter)

        column = CenteredColumn(COLUMN_WIDTH)
        column.add(self.demo_banner)
        column.add(self._app_name)
        column.add(self.heading)
        column.add(self.lock_reason)
        column.add(_spacer(8))
        column.add(panel)
        column.add(_spacer(4))
        column.add(self._or_label)
        column.add(self.ecps_button)
        column.add(self.ecps_error_label)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(column)
        self.setObjectName("loginView")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setTabOrder(self.pin_field, self.submit_button)
        self.setTabOrder(self.submit_button, self.retry_button)
        self.setTabOrder(self.retry_button, self.ecps_cancel_button)
        self.setTabOrder(self.ecps_cancel_button, self.ecps_button)

        # The service keeps its listeners for good: a deleted view must not be reached.
        me = weakref.ref(self)

        def relay(state: CardReaderState) -> None:
            view = me()
            if view is not None:
                view._on_reader_state_changed(state)

        login.on_reader_state(relay)
        self._render()

    # -- what the workstation asks -----------------------------------------------------

    def show_login(self) -> None:
        """Start-up: nobody is logged in; any practitioner's card logs in."""
        self._locked = None
        self._start_over()

    def show_locked(self, reason: WorkstationLockReason, owner: CpsIdentity) -> None:
        """The session of ``owner`` is locked for ``reason``: only their card unlocks it."""
        self._locked = (reason, owner)
        self._start_over()

    def set_ecps_available(self, available: bool) -> None:
        """Offer the e-CPS login (Pro Santé Connect) or not, whatever the service said."""
        self._ecps_offered = available
        self._render()

    def start_ecps(self) -> None:
        """Log in with e-CPS (« Se connecter avec e-CPS »); locked, unlock the owner's
        session. Not while a PIN is being checked: that attempt decides first."""
        if (
            not self._active
            or not self._ecps_offered
            or self._ecps_running
            or self.phase in (LoginPhase.ECPS, LoginPhase.CHECKING, LoginPhase.LOGGED_IN)
        ):
            return
        self._drop_card()
        self._card_key = None
        self._removed_note = False
        self._clear_ecps_notes()
        cancel = asyncio.Event()
        self._ecps_cancel = cancel
        self._ecps_running = True
        owner = self._locked[1].id_nat_ps if self._locked is not None else None
        self.phase = LoginPhase.ECPS
        self._render()
        if self.isVisible():
            self.ecps_cancel_button.setFocus()
        self._runner.start(self._login_by_ecps(self._seq, cancel, owner))

    def cancel_ecps(self) -> None:
        """Give up the e-CPS login under way (« Annuler »); the service says when it has."""
        if self._ecps_cancel is not None and not self._ecps_cancel.is_set():
            self._ecps_cancel.set()
            self._render()

    def submit(self) -> None:
        """One attempt with the PIN typed (« Valider », Enter); the field is emptied."""
        card = self._card
        if self.phase is not LoginPhase.PIN or card is None or card.blocked:
            return
        if not self.pin_field.complete:
            return
        pin = self.pin_field.text()
        self.pin_field.clear()
        self._clear_attempt_notes()
        self._clear_ecps_notes()
        self.phase = LoginPhase.CHECKING
        self._render()
        self._runner.start(self._attempt(self._seq, card, pin))

    def reread(self) -> None:
        """Read the card in the reader again (« Relire la carte »)."""
        if self.phase is LoginPhase.ECPS:
            return
        self._card_key = None
        self._follow(self._login.reader_state)

    # -- following the readers ---------------------------------------------------------

    def _start_over(self) -> None:
        self._active = True
        self._give_up_ecps()
        self._clear_ecps_notes()
        self._drop_card()
        self._card_key = None
        self._removed_note = False
        self._follow(self._login.reader_state)

    def _on_reader_state_changed(self, state: CardReaderState) -> None:
        # While an e-CPS login waits, the readers' news waits too: the service keeps the
        # latest state, followed when the attempt ends.
        if self._active and self.phase is not LoginPhase.ECPS:
            self._follow(state)

    def _follow(self, state: CardReaderState) -> None:
        slot = state.first(lambda kind: kind.is_cps) if state.service else None
        key = (slot.reader, slot.insertion) if slot is not None else None
        if key == self._card_key and key is not None:
            return  # the same card: what it shows (PIN, blocked...) stands
        if key is None and self._card_key is None:
            self._removed_note = False  # other news since: the removal is history
        else:
            # Pulled during a read or an attempt (or just after one said so): say it.
            self._removed_note = key is None and (
                self.phase in (LoginPhase.OPENING, LoginPhase.CHECKING)
                or self._card_error is CardErrorReason.REMOVED
                or self._removed_note
            )
            self._drop_card()
            self._card_key = key
        if slot is not None and slot.kind is not None and slot.kind.can_sign:
            self._open()
            return
        self.phase = self._phase_without_cps(state, slot.kind if slot is not None else None)
        self._render()

    @staticmethod
    def _phase_without_cps(state: CardReaderState, cps: CardKind | None) -> LoginPhase:
        """What keeps a login from starting, the most telling first (as ``open_card``)."""
        if not state.service:
            return LoginPhase.NO_SERVICE
        if not state.slots:
            return LoginPhase.NO_READER
        if cps is CardKind.CPS3_CONTACTLESS:
            return LoginPhase.CONTACTLESS
        if any(not slot.has_card for slot in state.slots):
            # A free reader: the Vitale or other card is in the other slot of a two-slot
            # reader (the usual set-up at a French desk), not where the CPS should go.
            return LoginPhase.NO_CARD
        if state.first(lambda kind: kind.is_vitale) is not None:
            return LoginPhase.VITALE
        if state.first(lambda kind: kind is CardKind.UNKNOWN) is not None:
            return LoginPhase.UNKNOWN_CARD
        return LoginPhase.NO_CARD

    def _drop_card(self) -> None:
        """Forget the card followed so far, closing it if it is open here."""
        self._seq += 1
        card, self._card = self._card, None
        self._holder_name = ""
        self._card_error = None
        self._failure_kind = None
        self._clear_attempt_notes()
        self.pin_field.clear()
        if card is not None:
            self._runner.start(self._close(card))

    def _clear_attempt_notes(self) -> None:
        self._wrong_pin = False
        self._tries_after_wrong_pin = None
        self._failure_kind = None
        self._refusal = None
        self._pin_format = False
        self._interrupted = False

    # -- the card ----------------------------------------------------------------------

    def _open(self) -> None:
        """Read the CPS followed. One read at a time: two connections to one card would
        not survive each other, since closing one resets the card (it forgets its PIN)."""
        self._card_error = None
        self._failure_kind = None
        self.phase = LoginPhase.OPENING
        self._render()
        if not self._opening:
            self._opening = True
            self._runner.start(self._open_card(self._card_key))

    async def _open_card(self, wanted: CardKey | None) -> None:
        try:
            card = await self._login.open_card()
        except CardError as exc:
            self._opening = False
            if self._read_again_if_changed(wanted):
                self._on_open_refused(exc.reason)
            return
        except Exception as exc:  # noqa: BLE001 — said on screen, with « Relire la carte »
            self._opening = False
            log.warning("CPS not opened: %s", type(exc).__name__)
            if self._read_again_if_changed(wanted):
                self._failure_kind = type(exc).__name__
                self.phase = LoginPhase.CARD_ERROR
                self._render()
            return
        self._opening = False
        if self.phase is not LoginPhase.OPENING or self._card_key not in (
            (card.reader, card.insertion),
            wanted,
        ):
            # Another card (or none) since: this one was opened for nothing.
            await self._close(card)
            if self.phase is LoginPhase.OPENING:
                self._open()
            return
        self._card = card
        self._holder_name = LoginMessages.name(card.identity)
        if card.blocked:
            self.phase = LoginPhase.BLOCKED
        elif self._locked is not None and card.identity.id_nat_ps != self._locked[1].id_nat_ps:
            # No PIN for a card that cannot unlock: it would only spend a try.
            self.phase = LoginPhase.OTHER_CARD
        else:
            self.phase = LoginPhase.PIN
        self._render()

    def _read_again_if_changed(self, wanted: CardKey | None) -> bool:
        """After a failed read: True when the failure is to be shown; False when nobody
        waits for it any more, or the card changed meanwhile (then the new one is read)."""
        if self.phase is not LoginPhase.OPENING:
            return False
        if wanted != self._card_key:
            self._open()
            return False
        return True

    def _on_open_refused(self, reason: CardErrorReason) -> None:
        phase = _OPEN_REFUSALS.get(reason)
        if phase is None:
            self._card_error = reason
            phase = LoginPhase.CARD_ERROR
        self.phase = phase
        self._render()

    async def _attempt(self, seq: int, card: CpsCard, pin: str) -> None:
        locked = self._locked
        try:
            if locked is None:
                outcome = await self._login.login(card, pin)
            else:
                outcome = await self._login.unlock(card, pin, locked[1].id_nat_ps)
        except CardError as exc:
            if seq == self._seq:
                self._on_card_refused(card, exc)
            return
        except LoginRefusedError as exc:
            if seq == self._seq:
                self._on_login_refused(exc.reason)
            return
        except Exception as exc:  # noqa: BLE001 — said under the PIN field; one may retry
            log.warning("card login failed: %s", type(exc).__name__)
            if seq == self._seq:
                self._failure_kind = type(exc).__name__
                self.phase = LoginPhase.PIN
                self._render()
            return
        if seq != self._seq or not self._active:
            # The card was swapped (and this one closed) while its PIN was checked.
            return
        # The session holds the card from now on: it is not this view's to close.
        self._card = None
        self._active = False
        self._holder_name = LoginMessages.name(outcome.identity)
        self.phase = LoginPhase.LOGGED_IN
        self._render()
        self.logged_in.emit(outcome)

    def _on_card_refused(self, card: CpsCard, exc: CardError) -> None:
        reason = exc.reason
        if reason is CardErrorReason.WRONG_PIN:
            self._wrong_pin = True
            self._tries_after_wrong_pin = exc.tries_left
            self.phase = LoginPhase.PIN
        elif reason is CardErrorReason.PIN_BLOCKED:
            self.phase = LoginPhase.BLOCKED
        elif reason is CardErrorReason.PIN_FORMAT:
            self._pin_format = True
            self.phase = LoginPhase.PIN
        elif reason is CardErrorReason.REMOVED and self._still_inserted(card):
            # The card is still there but forgot this connection (another program reset
            # it): read it again; the PIN never reached it, so no try was spent.
            self._drop_card()
            self._interrupted = True
            self._open()
            return
        else:
            self._card_error = reason
            self.phase = LoginPhase.CARD_ERROR
        self._render()

    def _still_inserted(self, card: CpsCard) -> bool:
        slot = self._login.reader_state.slot(card.reader)
        return slot is not None and slot.has_card and slot.insertion == card.insertion

    def _on_login_refused(self, reason: LoginRefusedReason) -> None:
        if reason is LoginRefusedReason.OTHER_PRACTITIONER:
            self.phase = LoginPhase.OTHER_CARD
        else:
            self._refusal = reason
            self.phase = LoginPhase.PIN
        self._render()

    @staticmethod
    async def _close(card: CpsCard) -> None:
        with contextlib.suppress(CardError):
            await card.close()

    # -- e-CPS -------------------------------------------------------------------------

    async def _login_by_ecps(self, seq: int, cancel: asyncio.Event, owner: str | None) -> None:
        try:
            outcome = await self._login.login_ecps(cancel, owner_id_nat_ps=owner)
        except LoginRefusedError as exc:
            self._ecps_running = False
            if seq == self._seq:
                self._end_ecps(refusal=exc.reason)
            else:
                self._render()  # the screen moved on; the e-CPS button works again
            return
        except Exception as exc:  # noqa: BLE001 — said under the e-CPS button
            self._ecps_running = False
            log.warning("e-CPS login failed: %s", type(exc).__name__)
            if seq == self._seq:
                self._end_ecps(failure_kind=type(exc).__name__)
            else:
                self._render()
            return
        self._ecps_running = False
        if seq != self._seq or not self._active or self._ecps_cancel is not cancel:
            # Given up (or the screen shown anew) while Pro Santé Connect answered.
            self._render()
            return
        self._ecps_cancel = None
        self._active = False
        self._holder_name = LoginMessages.name(outcome.identity)
        self.phase = LoginPhase.LOGGED_IN
        self._render()
        self.logged_in.emit(outcome)

    def _end_ecps(
        self, *, refusal: LoginRefusedReason | None = None, failure_kind: str | None = None
    ) -> None:
        """Back to the readers as they are now, saying how the e-CPS attempt ended."""
        self._ecps_cancel = None
        self._ecps_refusal = refusal
        self._ecps_failure_kind = failure_kind
        self._card_key = None
        self._removed_note = False
        self._follow(self._login.reader_state)

    def _give_up_ecps(self) -> None:
        """The screen is shown anew: the attempt under way ends, its answer unheard."""
        cancel, self._ecps_cancel = self._ecps_cancel, None
        if cancel is not None:
            cancel.set()

    def _clear_ecps_notes(self) -> None:
        self._ecps_refusal = None
        self._ecps_failure_kind = None

    def _on_task_failed(self, exc: BaseException) -> None:
        # Every coroutine above catches its own failures; this is the last resort.
        if self.phase is LoginPhase.ECPS:
            return  # a card task left over: the e-CPS wait keeps the screen
        self._failure_kind = type(exc).__name__
        self.phase = LoginPhase.CARD_ERROR
        self._render()

    # -- drawing -----------------------------------------------------------------------

    def _render(self) -> None:
        phase = self.phase
        self._app_name.setText("Cabinet")
        if self._demo_pin is not None:
            self.demo_banner.setText(LoginMessages.demo(self._demo_pin))
        owner = LoginMessages.name(self._locked[1]) if self._locked is not None else ""
        if self._locked is None:
            self.heading.setText(
                self.tr("Connexion par carte CPS ou e-CPS")
                if self._ecps_offered
                else self.tr("Connexion par carte CPS")
            )
            self.lock_reason.setVisible(False)
        else:
            self.heading.setText(LoginMessages.lock_title(owner))
            reason = LoginMessages.lock_reason(self._locked[0])
            advice = LoginMessages.lock_advice(owner, ecps=self._ecps_offered)
            self.lock_reason.setText(f"{reason} {advice}")
            self.lock_reason.setVisible(True)
        self.heading.setProperty("locked", self._locked is not None)
        self.heading.style().unpolish(self.heading)
        self.heading.style().polish(self.heading)

        title, advice = self._status_texts(phase, owner)
        self.status.show_status(
            _SEVERITIES[phase], LoginMessages.typeset(title), LoginMessages.typeset(advice)
        )

        with_pin = phase in (LoginPhase.PIN, LoginPhase.CHECKING)
        self.pin_box.setVisible(with_pin)
        self.pin_field.setEnabled(phase is LoginPhase.PIN)
        self._pin_label.setText(self.tr("Code PIN"))
        self.submit_button.setText(self.tr("Valider"))
        self.submit_button.setEnabled(phase is LoginPhase.PIN and self.pin_field.complete)
        error = LoginMessages.typeset(self._attempt_note(owner))
        self.error_label.setText(error)
        self.error_label.setVisible(with_pin and bool(error))
        tries = self._card.tries_left if self._card is not None else None
        self.tries_label.setText(LoginMessages.tries_left(tries) if tries is not None else "")
        # After a wrong PIN the error line already counts the tries left.
        self.tries_label.setVisible(with_pin and tries is not None and not self._wrong_pin)

        self.retry_button.setText(self.tr("Relire la carte"))
        self.retry_button.setVisible(phase is LoginPhase.CARD_ERROR and self._card_key is not None)
        self._render_ecps(phase, owner)
        self.pin_field.setAccessibleName(self.tr("Code PIN de la carte CPS, 4 chiffres"))
        if phase is LoginPhase.PIN and self.isVisible():
            self.pin_field.setFocus()

    def _render_ecps(self, phase: LoginPhase, owner: str) -> None:
        # Waiting, the e-CPS button gives way to « Annuler » in the panel.
        offered = self._ecps_offered and phase is not LoginPhase.ECPS
        self._or_label.setText(self.tr("ou"))
        self._or_label.setVisible(offered)
        self.ecps_button.setText(self.tr("Se connecter avec e-CPS (Pro Santé Connect)"))
        self.ecps_button.setVisible(offered)
        self.ecps_button.setEnabled(
            not self._ecps_running and phase not in (LoginPhase.CHECKING, LoginPhase.LOGGED_IN)
        )
        self.ecps_cancel_button.setText(self.tr("Annuler"))
        self.ecps_cancel_button.setVisible(phase is LoginPhase.ECPS)
        cancel = self._ecps_cancel
        self.ecps_cancel_button.setEnabled(cancel is not None and not cancel.is_set())
        note = ""
        if self._ecps_refusal is not None:
            note = LoginMessages.ecps_refusal(self._ecps_refusal, owner)
        elif self._ecps_failure_kind is not None:
            note = LoginMessages.failure(self._ecps_failure_kind)
        self.ecps_error_label.setText(LoginMessages.typeset(note))
        self.ecps_error_label.setVisible(
            bool(note) and phase not in (LoginPhase.ECPS, LoginPhase.LOGGED_IN)
        )

    def _status_texts(self, phase: LoginPhase, owner: str) -> tuple[str, str]:
        if phase is LoginPhase.ECPS:
            return LoginMessages.title(phase), LoginMessages.ecps_advice(self._locked is not None)
        if phase is LoginPhase.PIN:
            return LoginMessages.holder(self._holder_name), LoginMessages.advice(phase)
        if phase is LoginPhase.CARD_ERROR:
            if self._failure_kind is not None:
                return (
                    LoginMessages.card_error_title(CardErrorReason.UNREADABLE),
                    LoginMessages.failure(self._failure_kind),
                )
            reason = self._card_error or CardErrorReason.UNREADABLE
            return LoginMessages.card_error_title(reason), LoginMessages.card_error_advice(reason)
        if phase is LoginPhase.OTHER_CARD:
            return LoginMessages.owner_only(owner), LoginMessages.other_card(
                self._holder_name, owner
            )
        if phase is LoginPhase.LOGGED_IN:
            return LoginMessages.logged_in(self._holder_name), ""
        advice = LoginMessages.advice(phase)
        if phase is LoginPhase.NO_CARD and self._removed_note:
            advice = f"{LoginMessages.card_error_title(CardErrorReason.REMOVED)}. {advice}"
        return LoginMessages.title(phase), advice

    def _attempt_note(self, owner: str) -> str:
        if self._wrong_pin:
            return LoginMessages.wrong_pin(self._tries_after_wrong_pin)
        if self._refusal is not None:
            return LoginMessages.refusal(self._refusal, owner)
        if self._pin_format:
            return LoginMessages.pin_format()
        if self._interrupted:
            return LoginMessages.interrupted()
        if self._failure_kind is not None:
            return LoginMessages.failure(self._failure_kind)
        return ""

    def _on_pin_field_text_changed(self, _text: str) -> None:
        self.submit_button.setEnabled(self.phase is LoginPhase.PIN and self.pin_field.complete)

    # -- Qt ----------------------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self.phase is LoginPhase.PIN:
            self.pin_field.setFocus()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._render()
        super().changeEvent(event)


def _spacer(height: int) -> QWidget:
    spacer = QWidget()
    spacer.setFixedHeight(height)
    return spacer
