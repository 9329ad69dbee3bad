"""A patient as the workstation shows and edits it, mapped to a FR Core FHIR Patient."""

import copy
import uuid
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from app.domain.identifier_system import FR_CORE_IDENTIFIER_TYPE, IdentifierSystem
from app.domain.nir import Nir

FhirJson = dict[str, Any]

GENDERS = ("female", "male", "other", "unknown")


@dataclass(frozen=True, slots=True)
class Patient:
    """Identity and contact details of one patient.

    ``source`` is the FHIR JSON the patient was read from: elements Cabinet does not
    edit (addresses from another system, extensions) are written back unchanged.
    """

    id: str
    family: str
    given: str
    birth_date: date | None
    gender: str = "unknown"
    ins: Nir | None = None
    ins_system: IdentifierSystem = IdentifierSystem.INS_NIR
    phone: str = ""
    email: str = ""
    source: FhirJson = field(default_factory=dict, compare=False, repr=False)

    @staticmethod
    def new_id() -> str:
        """A client-made UUID: a patient created offline keeps its id forever."""
        return str(uuid.uuid4())

    @property
    def reference(self) -> str:
        """The FHIR reference ``Patient/<id>``."""
        return f"Patient/{self.id}"

    @property
    def display_name(self) -> str:
        """Surname in capitals then first names, as French charts print it."""
        return f"{self.family.upper()} {self.given}".strip()

    def age_on(self, day: date) -> int | None:
        """Age in whole years on ``day``, or None without a birth date."""
        if self.birth_date is None:
            return None
        b = self.birth_date
        return day.year - b.year - ((day.month, day.day) < (b.month, b.day))

    def with_changes(self, **changes: Any) -> "Patient":
        """A copy with some fields changed, keeping the source JSON."""
        return replace(self, **changes)

    def to_fhir(self) -> FhirJson:
        """FR Core Patient JSON; unknown elements of the source are kept."""
        res: FhirJson = copy.deepcopy(self.source)
        res["resourceType"] = "Patient"
        res["id"] = self.id
        res["name"] = [{"use": "official", "family": self.family, "given": self.given.split()}] + [
            n for n in res.get("name", []) if n.get("use") not in (None, "official")
        ]
        if self.birth_date:
            res["birthDate"] = self.birth_date.isoformat()
        elif len(str(res.get("birthDate", ""))) == 10:
            res.pop("birthDate", None)
        # else: a partial date from another system ("1984", "1984-03") stays as it was.
        res["gender"] = self.gender
        # The INS this patient shows replaces the one it was read from; an INS the
        # source holds that does not parse is not ours to drop.
        others = [i for i in res.get("identifier", []) if not (_is_ins(i) and _parses(i))]
        if self.ins is not None:
            others.insert(
                0,
                {
                    "use": "official",
                    "type": {
                        "coding": [
                            {"system": FR_CORE_IDENTIFIER_TYPE, "code": self.ins_system.type_code}
                        ]
                    },
                    "system": self.ins_system.value,
                    "value": self.ins.value,
                },
            )
        if others:
            res["identifier"] = others
        else:
            res.pop("identifier", None)
        telecom = [t for t in res.get("telecom", []) if t.get("system") not in ("phone", "email")]
        if self.phone:
            telecom.append({"system": "phone", "value": self.phone})
        if self.email:
            telecom.append({"system": "email", "value": self.email})
        if telecom:
            res["telecom"] = telecom
        else:
            res.pop("telecom", None)
        return res

    @classmethod
    def from_fhir(cls, res: FhirJson) -> "Patient":
        """Read a FHIR Patient; tolerant of what other systems omit."""
        names = res.get("name") or [{}]
        official = next((n for n in names if n.get("use") == "official"), names[0])
        ins: Nir | None = None
        ins_system = IdentifierSystem.INS_NIR
        for ident in res.get("identifier", []):
            if _is_ins(ident):
                try:
                    ins = Nir.parse(str(ident.get("value", "")))
                except ValueError:
                    continue
                ins_system = IdentifierSystem(str(ident["system"]))
                break
        birth = res.get("birthDate")
        phone = next((t["value"] for t in res.get("telecom", []) if t.get("system") == "phone"), "")
        email = next((t["value"] for t in res.get("telecom", []) if t.get("system") == "email"), "")
        return cls(
            id=str(res["id"]),
            family=str(official.get("family", "")),
            given=" ".join(official.get("given", [])),
            birth_date=date.fromisoformat(birth) if birth and len(birth) == 10 else None,
            gender=str(res.get("gender", "unknown")),
            ins=ins,
            ins_system=ins_system,
            phone=str(phone),
            email=str(email),
            source=res,
        )


def _parses(identifier: FhirJson) -> bool:
    try:
        Nir.parse(str(identifier.get("value", "")))
    except ValueError:
        return False
    return True


def _is_ins(identifier: FhirJson) -> bool:
    system = identifier.get("system")
    return (
        isinstance(system, str)
        and system in IdentifierSystem._value2member_map_
        and IdentifierSystem(system).is_ins
    )
