"""Sentences for each form field problem the patient service reports."""

from PySide6.QtCore import QCoreApplication

from app.services.field_error import FieldProblem


class FieldMessages:
    """The message shown under a refused field."""

    @staticmethod
    def text(problem: FieldProblem) -> str:
        texts = {
            FieldProblem.REQUIRED: QCoreApplication.translate(
                "FieldMessages", "Ce champ est obligatoire."
            ),
            FieldProblem.DATE_FORMAT: QCoreApplication.translate(
                "FieldMessages", "Date attendue au format jj/mm/aaaa, par ex. 07/03/1962."
            ),
            FieldProblem.DATE_FUTURE: QCoreApplication.translate(
                "FieldMessages", "La date de naissance est dans le futur."
            ),
            FieldProblem.NIR_LENGTH: QCoreApplication.translate(
                "FieldMessages",
                "Le NIR compte 15 caractères (13 chiffres et la clé de 2 chiffres).",
            ),
            FieldProblem.NIR_FORMAT: QCoreApplication.translate(
                "FieldMessages",
                "Le NIR ne contient que des chiffres (2A ou 2B pour une naissance en Corse).",
            ),
            FieldProblem.NIR_KEY: QCoreApplication.translate(
                "FieldMessages",
                "La clé du NIR (2 derniers chiffres) ne correspond pas : vérifiez la saisie "
                "sur la carte Vitale ou l'attestation de droits.",
            ),
            FieldProblem.NIR_BIRTH_MISMATCH: QCoreApplication.translate(
                "FieldMessages",
                "Le NIR ne correspond pas à l'année ou au mois de naissance saisis.",
            ),
            FieldProblem.NIR_SEX_MISMATCH: QCoreApplication.translate(
                "FieldMessages",
                "Le premier chiffre du NIR (1 homme, 2 femme) ne correspond pas au sexe saisi.",
            ),
            FieldProblem.EMAIL_FORMAT: QCoreApplication.translate(
                "FieldMessages", "Adresse e-mail invalide, par ex. nom@exemple.fr."
            ),
        }
        return texts[problem]
