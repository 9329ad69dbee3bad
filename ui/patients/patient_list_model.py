"""Adapts a list of patients (search results) to a Qt table."""

from datetime import date
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, Qt

from app.domain.patient import Patient
from ui.date_text import DateText
from ui.rows_table_model import RowsTableModel


class PatientListModel(RowsTableModel[Patient]):
    """Read-only rows; the view replaces them wholesale on each search."""

    columns = ("name", "given", "birth", "age", "sex", "ins")

    def __init__(self, parent: QObject | None = None, today: date | None = None) -> None:
        super().__init__(parent)
        self._today = today

    def set_patients(self, patients: list[Patient]) -> None:
        self.set_rows(patients)

    def patient_at(self, row: int) -> Patient | None:
        return self.row_at(row)

    def row_of(self, patient_id: str) -> int:
        return next((i for i, p in enumerate(self.rows) if p.id == patient_id), -1)

    def header(self, column: str) -> str:
        return {
            "name": QCoreApplication.translate("PatientListModel", "Nom"),
            "given": QCoreApplication.translate("PatientListModel", "Prénom(s)"),
            "birth": QCoreApplication.translate("PatientListModel", "Naissance"),
            "age": QCoreApplication.translate("PatientListModel", "Âge"),
            "sex": QCoreApplication.translate("PatientListModel", "Sexe"),
            "ins": QCoreApplication.translate("PatientListModel", "INS"),
        }[column]

    def cell(self, item: Patient, column: str, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(item, column)
        if role == Qt.ItemDataRole.UserRole:
            return item.id
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
