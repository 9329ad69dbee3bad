"""Sentences of the login screen: the reader's situation, the PIN, the refusals, the lock,
and the e-CPS login (Pro Santé Connect).

Each says what happened and what to do, in a practitioner's words, never the reader's;
none ever holds the PIN.
"""

from PySide6.QtCore import QCoreApplication

from app.domain.card_error_reason import CardErrorReason
from app.domain.cps_identity import CpsIdentity
from app.domain.login_refused_reason import LoginRefusedReason
from app.domain.workstation_lock_reason import WorkstationLockReason
from ui.login.login_phase import LoginPhase


class LoginMessages:
    """Translated texts (context ``LoginMessages``)."""

    @staticmethod
    def typeset(text: str) -> str:
        """No line break inside guillemets' spacing (« \u00a0…\u00a0 ») nor inside
        « Pro Santé Connect »."""
        text = text.replace("Pro Santé Connect", "Pro\u00a0Santé\u00a0Connect")
        return text.replace("« ", "«\u00a0").replace(" »", "\u00a0»")

    @staticmethod
    def name(identity: CpsIdentity) -> str:
        """A practitioner's name that never breaks across two lines."""
        return identity.display_name.replace(" ", "\u00a0")

    @staticmethod
    def title(phase: LoginPhase) -> str:
        """The status line for a phase that needs no name nor reason (else empty)."""
        titles = {
            LoginPhase.NO_SERVICE: QCoreApplication.translate(
                "LoginMessages", "Service de carte à puce indisponible"
            ),
            LoginPhase.NO_READER: QCoreApplication.translate(
                "LoginMessages", "Aucun lecteur de carte détecté"
            ),
            LoginPhase.NO_CARD: QCoreApplication.translate(
                "LoginMessages", "Insérez votre carte CPS"
            ),
            LoginPhase.UNKNOWN_CARD: QCoreApplication.translate(
                "LoginMessages", "Carte non reconnue"
            ),
            LoginPhase.VITALE: QCoreApplication.translate(
                "LoginMessages", "Ceci est une Carte Vitale : insérez votre carte CPS"
            ),
            LoginPhase.CONTACTLESS: QCoreApplication.translate(
                "LoginMessages",
                "Carte CPS lue sans contact : posez-la dans le lecteur à contact "
                "(le sans-contact ne permet ni code ni signature)",
            ),
            LoginPhase.OPENING: QCoreApplication.translate("LoginMessages", "Lecture de la carte…"),
            LoginPhase.CHECKING: QCoreApplication.translate(
                "LoginMessages", "Vérification du code…"
            ),
            LoginPhase.BLOCKED: QCoreApplication.translate(
                "LoginMessages", "Carte bloquée : plus aucun essai"
            ),
            LoginPhase.ECPS: QCoreApplication.translate(
                "LoginMessages", "Connexion e-CPS en cours…"
            ),
        }
        return titles.get(phase, "")

    @staticmethod
    def advice(phase: LoginPhase) -> str:
        """What to do next in that phase, or why nothing is needed."""
        texts = {
            LoginPhase.NO_SERVICE: QCoreApplication.translate(
                "LoginMessages",
                "Le service qui fait fonctionner les lecteurs de cartes ne répond pas sur ce "
                "poste. Redémarrez l'ordinateur ; si cela persiste, contactez votre support "
                "informatique (service « Carte à puce » de Windows, pcscd sous Linux).",
            ),
            LoginPhase.NO_READER: QCoreApplication.translate(
                "LoginMessages",
                "Branchez le lecteur de cartes : il est reconnu dès qu'il est branché. S'il "
                "l'est déjà, débranchez-le puis rebranchez-le.",
            ),
            LoginPhase.NO_CARD: QCoreApplication.translate(
                "LoginMessages", "La lecture commence dès que la carte est dans le lecteur."
            ),
            LoginPhase.UNKNOWN_CARD: QCoreApplication.translate(
                "LoginMessages",
                "Vérifiez qu'il s'agit bien de votre carte CPS et qu'elle est insérée dans le "
                "bon sens, puce en avant.",
            ),
            LoginPhase.VITALE: QCoreApplication.translate(
                "LoginMessages",
                "Retirez la Carte Vitale du lecteur et insérez votre carte de professionnel "
                "de santé.",
            ),
            LoginPhase.CONTACTLESS: QCoreApplication.translate(
                "LoginMessages", "Insérez la carte dans la fente du lecteur, puce en avant."
            ),
            LoginPhase.OPENING: QCoreApplication.translate(
                "LoginMessages", "Laissez la carte dans le lecteur."
            ),
            LoginPhase.PIN: QCoreApplication.translate(
                "LoginMessages", "Saisissez le code PIN de votre carte (4 chiffres)."
            ),
            LoginPhase.CHECKING: QCoreApplication.translate(
                "LoginMessages", "Laissez la carte dans le lecteur."
            ),
            LoginPhase.BLOCKED: QCoreApplication.translate(
                "LoginMessages",
                "Débloquez-la avec son code PUK (outil de gestion des cartes CPS de l'ANS) ou "
                "contactez le service des cartes CPS de l'ANS. Cabinet n'enverra plus aucun "
                "code à cette carte.",
            ),
        }
        return texts.get(phase, "")

    @staticmethod
    def holder(name: str) -> str:
        """The status line once the card is read."""
        return QCoreApplication.translate("LoginMessages", "Carte CPS de {name}").format(name=name)

    @staticmethod
    def card_error_title(reason: CardErrorReason) -> str:
        titles = {
            CardErrorReason.REMOVED: QCoreApplication.translate(
                "LoginMessages", "Carte retirée pendant la lecture"
            ),
            CardErrorReason.UNREADABLE: QCoreApplication.translate(
                "LoginMessages", "La carte n'a pas pu être lue"
            ),
            CardErrorReason.NO_SERVICE: QCoreApplication.translate(
                "LoginMessages", "Service de carte à puce indisponible"
            ),
            CardErrorReason.NO_READER: QCoreApplication.translate(
                "LoginMessages", "Aucun lecteur de carte détecté"
            ),
        }
        return titles.get(
            reason, QCoreApplication.translate("LoginMessages", "La carte n'a pas pu être lue")
        )

    @staticmethod
    def card_error_advice(reason: CardErrorReason) -> str:
        texts = {
            CardErrorReason.REMOVED: QCoreApplication.translate(
                "LoginMessages",
                "Réinsérez-la et laissez-la dans le lecteur jusqu'à la fin de la connexion.",
            ),
            CardErrorReason.UNREADABLE: QCoreApplication.translate(
                "LoginMessages",
                "Retirez la carte, vérifiez que la puce est propre et réinsérez-la, puce en "
                "avant. Si cela se reproduit, la carte est peut-être abîmée : demandez-en une "
                "nouvelle à l'ANS.",
            ),
        }
        return texts.get(
            reason,
            QCoreApplication.translate(
                "LoginMessages",
                "Retirez la carte et réinsérez-la, ou cliquez sur « Relire la carte ».",
            ),
        )

    @staticmethod
    def failure(kind: str) -> str:
        """Something other than the card failed (the store, the audit...)."""
        return QCoreApplication.translate(
            "LoginMessages",
            "La connexion n'a pas abouti ({kind}). Réessayez ; si cela persiste, redémarrez "
            "Cabinet ou contactez votre support informatique.",
        ).format(kind=kind)

    @staticmethod
    def tries_left(n: int) -> str:
        if n == 1:
            return QCoreApplication.translate(
                "LoginMessages", "Dernier essai : la carte se bloque après un code erroné"
            )
        return QCoreApplication.translate("LoginMessages", "{n} essais restants").format(n=n)

    @staticmethod
    def wrong_pin(tries_left: int | None) -> str:
        if tries_left is None:
            return QCoreApplication.translate("LoginMessages", "Code incorrect")
        if tries_left == 1:
            return QCoreApplication.translate(
                "LoginMessages", "Code incorrect — dernier essai avant le blocage de la carte"
            )
        return QCoreApplication.translate(
            "LoginMessages", "Code incorrect — {n} essais restants"
        ).format(n=tries_left)

    @staticmethod
    def pin_format() -> str:
        return QCoreApplication.translate(
            "LoginMessages", "Le code PIN comporte exactement 4 chiffres"
        )

    @staticmethod
    def interrupted() -> str:
        """The card forgot the connection (a reset by another program) but is still there."""
        return QCoreApplication.translate(
            "LoginMessages",
            "La lecture de la carte a été interrompue : saisissez à nouveau votre code",
        )

    @staticmethod
    def refusal(reason: LoginRefusedReason, owner: str) -> str:
        """A PIN the card accepted, and still no session."""
        texts = {
            LoginRefusedReason.SERVER_REFUSED: QCoreApplication.translate(
                "LoginMessages",
                "Le serveur a refusé cette carte (certificat non reconnu, expiré ou révoqué). "
                "Contactez votre support informatique.",
            ),
            LoginRefusedReason.UNKNOWN_OFFLINE: QCoreApplication.translate(
                "LoginMessages",
                "Serveur injoignable et cette carte ne s'est jamais connectée sur ce poste : "
                "connexion hors ligne impossible. Réessayez quand le réseau sera revenu.",
            ),
            LoginRefusedReason.BAD_SIGNATURE: QCoreApplication.translate(
                "LoginMessages",
                "La carte n'a pas prouvé son identité (signature non conforme à son "
                "certificat) : connexion refusée. Réinsérez-la ; si cela se reproduit, "
                "contactez votre support informatique.",
            ),
            LoginRefusedReason.OTHER_PRACTITIONER: LoginMessages.owner_only(owner),
        }
        return texts[reason]

    @staticmethod
    def owner_only(owner: str) -> str:
        return QCoreApplication.translate(
            "LoginMessages", "Seule la carte de {owner} peut déverrouiller cette session"
        ).format(owner=owner)

    @staticmethod
    def other_card(holder: str, owner: str) -> str:
        return QCoreApplication.translate(
            "LoginMessages",
            "Cette carte est celle de {holder}. Retirez-la et insérez celle de {owner}.",
        ).format(holder=holder, owner=owner)

    @staticmethod
    def lock_title(owner: str) -> str:
        return QCoreApplication.translate(
            "LoginMessages", "Poste verrouillé — session de {owner}"
        ).format(owner=owner)

    @staticmethod
    def lock_reason(reason: WorkstationLockReason) -> str:
        texts = {
            WorkstationLockReason.CARD_REMOVED: QCoreApplication.translate(
                "LoginMessages", "La carte CPS a été retirée du lecteur."
            ),
            WorkstationLockReason.IDLE: QCoreApplication.translate(
                "LoginMessages", "Verrouillé automatiquement après une période sans activité."
            ),
            WorkstationLockReason.MANUAL: QCoreApplication.translate(
                "LoginMessages", "Verrouillé à la demande."
            ),
            WorkstationLockReason.NOT_LOGGED_IN: QCoreApplication.translate(
                "LoginMessages", "Session verrouillée."
            ),
            WorkstationLockReason.SESSION_ENDED: QCoreApplication.translate(
                "LoginMessages",
                "Votre session e-CPS a pris fin : reconnectez-vous avec votre carte CPS ou e-CPS.",
            ),
        }
        return texts[reason]

    @staticmethod
    def lock_advice(owner: str, *, ecps: bool = False) -> str:
        """Who unlocks; ``ecps`` when the e-CPS login is offered here too."""
        if ecps:
            return QCoreApplication.translate(
                "LoginMessages",
                "Seule la carte de {owner} (avec son code) ou son e-CPS le déverrouille. Le "
                "travail en cours est conservé.",
            ).format(owner=owner)
        return QCoreApplication.translate(
            "LoginMessages",
            "Seule la carte de {owner} le déverrouille, avec son code. Le travail en cours "
            "est conservé.",
        ).format(owner=owner)

    @staticmethod
    def ecps_advice(unlock: bool) -> str:
        """Where the practitioner finishes the e-CPS login while the screen waits."""
        if unlock:
            return QCoreApplication.translate(
                "LoginMessages",
                "Validez la demande sur votre téléphone (application e-CPS) ou dans la "
                "fenêtre de votre navigateur.",
            )
        return QCoreApplication.translate(
            "LoginMessages",
            "Terminez la connexion dans la fenêtre de votre navigateur (Pro Santé Connect), "
            "puis revenez ici.",
        )

    @staticmethod
    def ecps_refusal(reason: LoginRefusedReason, owner: str) -> str:
        """Why an e-CPS login opened no session, and what to do."""
        texts = {
            LoginRefusedReason.ECPS_CANCELLED: QCoreApplication.translate(
                "LoginMessages", "Connexion e-CPS annulée."
            ),
            LoginRefusedReason.ECPS_DENIED: QCoreApplication.translate(
                "LoginMessages",
                "Connexion e-CPS refusée (sur Pro Santé Connect ou dans l'application e-CPS).",
            ),
            LoginRefusedReason.ECPS_TIMED_OUT: QCoreApplication.translate(
                "LoginMessages",
                "La connexion e-CPS n'a pas été terminée à temps : recommencez.",
            ),
            LoginRefusedReason.ECPS_UNREACHABLE: QCoreApplication.translate(
                "LoginMessages",
                "Pro Santé Connect ou le serveur du cabinet ne répond pas : vérifiez la "
                "connexion Internet, ou utilisez votre carte CPS.",
            ),
            LoginRefusedReason.ECPS_UNAVAILABLE: QCoreApplication.translate(
                "LoginMessages",
                "Le serveur du cabinet n'accepte pas la connexion e-CPS : utilisez votre "
                "carte CPS.",
            ),
            LoginRefusedReason.ECPS_INVALID: QCoreApplication.translate(
                "LoginMessages",
                "La réponse de Pro Santé Connect n'a pas pu être vérifiée : recommencez ; si "
                "cela persiste, contactez votre support.",
            ),
            LoginRefusedReason.OTHER_PRACTITIONER: QCoreApplication.translate(
                "LoginMessages",
                "Cette session est celle de {owner} : seule sa carte CPS ou son e-CPS peut "
                "la déverrouiller.",
            ).format(owner=owner),
        }
        text = texts.get(reason)
        # SERVER_REFUSED, and the card-only reasons should a service ever give them here.
        return text if text is not None else LoginMessages.refusal(reason, owner)

    @staticmethod
    def logged_in(name: str) -> str:
        return QCoreApplication.translate("LoginMessages", "Connexion de {name}…").format(name=name)

    @staticmethod
    def demo(pin: str) -> str:
        return QCoreApplication.translate(
            "LoginMessages", "Démonstration — carte simulée, code PIN {pin}"
        ).format(pin=pin)
