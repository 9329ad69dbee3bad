"""Sentences a practitioner understands for each reason the store stays locked."""

from PySide6.QtCore import QCoreApplication

from app.store.lock_reason import LockReason


class LockMessages:
    """(title, explanation with what to do) for a :class:`LockReason`."""

    @staticmethod
    def title(reason: LockReason) -> str:
        titles = {
            LockReason.KEYRING_UNAVAILABLE: QCoreApplication.translate(
                "LockMessages", "Trousseau de clés du système inaccessible"
            ),
            LockReason.KEY_MISSING: QCoreApplication.translate(
                "LockMessages", "Clé de chiffrement introuvable"
            ),
            LockReason.WRONG_KEY: QCoreApplication.translate(
                "LockMessages", "Clé de chiffrement incorrecte"
            ),
            LockReason.CORRUPT: QCoreApplication.translate(
                "LockMessages", "Base de données endommagée ou modifiée"
            ),
            LockReason.NEWER_SCHEMA: QCoreApplication.translate(
                "LockMessages", "Cette version de Cabinet est trop ancienne"
            ),
            LockReason.UNREADABLE: QCoreApplication.translate(
                "LockMessages", "Base de données illisible"
            ),
        }
        return titles[reason]

    @staticmethod
    def explanation(reason: LockReason) -> str:
        texts = {
            LockReason.KEYRING_UNAVAILABLE: QCoreApplication.translate(
                "LockMessages",
                "Cabinet chiffre vos données avec une clé rangée dans le trousseau sécurisé "
                "de votre session (Trousseau GNOME, KWallet, Trousseau macOS ou Gestionnaire "
                "d'identification Windows). Ce trousseau ne répond pas. Ouvrez votre session "
                "normalement ou déverrouillez le trousseau, puis relancez Cabinet.",
            ),
            LockReason.KEY_MISSING: QCoreApplication.translate(
                "LockMessages",
                "Les données de ce profil existent, mais leur clé n'est pas dans le trousseau "
                "de cette session : vous êtes peut-être connecté avec un autre compte, ou le "
                "trousseau a été réinitialisé. Cabinet ne crée jamais une nouvelle base à la "
                "place de l'ancienne. Reconnectez-vous avec le bon compte ou contactez votre "
                "support informatique.",
            ),
            LockReason.WRONG_KEY: QCoreApplication.translate(
                "LockMessages",
                "La clé trouvée dans le trousseau n'ouvre pas les données de ce profil. "
                "Vérifiez que vous êtes connecté avec le bon compte, ou contactez votre "
                "support informatique.",
            ),
            LockReason.CORRUPT: QCoreApplication.translate(
                "LockMessages",
                "Le contrôle d'intégrité a échoué : le fichier a été endommagé ou modifié en "
                "dehors de Cabinet. Par sécurité, Cabinet ne l'ouvre pas et ne tente aucune "
                "réparation. Restaurez la dernière sauvegarde ou contactez votre support "
                "informatique.",
            ),
            LockReason.NEWER_SCHEMA: QCoreApplication.translate(
                "LockMessages",
                "Ces données ont été enregistrées par une version plus récente de Cabinet. "
                "Installez la dernière version de Cabinet sur ce poste.",
            ),
            LockReason.UNREADABLE: QCoreApplication.translate(
                "LockMessages",
                "La clé du trousseau n'ouvre pas ce fichier, ou le fichier est endommagé. "
                "Contactez votre support informatique.",
            ),
        }
        return (
            texts[reason]
            + " "
            + QCoreApplication.translate("LockMessages", "Vos données n'ont pas été modifiées.")
        )
