"""The PIN field: four digits, masked, never kept anywhere but in the field itself."""

from PySide6.QtCore import QRegularExpression, Qt
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import QLineEdit, QWidget

PIN_LENGTH = 4


class PinLineEdit(QLineEdit):
    """Digits only, at most four, shown as dots; no drag, context menu or prediction."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("pinField")
        self.setMaxLength(PIN_LENGTH)
        self.setValidator(
            QRegularExpressionValidator(QRegularExpression(f"[0-9]{{0,{PIN_LENGTH}}}"), self)
        )
        self.setEchoMode(QLineEdit.EchoMode.Password)
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setInputMethodHints(
            Qt.InputMethodHint.ImhDigitsOnly
            | Qt.InputMethodHint.ImhHiddenText
            | Qt.InputMethodHint.ImhSensitiveData
            | Qt.InputMethodHint.ImhNoPredictiveText
        )
        # No menu offering to copy or paste it (``clear`` after an attempt also drops the
        # undo history, so the PIN cannot be brought back either).
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.NoContextMenu)
        self.setDragEnabled(False)

    @property
    def complete(self) -> bool:
        """Exactly four digits typed."""
        text = self.text()
        return len(text) == PIN_LENGTH and text.isdigit()
