"""The login screen's one status line: a round badge with a glyph, a sentence, advice."""

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout, QWidget

from ui.login.status_severity import StatusSeverity
from ui.styled_label import StyledLabel


class StatusLineWidget(QWidget):
    """``show_status(severity, title, advice)``; the advice line hides when empty."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.badge = StyledLabel("loginStatusBadge")
        self.badge.setFixedSize(28, 28)
        self.badge.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.title = StyledLabel("loginStatusTitle", wrap=True)
        self.advice = StyledLabel("loginStatusAdvice", wrap=True)
        text = QVBoxLayout()
        text.setContentsMargins(0, 0, 0, 0)
        text.setSpacing(4)
        text.addWidget(self.title)
        text.addWidget(self.advice)
        badge_column = QVBoxLayout()
        badge_column.setContentsMargins(0, 0, 0, 0)
        badge_column.addWidget(self.badge)
        badge_column.addStretch(1)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(12)
        row.addLayout(badge_column)
        row.addLayout(text, 1)
        self.severity = StatusSeverity.INFO
        self._set_severity(StatusSeverity.INFO)

    def show_status(self, severity: StatusSeverity, title: str, advice: str = "") -> None:
        if severity is not self.severity:
            self._set_severity(severity)
        self.title.setText(title)
        self.advice.setText(advice)
        self.advice.setVisible(bool(advice))

    def _set_severity(self, severity: StatusSeverity) -> None:
        self.severity = severity
        self.badge.setText(severity.glyph)
        for label in (self.badge, self.title):
            label.setProperty("severity", severity.value)
            label.style().unpolish(label)
            label.style().polish(label)

    @property
    def text(self) -> str:
        """Title and advice, as read aloud."""
        return f"{self.title.text()}\n{self.advice.text()}".strip()
