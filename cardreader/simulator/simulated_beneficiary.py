"""One holder (bénéficiaire) written on a simulated Carte Vitale 2: synthetic data only."""

from dataclasses import dataclass

from app.domain.nir import Nir

# Synthetic people; the NIR bodies are made up (department 99: born abroad).
_SAMPLES = (
    ("MARTIN", "CLAIRE", "19840117", "2840199123045"),
    ("MARTIN", "PAUL", "20120305", "1120399123012"),
    ("MARTIN", "LEA", "20150921", "2150999123078"),
    ("MARTIN", "HUGO", "20180611", "1180699123021"),
    ("MARTIN", "JULES", "20200214", "1200299123033"),
)


@dataclass(frozen=True)
class SimulatedBeneficiary:
    """Surname, first name, birth date (ASCII YYYYMMDD) and NIR as the card stores them.

    Nothing is checked, so a test can write a NIR with a wrong key on purpose.
    """

    surname: str
    first_name: str
    birth_date: str
    nir: str

    @classmethod
    def samples(cls, count: int) -> list["SimulatedBeneficiary"]:
        """``count`` (1 to 5) synthetic holders of one family, NIR keys correct."""
        if not 1 <= count <= len(_SAMPLES):
            raise ValueError(f"1 to {len(_SAMPLES)} sample beneficiaries")
        return [
            cls(surname, first, born, body + Nir.key_for(body).zfill(2))
            for surname, first, born, body in _SAMPLES[:count]
        ]

    def with_wrong_nir_key(self) -> "SimulatedBeneficiary":
        """The same holder with the NIR's two-digit key off by one."""
        key = (int(self.nir[13:]) % 97) + 1
        return SimulatedBeneficiary(
            self.surname, self.first_name, self.birth_date, f"{self.nir[:13]}{key:02d}"
        )
