"""The long-term conditions whose vital signs the demo follows."""

from enum import StrEnum


class ChronicCondition(StrEnum):
    """A chronic condition, valued as the French label a GP would write."""

    HYPERTENSION = "HTA"
    DIABETES = "Diabète de type 2"
    COPD = "BPCO"

    @property
    def follow_up_reason(self) -> str:
        """The appointment reason of a routine visit for this condition."""
        return {
            ChronicCondition.HYPERTENSION: "Suivi HTA",
            ChronicCondition.DIABETES: "Suivi diabète",
            ChronicCondition.COPD: "Suivi BPCO",
        }[self]
