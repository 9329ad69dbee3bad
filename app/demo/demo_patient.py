"""A demo patient with what the other parts of the demo need to know about them."""

from dataclasses import dataclass

from app.demo.chronic_condition import ChronicCondition
from app.demo.demo_clinician import DemoClinician
from app.domain.patient import Patient


@dataclass(frozen=True, slots=True)
class DemoPatient:
    """The patient, their regular doctor (médecin traitant) and a chronic condition, if any."""

    patient: Patient
    doctor: DemoClinician
    condition: ChronicCondition | None = None
