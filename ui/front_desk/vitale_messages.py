"""Sentences for each reason a Carte Vitale gives no holders, and for a refused creation.

Each says what happened and what to do, in the front desk's words, never the reader's.
"""

from PySide6.QtCore import QCoreApplication

from app.domain.card_error_reason import CardErrorReason
from app.domain.identifier_system import IdentifierSystem
from app.domain.nir import NirError
from app.domain.vitale_beneficiary import VitaleBeneficiary
from app.services.field_error import PatientInvalidError
from app.services.patient_draft import PatientDraft
from ui.field_messages import FieldMessages

# The systems a NIR read from a card can be stored under (FrontDeskService refuses others).
_CARD_SYSTEMS = frozenset(
    {IdentifierSystem.INS_NIR, IdentifierSystem.INS_NIR_TEST, IdentifierSystem.INS_NIR_DEMO}
)


class VitaleMessages:
    """Translated texts (context ``VitaleMessages``)."""

    @staticmethod
    def title(reason: CardErrorReason) -> str:
        """The one line that says what is going on (NO_CARD: the invitation to insert)."""
        titles = {
            CardErrorReason.NO_CARD: QCoreApplication.translate(
                "VitaleMessages", "Insérez la Carte Vitale du patient"
            ),
            CardErrorReason.VITALE_1: QCoreApplication.translate(
                "VitaleMessages",
                "Carte Vitale 1 : lecture possible uniquement avec le module SESAM-Vitale "
                "agréé, non installé sur ce poste",
            ),
            CardErrorReason.REMOVED: QCoreApplication.translate(
                "VitaleMessages", "Carte retirée pendant la lecture : réinsérez-la"
            ),
            CardErrorReason.UNREADABLE: QCoreApplication.translate(
                "VitaleMessages", "La Carte Vitale n'a pas pu être lue"
            ),
            CardErrorReason.NOT_VITALE: QCoreApplication.translate(
                "VitaleMessages", "Ceci n'est pas une Carte Vitale"
            ),
            CardErrorReason.NO_READER: QCoreApplication.translate(
                "VitaleMessages", "Aucun lecteur de cartes n'est branché"
            ),
            CardErrorReason.NO_SERVICE: QCoreApplication.translate(
                "VitaleMessages", "Le service de lecture des cartes ne répond pas"
            ),
            CardErrorReason.UNKNOWN_CARD: QCoreApplication.translate(
                "VitaleMessages", "Carte non reconnue"
            ),
        }
        return titles.get(
            reason,
            QCoreApplication.translate("VitaleMessages", "La Carte Vitale n'a pas pu être lue"),
        )

    @staticmethod
    def advice(reason: CardErrorReason) -> str:
        """What to do next, or why nothing is needed."""
        texts = {
            CardErrorReason.NO_CARD: QCoreApplication.translate(
                "VitaleMessages", "La lecture commence d'elle-même dès que la carte est insérée."
            ),
            CardErrorReason.VITALE_1: QCoreApplication.translate(
                "VitaleMessages",
                "Recherchez le patient par son nom dans la liste des patients, ou créez-le "
                "en recopiant la carte (Nouveau patient, Ctrl+N).",
            ),
            CardErrorReason.REMOVED: QCoreApplication.translate(
                "VitaleMessages",
                "Laissez la carte dans le lecteur jusqu'à l'affichage des bénéficiaires.",
            ),
            CardErrorReason.UNREADABLE: QCoreApplication.translate(
                "VitaleMessages",
                "Retirez la carte, vérifiez que la puce est propre et réinsérez-la, puce "
                "en avant. Si cela se reproduit, la carte est peut-être abîmée : le patient "
                "peut en demander une nouvelle à sa caisse d'assurance maladie.",
            ),
            CardErrorReason.NOT_VITALE: QCoreApplication.translate(
                "VitaleMessages",
                "Le lecteur contient une autre carte (une carte CPS, par exemple). "
                "Insérez la Carte Vitale du patient.",
            ),
            CardErrorReason.NO_READER: QCoreApplication.translate(
                "VitaleMessages",
                "Branchez le lecteur de cartes ; la lecture reprend d'elle-même. S'il est "
                "branché, débranchez-le puis rebranchez-le.",
            ),
            CardErrorReason.NO_SERVICE: QCoreApplication.translate(
                "VitaleMessages",
                "Le service « carte à puce » de ce poste est arrêté. Redémarrez le poste ; "
                "si cela persiste, contactez votre support informatique.",
            ),
            CardErrorReason.UNKNOWN_CARD: QCoreApplication.translate(
                "VitaleMessages",
                "Vérifiez qu'il s'agit bien de la Carte Vitale du patient et qu'elle est "
                "insérée dans le bon sens, puce en avant.",
            ),
        }
        return texts.get(
            reason,
            QCoreApplication.translate(
                "VitaleMessages", "Retirez la carte et réinsérez-la, puis cliquez sur Relire."
            ),
        )

    @staticmethod
    def failure(kind: str) -> str:
        """Something other than the card failed (the store, the audit...)."""
        return QCoreApplication.translate(
            "VitaleMessages",
            "La lecture n'a pas abouti ({kind}). Cliquez sur Relire ; si cela persiste, "
            "redémarrez Cabinet.",
        ).format(kind=kind)

    @staticmethod
    def match_failure(kind: str) -> str:
        return QCoreApplication.translate(
            "VitaleMessages",
            "La recherche du patient n'a pas abouti ({kind}). Choisissez à nouveau le "
            "bénéficiaire ; si cela persiste, redémarrez Cabinet.",
        ).format(kind=kind)

    @staticmethod
    def create_failure(
        exc: BaseException, beneficiary: VitaleBeneficiary, system: IdentifierSystem
    ) -> str:
        """Why the patient was not created, from what the service refused.

        The service's own message is English and for logs; the sentence is chosen from
        the kind of refusal and from what the card holds, never from that message.
        """
        if isinstance(exc, PatientInvalidError):
            reasons = [FieldMessages.text(e.problem) for e in exc.errors]
            return " ".join(
                [
                    QCoreApplication.translate(
                        "VitaleMessages", "Le patient n'a pas été créé : la carte est incohérente."
                    ),
                    *dict.fromkeys(reasons),
                    QCoreApplication.translate(
                        "VitaleMessages",
                        "Vérifiez la carte avec le patient et créez-le depuis la liste des "
                        "patients (Ctrl+N).",
                    ),
                ]
            )
        if isinstance(exc, NirError):
            return " ".join(
                [
                    QCoreApplication.translate(
                        "VitaleMessages", "Le patient n'a pas été créé : NIR refusé."
                    ),
                    FieldMessages.text(PatientDraft.nir_problem(exc.problem)),
                ]
            )
        if not beneficiary.nir_key_valid:
            return QCoreApplication.translate(
                "VitaleMessages",
                "Le patient n'a pas été créé : la clé du NIR lu sur la carte est incorrecte. "
                "Vérifiez la carte.",
            )
        if not beneficiary.surname.strip() or not beneficiary.first_name.strip():
            return QCoreApplication.translate(
                "VitaleMessages",
                "Le patient n'a pas été créé : la carte ne porte pas de nom pour ce "
                "bénéficiaire. Créez-le depuis la liste des patients (Ctrl+N).",
            )
        if isinstance(exc, ValueError) and system not in _CARD_SYSTEMS:
            return QCoreApplication.translate(
                "VitaleMessages",
                "Le patient n'a pas été créé : ce poste n'est pas réglé pour enregistrer un "
                "NIR lu sur une Carte Vitale. Contactez votre support informatique.",
            )
        if isinstance(exc, ValueError):
            return QCoreApplication.translate(
                "VitaleMessages",
                "Le patient n'a pas été créé à partir de la carte. Créez-le depuis la liste "
                "des patients (Ctrl+N) en recopiant la carte.",
            )
        return QCoreApplication.translate(
            "VitaleMessages",
            "Le patient n'a pas pu être enregistré ({kind}). Réessayez ; si cela persiste, "
            "redémarrez Cabinet.",
        ).format(kind=type(exc).__name__)
