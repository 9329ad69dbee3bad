"""A stored patient's identity in one line, to compare with the card: birth and INS."""

from PySide6.QtCore import QCoreApplication

from app.domain.patient import Patient
from ui.date_text import DateText
from ui.identity_labels import IdentityLabels


class PatientIdentityText:
    """Translated texts (context ``PatientIdentityText``)."""

    @staticmethod
    def birth(patient: Patient) -> str:
        """dd/mm/yyyy; a partial date from another system (1962-05) as mm/yyyy."""
        if patient.birth_date is not None:
            return DateText.short(patient.birth_date)
        partial = str(patient.source.get("birthDate", ""))
        if partial:
            return "/".join(reversed(partial.split("-")))
        return QCoreApplication.translate("PatientIdentityText", "inconnue")

    @classmethod
    def line(cls, patient: Patient) -> str:
        """« Naissance : 12/12/1984 · INS (NIR) : 2 84 12 76 451 089 93 »."""
        born = QCoreApplication.translate("PatientIdentityText", "Naissance : {date}").format(
            date=cls.birth(patient)
        )
        if patient.ins is None:
            ins = QCoreApplication.translate("PatientIdentityText", "sans INS")
        else:
            ins = QCoreApplication.translate("PatientIdentityText", "{kind} : {nir}").format(
                kind=IdentityLabels.ins_kind(patient.ins_system), nir=patient.ins.formatted()
            )
        return f"{born} · {ins}"
