"""A label with a style role (its object name, which the stylesheet targets)."""

from PySide6.QtWidgets import QLabel, QWidget


class StyledLabel(QLabel):
    """``StyledLabel("fieldError", wrap=True)``: one line instead of four setters."""

    def __init__(
        self,
        role: str,
        text: str = "",
        *,
        wrap: bool = False,
        visible: bool = True,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(text, parent)
        self.setObjectName(role)
        self.setWordWrap(wrap)
        if not visible:
            self.setVisible(False)
