"""The status bar: server, sync state, who is logged in (and the card), network."""

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QStatusBar, QWidget

from app.ports.server_state import ServerState
from ui.styled_label import StyledLabel


class StatusBarWidget(QStatusBar):
    """Permanent labels, updated by the composition root."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.server_label = StyledLabel("serverStatus")
        self.sync_label = StyledLabel("syncStatus")
        self.user_label = StyledLabel("userStatus")
        self.network_label = StyledLabel("networkStatus")
        self.addPermanentWidget(self.server_label, 2)
        self.addPermanentWidget(self.sync_label, 2)
        self.addPermanentWidget(self.user_label, 2)
        self.addPermanentWidget(self.network_label, 1)
        self._pending: int | None = None
        self._user: tuple[str, bool] | None = None
        self._network = "unknown"
        self._server: tuple[ServerState, int] | None = None
        self._remote: str | None = None
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

    def set_server(self, state: ServerState, restarts: int = 0) -> None:
        """The embedded backend's state; a restart is also announced for a while."""
        previous = self._server[0] if self._server else None
        self._server = (state, restarts)
        self._retranslate()
        if state is ServerState.RESTARTING and previous is not ServerState.RESTARTING:
            self.showMessage(
                self.tr(
                    "Le serveur intégré s'est arrêté de façon inattendue ; il redémarre. "
                    "Vos données sont conservées sur ce poste."
                ),
                15000,
            )

    def set_remote_server(self, address: str) -> None:
        self._remote = address
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
            # Sync is not built yet: say so plainly, with what waits to be sent.
            sync = self.tr("Synchronisation : à venir — {n} modification(s) en attente").format(
                n=self._pending
            )
        self.sync_label.setText(sync)
        self.server_label.setText(self._server_text())
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

    def _server_text(self) -> str:
        if self._remote is not None:
            return self.tr("Serveur : {address}").format(address=self._remote)
        if self._server is None:
            return self.tr("Serveur intégré : en attente")
        state, restarts = self._server
        if state is ServerState.RUNNING and restarts:
            return self.tr("Serveur intégré : en marche (redémarré {n} fois)").format(n=restarts)
        return {
            ServerState.STARTING: self.tr("Serveur intégré : démarrage…"),
            ServerState.RUNNING: self.tr("Serveur intégré : en marche"),
            ServerState.RESTARTING: self.tr("Serveur intégré : redémarrage après un arrêt…"),
            ServerState.FAILED: self.tr(
                "Serveur intégré : ne démarre pas — vos données restent sur ce poste"
            ),
            ServerState.STOPPED: self.tr("Serveur intégré : arrêté"),
        }[state]

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        super().changeEvent(event)
