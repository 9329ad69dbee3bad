"""Adapts a list of patients (search results) to a Qt table."""

from datetime import date
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)

from app.domain.patient import Patient
from ui.date_text import DateText

Index = QModelIndex | QPersistentModelIndex
COLUMNS = ("name", "given", "birth", "age", "sex", "ins")


class PatientListModel(QAbstractTableModel):
    """Read-only rows; the view replaces them wholesale on each search."""

    def __init__(self, parent: QObject | None = None, today: date | None = None) -> None:
        super().__init__(parent)
        self._patients: list[Patient] = []
        self._today = today

    def set_patients(self, patients: list[Patient]) -> None:
        self.beginResetModel()
        self._patients = list(patients)
        self.endResetModel()

    def patient_at(self, row: int) -> Patient | None:
        return self._patients[row] if 0 <= row < len(self._patients) else None

    def row_of(self, patient_id: str) -> int:
        return next((i for i, p in enumerate(self._patients) if p.id == patient_id), -1)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._patients)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        if not 0 <= section < len(COLUMNS):
            return None
        return {
            "name": QCoreApplication.translate("PatientListModel", "Nom"),
            "given": QCoreApplication.translate("PatientListModel", "Prénom(s)"),
            "birth": QCoreApplication.translate("PatientListModel", "Naissance"),
            "age": QCoreApplication.translate("PatientListModel", "Âge"),
            "sex": QCoreApplication.translate("PatientListModel", "Sexe"),
            "ins": QCoreApplication.translate("PatientListModel", "INS"),
        }[COLUMNS[section]]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._patients):
            return None
        p = self._patients[index.row()]
        column = COLUMNS[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(p, column)
        if role == Qt.ItemDataRole.UserRole:
            return p.id
        if role == Qt.ItemDataRole.TextAlignmentRole and column == "age":
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def _display(self, p: Patient, column: str) -> str:
        if column == "name":
            return p.family.upper()
        if column == "given":
            return p.given
        if column == "birth":
            if p.birth_date is None:
                return ""
            return DateText.short(p.birth_date)
        if column == "age":
            age = p.age_on(self._today or date.today())
            return (
                ""
                if age is None
                else QCoreApplication.translate("PatientListModel", "{n} ans").format(n=age)
            )
        if column == "sex":
            return {
                "female": QCoreApplication.translate("PatientListModel", "F"),
                "male": QCoreApplication.translate("PatientListModel", "M"),
                "other": QCoreApplication.translate("PatientListModel", "Autre"),
            }.get(p.gender, "")
        return p.ins.formatted() if p.ins else ""

    def retranslate(self) -> None:
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(COLUMNS) - 1)
        if self._patients:
            self.dataChanged.emit(
                self.index(0, 0), self.index(len(self._patients) - 1, len(COLUMNS) - 1)
            )
