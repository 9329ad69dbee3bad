"""The front desk's Carte Vitale: read the card, pick the holder who is here, open or create.

On open the card is read in the background (« Lecture de la carte… »). Without a Vitale
the dialog invites one and reads it as soon as it is inserted; each reason a card gives
no holders has its own sentence and « Relire ». The holders of a family card are listed
in card order (rank, name, birth date, NIR grouped as printed); choosing one looks for
the patient: found → « Ouvrir le dossier », nobody → « Créer le patient », possible
homonyms → listed under an identity-vigilance warning. Enter does the obvious thing for
the chosen holder, Esc closes.
"""

import logging
import weakref

from PySide6.QtCore import QEvent, QItemSelection, QModelIndex, Qt, Signal
from PySide6.QtGui import QKeyEvent, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLayout,
    QProgressBar,
    QPushButton,
    QSizePolicy,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app.domain.card_error import CardError
from app.domain.card_error_reason import CardErrorReason
from app.domain.card_reader_state import CardReaderState
from app.domain.identifier_system import IdentifierSystem
from app.domain.patient import Patient
from app.domain.vitale_beneficiary import VitaleBeneficiary
from ui.front_desk.beneficiary_list_model import BeneficiaryListModel
from ui.front_desk.holder_item_delegate import HolderItemDelegate
from ui.front_desk.holder_table_view import HolderTableView
from ui.front_desk.vitale_desk import VitaleDesk
from ui.front_desk.vitale_match_widget import VitaleMatchWidget
from ui.front_desk.vitale_messages import VitaleMessages
from ui.front_desk.vitale_phase import VitalePhase
from ui.styled_label import StyledLabel
from ui.task_runner import TaskRunner

log = logging.getLogger(__name__)

_ENTER_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)


class VitaleDialog(QDialog):
    """Modal; ``patient_chosen(Patient)`` when a chart is to be opened (then it closes),
    preceded by ``patient_created(Patient, ChangeSet)`` when the patient was created."""

    patient_chosen = Signal(object)  # Patient
    patient_created = Signal(object, object)  # Patient, ChangeSet

    def __init__(
        self, desk: VitaleDesk, ins_system: IdentifierSystem, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setModal(True)
        self._desk = desk
        self._ins_system = ins_system
        self._runner = TaskRunner(self._on_task_failed)
        self.phase = VitalePhase.READING
        self.error_reason: CardErrorReason | None = None
        self._failure_kind: str | None = None
        self._read_seq = 0
        self._match_seq = 0
        self._reading = False
        # The Vitale being read or last read, as (reader, insertion): a new insertion,
        # even of the same card, is read again; other reader news is not.
        self._read_key: tuple[str, int] | None = None
        self._started = False
        self._missed_news = False
        self._listening = True
        self._activate_after_match = False

        self._title = StyledLabel("sectionTitle")
        # -- the message page: reading, waiting for a card, or why there are no holders
        self.status_title = StyledLabel("comingSoonTitle", wrap=True)
        self.status_advice = StyledLabel("comingSoonText", wrap=True)
        self.progress = QProgressBar()
        self.progress.setRange(0, 0)
        self.progress.setTextVisible(False)
        self.progress.setMaximumWidth(320)
        self.retry_button = QPushButton()
        self.retry_button.setObjectName("primary")
        self.retry_button.clicked.connect(self.read)
        # The message sits in a white card in the middle of the page, as a notice; it is
        # centred with stretches (an alignment flag would cut its wrapped lines short).
        card = QFrame()
        card.setObjectName("chartHeader")
        card.setFixedWidth(620)
        card_layout = QVBoxLayout(card)
        card_layout.setContentsMargins(24, 20, 24, 20)
        card_layout.setSpacing(12)
        card_layout.addWidget(self.status_title)
        card_layout.addWidget(self.status_advice)
        card_layout.addWidget(self.progress)
        retry_row = QHBoxLayout()
        retry_row.addWidget(self.retry_button)
        retry_row.addStretch(1)
        card_layout.addLayout(retry_row)
        centred = QHBoxLayout()
        centred.addStretch(1)
        centred.addWidget(card)
        centred.addStretch(1)
        message = QWidget()
        message_layout = QVBoxLayout(message)
        message_layout.setContentsMargins(0, 0, 0, 0)
        message_layout.addStretch(1)
        message_layout.addLayout(centred)
        message_layout.addStretch(2)
        self.message_page = message

        # -- the holders page
        self.holders_label = StyledLabel("conflictFieldName")
        self.model = BeneficiaryListModel(self)
        self.table = HolderTableView()
        self.table.setObjectName("vitaleHolders")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setTabKeyNavigation(False)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        header.setHighlightSections(False)
        self.table.setItemDelegate(HolderItemDelegate(self.table))
        self.table.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.table.selectionModel().selectionChanged.connect(self._on_table_selection_changed)
        self.table.doubleClicked.connect(self._on_table_double_clicked)
        self.table.row_wanted.connect(self._choose_current_row)
        self.match_panel = VitaleMatchWidget()
        self.match_panel.open_requested.connect(self._on_match_panel_open_requested)
        self.match_panel.create_requested.connect(self._on_match_panel_create_requested)
        holders = QWidget()
        holders_layout = QVBoxLayout(holders)
        holders_layout.setContentsMargins(0, 0, 0, 0)
        holders_layout.setSpacing(8)
        holders_layout.addWidget(self.holders_label)
        holders_layout.addWidget(self.table)
        holders_layout.addWidget(self.match_panel)
        holders_layout.addStretch(1)
        self.holders_page = holders

        self.pages = QStackedWidget()
        self.pages.addWidget(self.message_page)
        self.pages.addWidget(self.holders_page)

        self.keys_hint = StyledLabel("chartField", wrap=True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.buttons.rejected.connect(self.reject)
        bottom = QHBoxLayout()
        bottom.addWidget(self.keys_hint, 1)
        bottom.addWidget(self.buttons)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 16, 20, 16)
        layout.setSpacing(12)
        layout.addWidget(self._title)
        layout.addWidget(self.pages, 1)
        layout.addLayout(bottom)
        # The dialog grows with what it shows (homonyms, a long message) and never cuts
        # it: the layout, not a fixed size, sets its minimum.
        layout.setSizeConstraint(QLayout.SizeConstraint.SetMinimumSize)
        self.pages.setMinimumWidth(740)
        self.resize(780, 460)

        # The service keeps its listeners for good: a closed or deleted dialog must
        # not be reached through it.
        me = weakref.ref(self)

        def relay(state: CardReaderState) -> None:
            dialog = me()
            if dialog is not None and dialog._listening:
                dialog._on_reader_state_changed(state)

        desk.on_reader_state(relay)
        self._render()

    # -- reading -----------------------------------------------------------------------

    def read(self) -> None:
        """Read the card now (« Relire »); a read under way is superseded."""
        self._read_seq += 1
        slot = self._desk.reader_state.first(lambda kind: kind.is_vitale)
        self._read_key = (slot.reader, slot.insertion) if slot is not None else None
        self._reading = True
        self._activate_after_match = False
        if slot is not None:
            self.phase = VitalePhase.READING
            self._render()
        # else the service says at once why there is nothing to read: the message on
        # screen stays until then rather than flash « Lecture… ».
        self._runner.start(self._read(self._read_seq))

    async def _read(self, seq: int) -> None:
        try:
            holders = await self._desk.read_card()
        except CardError as exc:
            if seq == self._read_seq:
                self._reading = False
                self._show_card_error(exc.reason)
            return
        except Exception as exc:  # noqa: BLE001 — said on screen, with « Relire »
            log.warning("Carte Vitale read failed: %s", type(exc).__name__)
            if seq == self._read_seq:
                self._reading = False
                self._failure_kind = type(exc).__name__
                self.error_reason = None
                self.phase = VitalePhase.ERROR
                self._render()
            return
        if seq != self._read_seq:
            return
        self._reading = False
        if not holders:
            self._show_card_error(CardErrorReason.UNREADABLE)
            return
        self._show_holders(holders)

    def _show_card_error(self, reason: CardErrorReason) -> None:
        if (
            reason is CardErrorReason.NO_CARD
            and self.phase is VitalePhase.ERROR
            and self.error_reason is CardErrorReason.REMOVED
        ):
            # The card left during the read: its sentence already says to put it back.
            self._render()
            return
        self.error_reason = reason
        self._failure_kind = None
        self.phase = VitalePhase.WAITING if reason is CardErrorReason.NO_CARD else VitalePhase.ERROR
        self._render()

    def _show_holders(self, holders: tuple[VitaleBeneficiary, ...]) -> None:
        self.error_reason = None
        self._failure_kind = None
        self.phase = VitalePhase.HOLDERS
        self._match_seq += 1
        self.model.set_beneficiaries(holders)
        self._fit_table()
        self.match_panel.show_nothing()
        self._render()
        self.table.setFocus()
        if len(holders) == 1:
            self.table.selectRow(0)
        else:
            # Nobody is chosen for the front desk: each holder looked up is an access.
            self.table.clearSelection()

    def _fit_table(self) -> None:
        """As tall as its rows: every holder in sight, no scrolling, no empty rows."""
        self.table.resizeRowsToContents()
        rows = sum(self.table.rowHeight(r) for r in range(self.model.rowCount()))
        header = self.table.horizontalHeader().sizeHint().height()
        self.table.setFixedHeight(rows + header + 2 * self.table.frameWidth())

    def _on_reader_state_changed(self, state: CardReaderState) -> None:
        if not self.isVisible():
            # Hidden under the workstation lock: nothing is read until it is back.
            self._missed_news = True
            return
        slot = state.first(lambda kind: kind.is_vitale)
        key = (slot.reader, slot.insertion) if slot is not None else None
        if key is None:
            self._read_key = None
            if self._reading or self.phase is VitalePhase.HOLDERS:
                # A read under way says itself what became of the card; holders already
                # read stay on screen when the patient takes the card back.
                return
            self.read()  # says why there is no card now
        elif key != self._read_key:
            self.read()

    # -- choosing a holder -------------------------------------------------------------

    @property
    def beneficiary(self) -> VitaleBeneficiary | None:
        """The holder chosen in the list, if any."""
        rows = self.table.selectionModel().selectedRows()
        return self.model.beneficiary_at(rows[0].row()) if rows else None

    def _on_table_selection_changed(self, _new: QItemSelection, _old: QItemSelection) -> None:
        beneficiary = self.beneficiary
        self._match_seq += 1
        self._activate_after_match = False
        if beneficiary is None:
            self.match_panel.show_nothing()
            return
        self.match_panel.show_searching(beneficiary)
        self._runner.start(self._match(self._match_seq, beneficiary))

    async def _match(self, seq: int, beneficiary: VitaleBeneficiary) -> None:
        try:
            match = await self._desk.match(beneficiary)
        except Exception as exc:  # noqa: BLE001 — said in the panel; choosing again retries
            log.warning("Carte Vitale match failed: %s", type(exc).__name__)
            if seq == self._match_seq:
                self.match_panel.show_match_failure(beneficiary, exc)
            return
        if seq != self._match_seq:
            return  # another holder was chosen meanwhile
        self.match_panel.show_match(match)
        if self._activate_after_match:
            self._activate_after_match = False
            self.match_panel.activate()

    def activate_selected(self) -> None:
        """Enter: open or create for the chosen holder (once found, if still looking)."""
        if self.phase is not VitalePhase.HOLDERS:
            if self.retry_button.isVisible():
                self.read()
            return
        if self.beneficiary is None:
            self._choose_current_row()
            return
        if self.match_panel.searching:
            self._activate_after_match = True
            return
        self.match_panel.activate()

    def _choose_current_row(self) -> None:
        row = max(0, self.table.currentIndex().row())
        self.table.selectRow(row)

    def _on_table_double_clicked(self, _index: QModelIndex) -> None:
        self.activate_selected()

    # -- opening and creating ----------------------------------------------------------

    def _on_match_panel_open_requested(self, patient: Patient) -> None:
        self.patient_chosen.emit(patient)
        self.accept()

    def _on_match_panel_create_requested(self) -> None:
        beneficiary = self.beneficiary
        if beneficiary is None or not self.match_panel.can_create:
            return
        self.match_panel.set_creating(True)
        self.table.setEnabled(False)
        self._runner.start(self._create(beneficiary))

    async def _create(self, beneficiary: VitaleBeneficiary) -> None:
        try:
            patient, changes = await self._desk.create_patient(beneficiary, self._ins_system)
        except Exception as exc:  # noqa: BLE001 — its French reason is shown in the panel
            log.warning("patient not created from the card: %s", type(exc).__name__)
            self.table.setEnabled(True)
            self.match_panel.show_create_failure(exc, self._ins_system)
            self.table.setFocus()
            return
        self.patient_created.emit(patient, changes)
        self.patient_chosen.emit(patient)
        self.accept()

    def _on_task_failed(self, exc: BaseException) -> None:
        # Every coroutine above catches its own failures; this is the last resort.
        self._failure_kind = type(exc).__name__
        self.phase = VitalePhase.ERROR
        self._reading = False
        self._render()

    # -- drawing -----------------------------------------------------------------------

    def _render(self) -> None:
        self.setWindowTitle(self.tr("Carte Vitale"))
        self._title.setText(self.tr("Carte Vitale"))
        holders = self.phase is VitalePhase.HOLDERS
        self.pages.setCurrentWidget(self.holders_page if holders else self.message_page)
        self.progress.setVisible(self.phase is VitalePhase.READING)
        self.retry_button.setVisible(self.phase is VitalePhase.ERROR)
        self.retry_button.setText(self.tr("Relire"))
        if self.phase is VitalePhase.READING:
            self.status_title.setText(self.tr("Lecture de la carte…"))
            self.status_advice.setText(
                self.tr("Laissez la carte dans le lecteur pendant la lecture.")
            )
        elif self._failure_kind is not None:
            self.status_title.setText(self.tr("La carte n'a pas pu être lue"))
            self.status_advice.setText(VitaleMessages.failure(self._failure_kind))
        elif self.error_reason is not None:
            self.status_title.setText(VitaleMessages.title(self.error_reason))
            self.status_advice.setText(VitaleMessages.advice(self.error_reason))
        n = self.model.rowCount()
        self.holders_label.setText(
            self.tr("Bénéficiaire de la carte")
            if n == 1
            else self.tr("{n} bénéficiaires sur cette carte : lequel se présente ?").format(n=n)
        )
        self.model.retranslate()
        self.table.setAccessibleName(self.tr("Bénéficiaires de la Carte Vitale"))
        if holders:
            hint = self.tr(
                "↑ ↓ : choisir le bénéficiaire · Entrée : ouvrir ou créer · Échap : fermer"
            )
        elif self.phase is VitalePhase.ERROR:
            hint = self.tr("Entrée : relire la carte · Échap : fermer")
        else:
            hint = self.tr("Échap : fermer")
        self.keys_hint.setText(hint)
        if self.phase is VitalePhase.ERROR and self.isVisible():
            self.retry_button.setFocus()

    # -- Qt ----------------------------------------------------------------------------

    def keyPressEvent(self, event: QKeyEvent) -> None:
        # Enter reaches here from the list (a focused button takes its own): the chosen
        # holder's action, never a default button's.
        if event.key() in _ENTER_KEYS:
            self.activate_selected()
            event.accept()
            return
        super().keyPressEvent(event)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._started:
            self._started = True
            self.read()
        elif self._missed_news:
            self._missed_news = False
            self._on_reader_state_changed(self._desk.reader_state)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._render()
        super().changeEvent(event)

    def reject(self) -> None:
        # A creation under way finishes first (a local write, a blink): closed mid-way,
        # the patient would exist without the views hearing of it.
        if self.match_panel.creating:
            return
        super().reject()

    def done(self, result: int) -> None:
        self._listening = False
        self._runner.cancel_all()
        super().done(result)
