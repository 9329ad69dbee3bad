"""The honest panel of a section that is not built yet: no fake data."""

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QWidget

from ui.shell.centered_column import CenteredColumn
from ui.styled_label import StyledLabel


class ComingSoonView(CenteredColumn):
    """Says « bientôt disponible » and what the section will do."""

    def __init__(self, title: str, description: str, parent: QWidget | None = None) -> None:
        super().__init__(560, parent)
        # Title and description come translated; the frame around them is ours.
        self._section = title
        self._description = description
        self._title = StyledLabel("comingSoonTitle", wrap=True)
        self._text = StyledLabel("comingSoonText", wrap=True)
        self.add(self._title)
        self.add(self._text)
        self._retranslate()

    def set_texts(self, title: str, description: str) -> None:
        self._section = title
        self._description = description
        self._retranslate()

    def _retranslate(self) -> None:
        self._title.setText(self.tr("{section} — bientôt disponible").format(section=self._section))
        self._text.setText(self._description)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        super().changeEvent(event)
