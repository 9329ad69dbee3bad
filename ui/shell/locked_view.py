"""Shown instead of every section while the store stays locked."""

from pathlib import Path

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import QWidget

from app.store.lock_reason import LockReason
from ui.lock_messages import LockMessages
from ui.shell.centered_column import CenteredColumn
from ui.styled_label import StyledLabel


class LockedView(CenteredColumn):
    """What happened, what to do, and which file (for the support), never a secret."""

    def __init__(self, reason: LockReason, path: Path, parent: QWidget | None = None) -> None:
        super().__init__(640, parent)
        self.reason = reason
        self._path = path
        self._title = StyledLabel("lockedTitle", wrap=True)
        self._text = StyledLabel("lockedText", wrap=True)
        self._file = StyledLabel("lockedFile", wrap=True)
        self._file.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.add(self._title)
        self.add(self._text)
        self.add(self._file)
        self._retranslate()

    @property
    def message(self) -> str:
        return f"{self._title.text()}\n{self._text.text()}"

    def _retranslate(self) -> None:
        self._title.setText(LockMessages.title(self.reason))
        self._text.setText(LockMessages.explanation(self.reason))
        # Zero-width spaces after slashes let a long path wrap.
        shown = str(self._path).replace("/", "/\u200b")
        self._file.setText(self.tr("Fichier concerné : {path}").format(path=shown))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        super().changeEvent(event)
