"""Adapts the holders of one Carte Vitale to a Qt table: rank, name, birth, NIR, its key."""

from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QColor

from app.domain.vitale_beneficiary import VitaleBeneficiary
from ui.front_desk.beneficiary_text import BeneficiaryText

Index = QModelIndex | QPersistentModelIndex
COLUMNS = ("rank", "name", "birth", "nir", "check")
# The stylesheet's error red (QLabel#fieldError): item text is not reached by it.
ERROR_COLOUR = QColor("#b42318")


class BeneficiaryListModel(QAbstractTableModel):
    """Read-only rows in card order; a NIR whose key is wrong is flagged in red."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._holders: tuple[VitaleBeneficiary, ...] = ()

    def set_beneficiaries(self, holders: tuple[VitaleBeneficiary, ...]) -> None:
        self.beginResetModel()
        self._holders = tuple(holders)
        self.endResetModel()

    def beneficiary_at(self, row: int) -> VitaleBeneficiary | None:
        return self._holders[row] if 0 <= row < len(self._holders) else None

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._holders)

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
            "rank": QCoreApplication.translate("BeneficiaryListModel", "Rang"),
            "name": QCoreApplication.translate("BeneficiaryListModel", "Nom et prénom"),
            "birth": QCoreApplication.translate("BeneficiaryListModel", "Date de naissance"),
            "nir": QCoreApplication.translate("BeneficiaryListModel", "NIR"),
            "check": "",
        }[COLUMNS[section]]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._holders):
            return None
        b = self._holders[index.row()]
        column = COLUMNS[index.column()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return self._display(b, column)
        if role == Qt.ItemDataRole.UserRole:
            return b
        if role == Qt.ItemDataRole.ForegroundRole and column in ("nir", "check"):
            return None if b.nir_key_valid else ERROR_COLOUR
        if role == Qt.ItemDataRole.ToolTipRole and column == "rank":
            return self._rank_tip(b)
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

    def retranslate(self) -> None:
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(COLUMNS) - 1)
        if self._holders:
            self.dataChanged.emit(
                self.index(0, 0), self.index(len(self._holders) - 1, len(COLUMNS) - 1)
            )
