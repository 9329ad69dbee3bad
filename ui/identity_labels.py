"""Words for a patient's sex and INS kind, the same in every view that shows them."""

from PySide6.QtCore import QCoreApplication

from app.domain.identifier_system import IdentifierSystem

INS_KINDS = (
    IdentifierSystem.INS_NIR,
    IdentifierSystem.INS_NIA,
    IdentifierSystem.INS_NIR_TEST,
    IdentifierSystem.INS_NIR_DEMO,
)
SEXES = ("unknown", "female", "male", "other")


class IdentityLabels:
    """Translated labels (context ``IdentityLabels``)."""

    @staticmethod
    def sex(gender: str) -> str:
        """« Femme », « Homme », « Autre », or « Non renseigné »."""
        labels = {
            "female": QCoreApplication.translate("IdentityLabels", "Femme"),
            "male": QCoreApplication.translate("IdentityLabels", "Homme"),
            "other": QCoreApplication.translate("IdentityLabels", "Autre"),
        }
        return labels.get(gender, QCoreApplication.translate("IdentityLabels", "Non renseigné"))

    @staticmethod
    def ins_kind(system: IdentifierSystem) -> str:
        labels = {
            IdentifierSystem.INS_NIR: QCoreApplication.translate("IdentityLabels", "INS (NIR)"),
            IdentifierSystem.INS_NIA: QCoreApplication.translate(
                "IdentityLabels", "INS provisoire (NIA)"
            ),
            IdentifierSystem.INS_NIR_TEST: QCoreApplication.translate(
                "IdentityLabels", "INS de test"
            ),
            IdentifierSystem.INS_NIR_DEMO: QCoreApplication.translate(
                "IdentityLabels", "INS de démonstration (fictif)"
            ),
        }
        return labels.get(system, system.value)
