"""A section that is getting ready (opening the store, creating the demo data)."""

from PySide6.QtWidgets import QProgressBar, QWidget

from ui.shell.centered_column import CenteredColumn
from ui.styled_label import StyledLabel


class BusyView(CenteredColumn):
    """A sentence and an indeterminate progress bar."""

    def __init__(self, text: str, parent: QWidget | None = None) -> None:
        super().__init__(420, parent)
        self.label = StyledLabel("comingSoonText", text, wrap=True)
        bar = QProgressBar()
        bar.setRange(0, 0)
        self.add(self.label)
        self.add(bar)

    def set_text(self, text: str) -> None:
        self.label.setText(text)
