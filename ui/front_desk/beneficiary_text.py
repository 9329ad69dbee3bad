"""A Carte Vitale holder in words: « MARTIN Jean », « 12/03/1984 », « 1 84 03 75 123 456 78 »."""

from PySide6.QtCore import QCoreApplication

from app.domain.nir import Nir
from app.domain.vitale_beneficiary import VitaleBeneficiary
from ui.date_text import DateText


class BeneficiaryText:
    """Translated texts (context ``BeneficiaryText``), the same in the list and the panel."""

    @staticmethod
    def name(beneficiary: VitaleBeneficiary) -> str:
        """Surname in capitals, then the first names as a name is written (cards hold
        capitals only): « MARTIN Jean-Pierre »."""
        surname = " ".join(beneficiary.surname.split()).upper()
        first = " ".join(beneficiary.first_name.split()).title()
        return f"{surname} {first}".strip()

    @staticmethod
    def birth(beneficiary: VitaleBeneficiary) -> str:
        """dd/mm/yyyy; a lunar date (day or month 00...) as the card holds it, said so."""
        born = beneficiary.birth_date
        if born is not None:
            return DateText.short(born)
        text = beneficiary.birth_date_text
        if len(text) == 8 and text.isdigit():
            text = f"{text[6:8]}/{text[4:6]}/{text[0:4]}"
        return QCoreApplication.translate("BeneficiaryText", "{date} (date lunaire)").format(
            date=text
        )

    @staticmethod
    def nir(beneficiary: VitaleBeneficiary) -> str:
        """Grouped as printed on the card, so the front desk can compare them.

        Grouping does not depend on the key, so a NIR whose key is wrong is grouped too
        (the list says, beside it, that the key is wrong).
        """
        return Nir(beneficiary.nir.replace(" ", "").upper()).formatted()
