"""The waiting room as a table: who, their appointment's time, how long they have waited."""

from datetime import datetime
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, Qt
from PySide6.QtGui import QColor

from app.domain.appointment import Appointment
from ui.rows_table_model import RowsTableModel

WaitingRow = tuple[Appointment, datetime]
# Past this wait the row turns amber, then red: the desk checks on the patient.
LONG_WAIT_MIN = 20
VERY_LONG_WAIT_MIN = 40
AMBER = QColor("#b54708")
RED = QColor("#b42318")


class WaitingRoomModel(RowsTableModel[WaitingRow]):
    """Rows in order of arrival; :meth:`set_now` moves the clock the waits are read on."""

    columns = ("patient", "appointment", "waited")

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._now: datetime | None = None

    def set_now(self, now: datetime) -> None:
        self._now = now
        if self.rows:
            column = self.columns.index("waited")
            self.dataChanged.emit(self.index(0, column), self.index(len(self.rows) - 1, column))

    def waited_minutes(self, row: WaitingRow) -> int:
        if self._now is None:
            return 0
        return max(0, int((self._now - row[1]).total_seconds() // 60))

    def header(self, column: str) -> str:
        return {
            "patient": QCoreApplication.translate("WaitingRoomModel", "Patient"),
            "appointment": QCoreApplication.translate("WaitingRoomModel", "RDV"),
            "waited": QCoreApplication.translate("WaitingRoomModel", "Attend depuis"),
        }[column]

    def cell(self, item: WaitingRow, column: str, role: int) -> Any:
        appointment, _arrived = item
        if role == Qt.ItemDataRole.DisplayRole:
            if column == "patient":
                return appointment.patient_name
            if column == "appointment":
                return appointment.start.strftime("%H:%M")
            return QCoreApplication.translate("WaitingRoomModel", "{n} min").format(
                n=self.waited_minutes(item)
            )
        if role == Qt.ItemDataRole.UserRole:
            return appointment.id
        if role == Qt.ItemDataRole.ForegroundRole and column == "waited":
            waited = self.waited_minutes(item)
            if waited >= VERY_LONG_WAIT_MIN:
                return RED
            if waited >= LONG_WAIT_MIN:
                return AMBER
        if role == Qt.ItemDataRole.TextAlignmentRole and column != "patient":
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None
