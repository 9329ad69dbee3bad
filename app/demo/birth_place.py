"""Where a demo patient was born, as the NIR encodes it (department and commune codes)."""

import random
from dataclasses import dataclass

from app.demo.fhir_terms import FhirJson

# (department, commune, city, weight): INSEE codes of real places, so that NIR
# digits 6 to 10 look right. Overseas departments use three digits, the commune
# two: "97411" is Saint-Denis (La Réunion), written here as "97" + "411". Paris, Lyon
# and Marseille births carry the arrondissement's code.
_FRANCE: tuple[tuple[str, str, str, int], ...] = (
    ("69", "383", "Lyon 3e", 12), ("69", "387", "Lyon 7e", 10), ("69", "388", "Lyon 8e", 8),
    ("69", "266", "Villeurbanne", 8), ("69", "259", "Vénissieux", 4),
    ("75", "112", "Paris 12e", 6), ("75", "114", "Paris 14e", 5), ("13", "205", "Marseille 5e", 6),
    ("33", "063", "Bordeaux", 3), ("31", "555", "Toulouse", 3), ("59", "350", "Lille", 3),
    ("67", "482", "Strasbourg", 2), ("44", "109", "Nantes", 2), ("35", "238", "Rennes", 2),
    ("06", "088", "Nice", 2), ("38", "185", "Grenoble", 4), ("42", "218", "Saint-Étienne", 4),
    ("01", "053", "Bourg-en-Bresse", 2), ("63", "113", "Clermont-Ferrand", 2),
    ("29", "019", "Brest", 1), ("76", "540", "Rouen", 1), ("54", "395", "Nancy", 1),
    ("97", "411", "Saint-Denis (La Réunion)", 1), ("97", "120", "Pointe-à-Pitre", 1),
)  # fmt: skip
# Corsica was department 20 until 1976, then 2A (Corse-du-Sud) and 2B (Haute-Corse).
_CORSICA: tuple[tuple[str, str, str], ...] = (("2A", "004", "Ajaccio"), ("2B", "033", "Bastia"))
# Born abroad: department 99 and the INSEE country code, with the ISO 3166 code.
_ABROAD: tuple[tuple[str, str, str], ...] = (
    ("350", "Maroc", "MAR"), ("352", "Algérie", "DZA"), ("351", "Tunisie", "TUN"),
    ("139", "Portugal", "PRT"), ("127", "Italie", "ITA"), ("134", "Espagne", "ESP"),
    ("341", "Sénégal", "SEN"), ("335", "Mali", "MLI"), ("109", "Allemagne", "DEU"),
    ("131", "Belgique", "BEL"), ("140", "Suisse", "CHE"), ("243", "Viêt Nam", "VNM"),
)  # fmt: skip
_CORSICA_SPLIT_YEAR = 1976
_ABROAD_SHARE = 0.08


@dataclass(frozen=True, slots=True)
class BirthPlace:
    """The five NIR digits of a birth place and the place as people name it."""

    department: str
    commune: str
    city: str
    country: str = "FRA"

    @property
    def nir_digits(self) -> str:
        """Characters 6 to 10 of the NIR (``2A004`` for Ajaccio)."""
        return self.department + self.commune

    @classmethod
    def pick(cls, rng: random.Random) -> "BirthPlace":
        """Mostly around the (Lyon) practice, some elsewhere in France, some abroad."""
        if rng.random() < _ABROAD_SHARE:
            code, country_name, iso = rng.choice(_ABROAD)
            return cls("99", code, country_name, iso)
        weights = [w for *_, w in _FRANCE]
        dept, commune, city, _ = rng.choices(_FRANCE, weights)[0]
        return cls(dept, commune, city)

    @classmethod
    def corsica(cls, rng: random.Random, birth_year: int) -> "BirthPlace":
        dept, commune, city = rng.choice(_CORSICA)
        return cls(dept if birth_year >= _CORSICA_SPLIT_YEAR else "20", commune, city)

    def to_fhir_extension(self) -> FhirJson:
        """The standard ``patient-birthPlace`` extension of a FHIR Patient."""
        address: FhirJson = {"country": self.country}
        if self.department != "99":
            address = {"city": self.city, "country": self.country}
        return {
            "url": "http://hl7.org/fhir/StructureDefinition/patient-birthPlace",
            "valueAddress": address,
        }
