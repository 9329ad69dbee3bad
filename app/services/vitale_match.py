"""A Carte Vitale holder and the patients of the store who may be them."""

from dataclasses import dataclass

from app.domain.patient import Patient
from app.domain.vitale_beneficiary import VitaleBeneficiary


@dataclass(frozen=True, slots=True)
class VitaleMatch:
    """``patient``: the one patient with this NIR and a consistent identity (birth date);
    ``candidates``: others worth showing (same names and birth date, no NIR, or a NIR
    match whose birth date differs: identity vigilance decides, not the software)."""

    beneficiary: VitaleBeneficiary
    patient: Patient | None
    candidates: tuple[Patient, ...]
