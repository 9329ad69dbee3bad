"""The Patients section: search as you type, the list, and the open chart's header."""

from PySide6.QtCore import QEvent, QModelIndex, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.domain.change_set import ChangeSet
from app.domain.identifier_system import IdentifierSystem
from app.domain.patient import Patient
from app.services.patient_draft import PatientDraft
from app.services.patient_service import SEARCH_LIMIT, PatientService
from ui.patients.chart_header_widget import ChartHeaderWidget
from ui.patients.patient_edit_dialog import PatientEditDialog
from ui.patients.patient_list_model import PatientListModel
from ui.styled_label import StyledLabel
from ui.task_runner import TaskRunner

SEARCH_DELAY_MS = 150


class PatientsView(QWidget):
    """Finds patients by name, birth date or INS; opens a chart (an audited read)."""

    patient_did_open = Signal(object)  # Patient | None
    changes_did_happen = Signal(object)  # ChangeSet
    list_did_load = Signal(int)

    def __init__(
        self,
        service: PatientService,
        default_system: IdentifierSystem,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._service = service
        self._default_system = default_system
        self._runner = TaskRunner(self._on_task_failed)
        self._search_seq = 0
        self._last_count = 0
        self._more = False
        self._last_text = ""
        self.dialog: PatientEditDialog | None = None

        self._title = StyledLabel("sectionTitle")
        self.search = QLineEdit()
        self.search.setObjectName("patientSearch")
        self.search.setClearButtonEnabled(True)
        self.new_button = QPushButton()
        self.new_button.setObjectName("primary")
        self.edit_button = QPushButton()
        self.edit_button.setEnabled(False)
        self.count_label = StyledLabel("chartField")
        self.error_label = StyledLabel("fieldError", wrap=True, visible=False)

        self.model = PatientListModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.activated.connect(self._on_table_activated)
        self.table.clicked.connect(self._on_table_activated)

        self.chart = ChartHeaderWidget()

        top = QHBoxLayout()
        top.addWidget(self._title)
        top.addSpacing(16)
        top.addWidget(self.search, 1)
        top.addWidget(self.new_button)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.table, 1)
        left_layout.addWidget(self.count_label)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.chart, 1)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.edit_button)
        right_layout.addLayout(buttons)
        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.addLayout(top)
        layout.addWidget(self.error_label)
        layout.addWidget(splitter, 1)

        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(SEARCH_DELAY_MS)
        self._debounce.timeout.connect(self.run_search)
        self.search.textChanged.connect(self._on_search_text_changed)
        self.search.returnPressed.connect(self._on_search_return_pressed)
        self.new_button.clicked.connect(self.new_patient)
        self.edit_button.clicked.connect(self.edit_patient)
        QShortcut(QKeySequence.StandardKey.New, self, self.new_patient)
        QShortcut(QKeySequence("Ctrl+E"), self, self.edit_patient)
        QShortcut(QKeySequence("F2"), self, self.edit_patient)
        QShortcut(QKeySequence.StandardKey.Find, self, self.focus_search)
        self._retranslate()
        self.setFocusProxy(self.search)

    # -- search ----------------------------------------------------------------------

    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    def _on_search_text_changed(self, _text: str) -> None:
        self._debounce.start()

    def _on_search_return_pressed(self) -> None:
        # Enter in the search box: go to the results, first row selected.
        if self.model.rowCount() > 0:
            self.table.setFocus()
            self.table.selectRow(0)

    def run_search(self) -> None:
        self._debounce.stop()
        self._search_seq += 1
        self._runner.start(self._search(self._search_seq, self.search.text()))

    async def _search(self, seq: int, text: str) -> None:
        # One more than shown tells whether the list is complete.
        patients = await self._service.search(text, SEARCH_LIMIT + 1)
        if seq != self._search_seq:
            return  # a newer keystroke already asked again
        self._more = len(patients) > SEARCH_LIMIT
        patients = patients[:SEARCH_LIMIT]
        selected = self.chart.patient.id if self.chart.patient else None
        self.model.set_patients(patients)
        self._last_count = len(patients)
        self._last_text = text
        self._show_count()
        if selected is not None and (row := self.model.row_of(selected)) >= 0:
            self.table.selectRow(row)
        self.error_label.setVisible(False)
        self.list_did_load.emit(len(patients))

    def _show_count(self) -> None:
        n = self._last_count
        if not self._last_text.strip():
            text = (
                self.tr("Les {n} premiers patients par ordre alphabétique").format(n=n)
                if self._more
                else self.tr("{n} patient(s)").format(n=n)
            )
        elif n == 0:
            text = self.tr("Aucun patient ne correspond. Ctrl+N pour en créer un.")
        elif self._more:
            text = self.tr("Plus de {n} patients : précisez la recherche.").format(n=n)
        else:
            text = self.tr("{n} patient(s) trouvé(s)").format(n=n)
        self.count_label.setText(text)

    # -- chart -----------------------------------------------------------------------

    def _on_table_activated(self, index: QModelIndex) -> None:
        patient = self.model.patient_at(index.row())
        if patient is not None:
            self.open_chart(patient.id)

    def open_chart(self, patient_id: str) -> None:
        self._runner.start(self._open_chart(patient_id))

    async def _open_chart(self, patient_id: str) -> None:
        patient = await self._service.open_chart(patient_id)
        self.show_patient(patient)
        self.patient_did_open.emit(patient)

    def show_patient(self, patient: Patient | None) -> None:
        self.chart.set_patient(patient)
        self.edit_button.setEnabled(patient is not None)
        if patient is None:
            self.table.clearSelection()

    # -- create and edit -------------------------------------------------------------

    def new_patient(self) -> None:
        self._open_dialog(None)

    def edit_patient(self) -> None:
        if self.chart.patient is not None:
            self._open_dialog(self.chart.patient)

    def _open_dialog(self, base: Patient | None) -> None:
        if self.dialog is not None:
            self.dialog.raise_()
            return
        self.dialog = PatientEditDialog(self._save, base, self._default_system, self)
        self.dialog.patient_did_save.connect(self._on_dialog_patient_did_save)
        self.dialog.finished.connect(self._on_dialog_finished)
        self.dialog.open()

    async def _save(self, draft: PatientDraft, base: Patient | None) -> Patient:
        patient, changes = await self._service.save(draft, base)
        self.changes_did_happen.emit(changes)
        return patient

    def _on_dialog_patient_did_save(self, patient: Patient) -> None:
        self.show_patient(patient)
        self.patient_did_open.emit(patient)
        self.run_search()

    def _on_dialog_finished(self, _result: int) -> None:
        if self.dialog is not None:
            self.dialog.deleteLater()
        self.dialog = None

    def on_changes(self, changes: ChangeSet) -> None:
        """Redraw when patients changed elsewhere (sync, another view)."""
        if changes.touches("Patient"):
            self.run_search()

    def _on_task_failed(self, exc: BaseException) -> None:
        self.error_label.setText(
            self.tr(
                "Les données n'ont pas pu être lues ({kind}). Réessayez ; si cela persiste, "
                "redémarrez Cabinet."
            ).format(kind=type(exc).__name__)
        )
        self.error_label.setVisible(True)

    def _retranslate(self) -> None:
        self._title.setText(self.tr("Patients"))
        self.search.setPlaceholderText(
            self.tr("Rechercher : nom, date de naissance (jj/mm/aaaa) ou INS — Ctrl+F")
        )
        self.new_button.setText(self.tr("Nouveau patient (Ctrl+N)"))
        self.edit_button.setText(self.tr("Modifier l'identité (Ctrl+E)"))
        self.model.retranslate()
        self._show_count()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        super().changeEvent(event)
