"""The status bar: sync state, who is logged in (and the card), network."""

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QStatusBar, QWidget

from ui.styled_label import StyledLabel


class StatusBarWidget(QStatusBar):
    """Three permanent labels, updated by the composition root."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.sync_label = StyledLabel("syncStatus")
        self.user_label = StyledLabel("userStatus")
        self.network_label = StyledLabel("networkStatus")
        self.addPermanentWidget(self.sync_label, 2)
        self.addPermanentWidget(self.user_label, 2)
        self.addPermanentWidget(self.network_label, 1)
        self._pending: int | None = None
        self._user: tuple[str, bool] | None = None
        self._network = "unknown"
        self._opening = True
        self._retranslate()

    def set_pending(self, pending: int | None) -> None:
        """Changes waiting for a server; None while the store is not open."""
        self._opening = False
        self._pending = pending
        self._retranslate()

    def set_user(self, name: str | None, *, demo: bool) -> None:
        self._user = None if name is None else (name, demo)
        self._retranslate()

    def set_network(self, state: str) -> None:
        """``online``, ``local`` (no internet, the practice network still there),
        ``offline`` or ``unknown``."""
        self._network = state
        self._retranslate()

    def _retranslate(self) -> None:
        if self._opening:
            sync = self.tr("Synchronisation : ouverture des données…")
        elif self._pending is None:
            sync = self.tr("Synchronisation : données verrouillées")
        else:
            # No server yet: say so plainly, with what waits to be sent.
            sync = self.tr(
                "Synchronisation : aucun serveur — {n} modification(s) en attente"
            ).format(n=self._pending)
        self.sync_label.setText(sync)
        if self._user is None:
            user = self.tr("Non connecté")
        elif self._user[1]:
            user = self.tr("{name} — connexion de démonstration").format(name=self._user[0])
        else:
            user = self.tr("{name} — carte CPS : non lue").format(name=self._user[0])
        self.user_label.setText(user)
        self.network_label.setText(
            {
                "online": self.tr("Réseau : connecté"),
                "local": self.tr("Réseau : local seulement"),
                "offline": self.tr("Réseau : hors ligne"),
            }.get(self._network, self.tr("Réseau : inconnu"))
        )

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        super().changeEvent(event)
