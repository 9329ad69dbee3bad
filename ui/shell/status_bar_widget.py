"""The status bar: server, sync state and conflicts, who is logged in (and the card), network.

Until a sync engine is attached (:meth:`StatusBarWidget.set_sync_status`), the sync part
only counts the changes waiting in the outbox (:meth:`StatusBarWidget.set_pending`).
"""

from datetime import datetime

from PySide6.QtCore import QEvent, QLocale, Signal
from PySide6.QtWidgets import QStatusBar, QToolButton, QWidget

from app.domain.sync_status import SyncPhase, SyncStatus
from app.ports.server_state import ServerState
from ui.styled_label import StyledLabel

# The sync label's « state » property, for the stylesheet: calm, working, or needing eyes.
_STATES = {
    SyncPhase.STARTING: "busy",
    SyncPhase.SYNCING: "busy",
    SyncPhase.IDLE: "ok",
    SyncPhase.OFFLINE: "offline",
    SyncPhase.REFUSED: "error",
}


class StatusBarWidget(QStatusBar):
    """Permanent labels, updated by the composition root; two buttons ask for actions."""

    sync_now_requested = Signal()
    conflicts_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.server_label = StyledLabel("serverStatus")
        self.sync_label = StyledLabel("syncStatus")
        self.sync_button = QToolButton()
        self.sync_button.setObjectName("syncNow")
        self.sync_button.setAutoRaise(True)
        self.sync_button.setVisible(False)
        self.sync_button.clicked.connect(self.sync_now_requested)
        self.conflicts_button = QToolButton()
        self.conflicts_button.setObjectName("conflictBadge")
        self.conflicts_button.setAutoRaise(True)
        self.conflicts_button.setVisible(False)
        self.conflicts_button.clicked.connect(self.conflicts_requested)
        self.user_label = StyledLabel("userStatus")
        self.network_label = StyledLabel("networkStatus")
        self.addPermanentWidget(self.server_label, 2)
        self.addPermanentWidget(self.sync_label, 2)
        self.addPermanentWidget(self.sync_button)
        self.addPermanentWidget(self.conflicts_button)
        self.addPermanentWidget(self.user_label, 2)
        self.addPermanentWidget(self.network_label, 1)
        self._pending: int | None = None
        self._sync: SyncStatus | None = None
        self._conflicts: int | None = None
        self._user: tuple[str, bool, bool] | None = None
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

    def set_sync_status(self, status: SyncStatus) -> None:
        """What the sync engine reports; from then on it says what the sync label shows."""
        self._sync = status
        self._retranslate()

    def set_conflict_count(self, count: int) -> None:
        """Open conflicts as the conflict service counts them (newer than the sync status)."""
        self._conflicts = count
        self._retranslate()

    def set_sync_available(self, available: bool) -> None:
        """Show the « Synchroniser » button once there is something to ask."""
        self.sync_button.setVisible(available)

    def set_user(self, name: str | None, *, demo: bool, by_ecps: bool = False) -> None:
        """Who is logged in and how: their CPS card (the demo's simulated one) or e-CPS."""
        self._user = None if name is None else (name, demo, by_ecps)
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
        tip = ""
        state = "busy"
        if self._opening and self._sync is None:
            sync = self.tr("Synchronisation : ouverture des données…")
        elif self._pending is None and not self._opening:
            sync = self.tr("Synchronisation : données verrouillées")
            state = "error"
        elif self._sync is None:
            # No sync engine attached yet (the server is starting, or none is running):
            # say so plainly, with what waits to be sent.
            sync = self.tr(
                "Synchronisation : pas encore démarrée — {n} modification(s) en attente"
            ).format(n=self._pending)
        else:
            sync, tip = self._sync_texts(self._sync)
            state = _STATES[self._sync.phase]
        self.sync_label.setText(sync)
        self.sync_label.setToolTip(tip)
        if self.sync_label.property("state") != state:
            self.sync_label.setProperty("state", state)
            self.sync_label.style().unpolish(self.sync_label)
            self.sync_label.style().polish(self.sync_label)
        self.sync_button.setText(self.tr("Synchroniser"))
        self.sync_button.setToolTip(self.tr("Synchroniser maintenant (F5)"))
        conflicts = self.conflict_count
        self.conflicts_button.setVisible(conflicts > 0)
        self.conflicts_button.setText(
            self.tr("1 conflit à résoudre")
            if conflicts == 1
            else self.tr("{n} conflits à résoudre").format(n=self._number(conflicts))
        )
        self.conflicts_button.setToolTip(
            self.tr(
                "Des fiches ont été modifiées ici et sur un autre poste aux mêmes endroits. "
                "Cliquez, ou Ctrl+6, pour choisir les versions à garder."
            )
        )
        self.server_label.setText(self._server_text())
        if self._user is None:
            user = self.tr("Non connecté")
        elif self._user[2]:
            user = self.tr("{name} — connecté(e) par e-CPS").format(name=self._user[0])
        elif self._user[1]:
            user = self.tr("{name} — carte CPS de démonstration").format(name=self._user[0])
        else:
            user = self.tr("{name} — carte CPS").format(name=self._user[0])
        self.user_label.setText(user)
        self.network_label.setText(
            {
                "online": self.tr("Réseau : connecté"),
                "local": self.tr("Réseau : local seulement"),
                "offline": self.tr("Réseau : hors ligne"),
            }.get(self._network, self.tr("Réseau : inconnu"))
        )

    @property
    def conflict_count(self) -> int:
        if self._conflicts is not None:
            return self._conflicts
        return self._sync.conflicts if self._sync is not None else 0

    def _sync_texts(self, s: SyncStatus) -> tuple[str, str]:
        """The label and its tooltip for one sync status."""
        last = self._when(s.last_sync)
        if s.phase is SyncPhase.STARTING:
            return self.tr("Synchronisation : démarrage…"), ""
        if s.phase is SyncPhase.SYNCING and s.progress is not None:
            done, total = s.progress
            tip = self.tr(
                "Les fiches du cabinet sont copiées sur ce poste. Vous pouvez travailler "
                "pendant ce temps."
            )
            if total is None:
                return self.tr("Première synchronisation : {done} fiches reçues").format(
                    done=self._number(done)
                ), tip
            return self.tr("Première synchronisation : {done} / {total}").format(
                done=self._number(done), total=self._number(total)
            ), tip
        if s.phase is SyncPhase.SYNCING:
            return self.tr("Synchronisation…"), self.tr("Échange en cours avec le serveur.")
        if s.phase is SyncPhase.OFFLINE:
            tip = self.tr(
                "Le serveur ne répond pas. Vous pouvez continuer à travailler : les "
                "modifications sont enregistrées sur ce poste et seront envoyées dès que le "
                "serveur répondra."
            )
            if last:
                tip += " " + self.tr("Dernière synchronisation : {when}.").format(when=last)
            return self.tr("Hors ligne — {pending}").format(pending=self._pending_text(s)), tip
        if s.phase is SyncPhase.REFUSED:
            return self.tr("Le serveur refuse la connexion"), self.tr(
                "Le serveur répond mais refuse ce poste (autorisation expirée ou retirée). "
                "Vos modifications restent enregistrées sur ce poste. Prévenez la personne "
                "qui administre le serveur du cabinet."
            )
        tip = self.tr("Ce poste est à jour avec le serveur. F5 pour synchroniser maintenant.")
        if not last:
            return self.tr("Pas encore synchronisé"), tip
        text = self.tr("Synchronisé {when}").format(when=last)
        if s.pending:
            text = self.tr("{synced} — {pending}").format(
                synced=text, pending=self._pending_text(s)
            )
        return text, tip

    def _pending_text(self, s: SyncStatus) -> str:
        if s.pending == 0:
            return self.tr("rien en attente")
        if s.pending == 1:
            return self.tr("1 modification en attente")
        return self.tr("{n} modifications en attente").format(n=self._number(s.pending))

    def _when(self, moment: datetime | None) -> str:
        """« à 14:32 » today, « le 11/03/2026 à 18:05 » before."""
        if moment is None:
            return ""
        local = moment.astimezone()
        if local.date() == datetime.now().astimezone().date():
            return self.tr("à {time}").format(time=f"{local:%H:%M}")
        return self.tr("le {date} à {time}").format(date=f"{local:%d/%m/%Y}", time=f"{local:%H:%M}")

    @staticmethod
    def _number(n: int) -> str:
        """3 400 in French, 3,400 in English."""
        return QLocale().toString(n)

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
