"""Adapts the holders of one Carte Vitale to a Qt table: rank, name, birth, NIR, its key."""

from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QColor

from app.domain.vitale_beneficiary import VitaleBeneficiary
from ui.front_desk.beneficiary_text import BeneficiaryText
from ui.rows_table_model import RowsTableModel

# The stylesheet's error red (QLabel#fieldError): item text is not reached by it.
ERROR_COLOUR = QColor("#b42318")


class BeneficiaryListModel(RowsTableModel[VitaleBeneficiary]):
    """Read-only rows in card order; a NIR whose key is wrong is flagged in red."""

    columns = ("rank", "name", "birth", "nir", "check")

    def set_beneficiaries(self, holders: tuple[VitaleBeneficiary, ...]) -> None:
        self.set_rows(holders)

    def beneficiary_at(self, row: int) -> VitaleBeneficiary | None:
        return self.row_at(row)

    def header(self, column: str) -> str:
        return {
            "rank": QCoreApplication.translate("BeneficiaryListModel", "Rang"),
            "name": QCoreApplication.translate("BeneficiaryListModel", "Nom et prénom"),
            "birth": QCoreApplication.translate("BeneficiaryListModel", "Date de naissance"),
            "nir": QCoreApplication.translate("BeneficiaryListModel", "NIR"),
            "check": "",
        }[column]

    def cell(self, item: VitaleBeneficiary, column: str, role: int) -> Any:
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return self._display(item, column)
        if role == Qt.ItemDataRole.UserRole:
            return item
        if role == Qt.ItemDataRole.ForegroundRole and column in ("nir", "check"):
            return None if item.nir_key_valid else ERROR_COLOUR
        if role == Qt.ItemDataRole.ToolTipRole and column == "rank":
            return self._rank_tip(item)
        if role == Qt.ItemDataRole.TextAlignmentRole and column == "rank":
            return int(Qt.AlignmentFlag.AlignCenter)
        return None

    def _display(self, b: VitaleBeneficiary, column: str) -> str:
        if column == "rank":
            return str(b.rank)
        if column == "name":
            return BeneficiaryText.name(b)
        if column == "birth":
            return BeneficiaryText.birth(b)
        if column == "nir":
            return BeneficiaryText.nir(b)
        if b.nir_key_valid:
            return ""
        return "✗ " + QCoreApplication.translate(
            "BeneficiaryListModel", "Clé NIR incorrecte : vérifiez la carte"
        )

    @staticmethod
    def _rank_tip(b: VitaleBeneficiary) -> str:
        if b.rank == 1:
            return QCoreApplication.translate("BeneficiaryListModel", "L'assuré(e) de la carte")
        return QCoreApplication.translate(
            "BeneficiaryListModel", "Ayant droit de l'assuré(e) (enfant, conjoint…)"
        )
