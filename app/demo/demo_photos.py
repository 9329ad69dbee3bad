"""Lesion photos for a few demo patients: a Binary (the PNG) and a Media describing it.

Some lesions are photographed twice, months apart, so the dermatology view has a
pair to compare.
"""

import base64
import hashlib
from collections.abc import Sequence
from datetime import date, timedelta

from app.demo.demo_clinician import DemoClinician
from app.demo.demo_patient import DemoPatient
from app.demo.demo_random import DemoRandom
from app.demo.fhir_terms import FhirJson, FhirTerms
from app.demo.lesion_image import LesionImage
from app.demo.paris_clock import ParisClock
from app.demo.png_encoder import PngEncoder
from app.store.resource_write import ResourceWrite

T = FhirTerms
PHOTO_NOTE = "Photo de démonstration (générée)"
_BODY_SITES = (
    "Dos, région scapulaire gauche", "Avant-bras droit, face dorsale",
    "Jambe gauche, face antérieure", "Thorax, région présternale", "Épaule droite",
    "Cuisse droite, face postérieure",
)  # fmt: skip
# Days before today of each photo of one lesion: two patients were seen twice.
_SERIES = ((120, 9), (95, 3), (40,), (16,))
_ADULT = 18


class DemoPhotos:
    """Makes the photos, taken by the practice's dermatologist."""

    def __init__(self, rng: DemoRandom, today: date, dermatologist: DemoClinician) -> None:
        self._rng = rng
        self._today = today
        self._dermatologist = dermatologist
        self._encoder = PngEncoder()

    def resources(self, patients: Sequence[DemoPatient]) -> list[ResourceWrite]:
        """Every Binary first, then the Media that point at them."""
        rng = self._rng
        adults = [p for p in patients if (p.patient.age_on(self._today) or 0) >= _ADULT]
        chosen = rng.sample(adults, len(_SERIES))
        sites = rng.sample(_BODY_SITES, len(_SERIES))
        binaries: list[FhirJson] = []
        media: list[FhirJson] = []
        for p, site, days_ago in zip(chosen, sites, _SERIES, strict=True):
            image = LesionImage.draw(rng)
            for n, ago in enumerate(days_ago):
                if n:
                    image = image.later(rng, rng.uniform(1.08, 1.2))
                binary = self._binary(p, image.png(self._encoder))
                binaries.append(binary)
                media.append(self._media(p, image, binary, site, self._today - timedelta(ago)))
        return [ResourceWrite(r["resourceType"], r["id"], r) for r in binaries + media]

    def _binary(self, p: DemoPatient, png: bytes) -> FhirJson:
        return {
            "resourceType": "Binary",
            "id": self._rng.uuid(),
            "contentType": "image/png",
            # Access to the picture follows access to the patient's record.
            "securityContext": T.reference(p.patient.reference),
            "data": base64.b64encode(png).decode("ascii"),
        }

    def _media(
        self, p: DemoPatient, image: LesionImage, binary: FhirJson, site: str, day: date
    ) -> FhirJson:
        minutes = self._rng.randint(9 * 4, 17 * 4) * 15
        taken = ParisClock.iso(ParisClock.at(day, minutes // 60, minutes % 60))
        png = base64.b64decode(binary["data"])
        return {
            "resourceType": "Media",
            "id": self._rng.uuid(),
            "status": "completed",
            "type": T.concept(T.MEDIA_TYPE, "image", "Image"),
            "subject": T.reference(p.patient.reference, p.patient.display_name),
            "createdDateTime": taken,
            "operator": T.reference(self._dermatologist.reference, self._dermatologist.display),
            "bodySite": {"text": site},
            "height": image.height,
            "width": image.width,
            "content": {
                "contentType": "image/png",
                "url": f"Binary/{binary['id']}",
                "size": len(png),
                # Attachment.hash is the base64 SHA-1 of the data (FHIR R4).
                "hash": base64.b64encode(hashlib.sha1(png, usedforsecurity=False).digest()).decode(
                    "ascii"
                ),
                "title": f"Lésion — {site}",
                "creation": taken,
            },
            "note": [{"text": PHOTO_NOTE}],
        }
