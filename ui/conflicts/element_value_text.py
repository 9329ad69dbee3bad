"""The value of one element of a FHIR resource, written as a GP would read it.

Dates as jj/mm/aaaa, instants in local time, sexes and statuses in words, phone numbers
grouped by two digits, lists joined and structures (a coded concept, a quantity, an
address) summarised to what is shown on a form. Absent is « (vide) ».
"""

import re
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QLocale

from app.domain.element_paths import ElementPaths
from app.domain.field_conflict import ElementPath
from app.domain.nir import Nir
from ui.conflicts.element_labels import ElementLabels
from ui.identity_labels import IdentityLabels

_CONTEXT = "ElementValueText"
_DATE = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?")
_INSTANT = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}.*")
_STATUSES: dict[str, dict[str, object]] = {
    "Appointment": {
        "proposed": QT_TRANSLATE_NOOP("ElementValueText", "Proposé"),
        "pending": QT_TRANSLATE_NOOP("ElementValueText", "En attente de confirmation"),
        "booked": QT_TRANSLATE_NOOP("ElementValueText", "Confirmé"),
        "arrived": QT_TRANSLATE_NOOP("ElementValueText", "Patient arrivé"),
        "checked-in": QT_TRANSLATE_NOOP("ElementValueText", "Patient enregistré"),
        "fulfilled": QT_TRANSLATE_NOOP("ElementValueText", "Honoré"),
        "cancelled": QT_TRANSLATE_NOOP("ElementValueText", "Annulé"),
        "noshow": QT_TRANSLATE_NOOP("ElementValueText", "Patient absent"),
        "entered-in-error": QT_TRANSLATE_NOOP("ElementValueText", "Saisi par erreur"),
        "waitlist": QT_TRANSLATE_NOOP("ElementValueText", "Liste d'attente"),
    },
    "Observation": {
        "registered": QT_TRANSLATE_NOOP("ElementValueText", "Enregistrée"),
        "preliminary": QT_TRANSLATE_NOOP("ElementValueText", "Préliminaire"),
        "final": QT_TRANSLATE_NOOP("ElementValueText", "Validée"),
        "amended": QT_TRANSLATE_NOOP("ElementValueText", "Corrigée"),
        "corrected": QT_TRANSLATE_NOOP("ElementValueText", "Corrigée"),
        "cancelled": QT_TRANSLATE_NOOP("ElementValueText", "Annulée"),
        "entered-in-error": QT_TRANSLATE_NOOP("ElementValueText", "Saisie par erreur"),
        "unknown": QT_TRANSLATE_NOOP("ElementValueText", "Inconnu"),
    },
    # An appointment participant's answer.
    "participant": {
        "accepted": QT_TRANSLATE_NOOP("ElementValueText", "Accepté"),
        "declined": QT_TRANSLATE_NOOP("ElementValueText", "Refusé"),
        "tentative": QT_TRANSLATE_NOOP("ElementValueText", "Provisoire"),
        "needs-action": QT_TRANSLATE_NOOP("ElementValueText", "À confirmer"),
    },
}
# Elements whose list items make one phrase (« Marie Claire »), not an enumeration.
_SPACED_LISTS = frozenset({"given", "prefix", "suffix"})
_PHONE_SYSTEMS = frozenset({"phone", "fax", "sms"})
_MAX_SUMMARY_PARTS = 3


class ElementValueText:
    """``text(resource_type, path, value, resource)``; ``resource`` gives context (a unit)."""

    @classmethod
    def text(
        cls,
        resource_type: str,
        path: ElementPath,
        value: Any,
        resource: Mapping[str, Any] | None = None,
    ) -> str:
        if value is None or value in ("", [], {}):
            return cls.empty()
        head = path[0] if path else ""
        names = [s for s in path if not ElementPaths.is_item_step(s)]
        leaf = names[-1] if names else ""
        key = ElementLabels.item_key(path) or ()
        if head == "gender" and isinstance(value, str):
            return IdentityLabels.sex(value)
        if leaf == "status" and isinstance(value, str):
            table = _STATUSES.get("participant" if head == "participant" else resource_type, {})
            known = table.get(value)
            return cls._tr(known) if known is not None else value
        if head == "telecom" and leaf == "value" and key[:1] and key[0] in _PHONE_SYSTEMS:
            return cls.phone(str(value))
        system = ElementLabels.identifier_system(key[0]) if head == "identifier" and key else None
        if leaf == "value" and system is not None and system.is_ins:
            try:
                return Nir.parse(str(value)).formatted()
            except ValueError:
                return str(value)
        if head == "minutesDuration" and isinstance(value, int | float):
            return cls._tr(QT_TRANSLATE_NOOP("ElementValueText", "{n} min")).format(
                n=cls.number(value)
            )
        if leaf == "value" and head == "valueQuantity" and isinstance(value, int | float):
            unit = (resource or {}).get("valueQuantity", {}).get("unit")
            return f"{cls.number(value)} {unit}" if unit else cls.number(value)
        return cls.any(value, leaf)

    @classmethod
    def any(cls, value: Any, leaf: str = "") -> str:
        """Any JSON value, without knowing where it comes from."""
        if value is None or value in ("", [], {}):
            return cls.empty()
        if isinstance(value, bool):
            return (
                cls._tr(QT_TRANSLATE_NOOP("ElementValueText", "Oui"))
                if value
                else cls._tr(QT_TRANSLATE_NOOP("ElementValueText", "Non"))
            )
        if isinstance(value, int | float):
            return cls.number(value)
        if isinstance(value, str):
            return cls.string(value)
        if isinstance(value, list):
            if all(not isinstance(v, dict | list) for v in value):
                separator = " " if leaf in _SPACED_LISTS else ", "
                return separator.join(cls.any(v) for v in value)
            return " ; ".join(cls.any(v) for v in value)
        if isinstance(value, dict):
            return cls.summary(value)
        return str(value)

    @classmethod
    def string(cls, value: str) -> str:
        """A date or an instant in the user's form; any other text as it is."""
        if _DATE.fullmatch(value):
            parts = value.split("-")
            return "/".join(reversed(parts))
        if _INSTANT.fullmatch(value):
            moment = cls.instant(value)
            if moment is not None:
                return f"{moment:%d/%m/%Y %H:%M}"
        return value

    @staticmethod
    def instant(value: str) -> datetime | None:
        """A FHIR dateTime or instant in local time (naive ones are taken as local)."""
        try:
            moment = datetime.fromisoformat(value)
        except ValueError:
            return None
        return moment.astimezone() if moment.tzinfo is not None else moment

    @classmethod
    def summary(cls, value: Mapping[str, Any]) -> str:
        """A structure (CodeableConcept, Quantity, HumanName, Address...) in a few words."""
        for name in ("text", "display"):
            if isinstance(value.get(name), str) and value[name]:
                return str(value[name])
        coding = value.get("coding")
        if isinstance(coding, list) and coding and isinstance(coding[0], dict):
            return cls.summary(coding[0])
        if "value" in value and not isinstance(value["value"], dict | list):
            shown = cls.any(value["value"])
            unit = value.get("unit")
            return f"{shown} {unit}" if isinstance(unit, str) and unit else shown
        if "family" in value or "given" in value:
            given = " ".join(str(g) for g in value.get("given", []))
            return f"{str(value.get('family', '')).upper()} {given}".strip()
        if any(k in value for k in ("line", "postalCode", "city")):
            town = " ".join(str(value[k]) for k in ("postalCode", "city") if value.get(k))
            lines = [str(x) for x in value.get("line", [])]
            return ", ".join([*lines, town] if town else lines)
        if "start" in value or "end" in value:
            return cls._tr(QT_TRANSLATE_NOOP("ElementValueText", "du {start} au {end}")).format(
                start=cls.any(value.get("start")), end=cls.any(value.get("end"))
            )
        for name in ("reference", "code", "url"):
            if isinstance(value.get(name), str):
                return str(value[name])
        parts = [
            f"{ElementLabels.humanise(k)} : {cls.any(v, k)}"
            for k, v in list(value.items())[:_MAX_SUMMARY_PARTS]
        ]
        more = "…" if len(value) > _MAX_SUMMARY_PARTS else ""
        return ", ".join(parts) + more

    @staticmethod
    def phone(value: str) -> str:
        """French numbers by pairs (06 12 34 56 78, +33 6 12 34 56 78), Swiss ones 3-2-2."""
        digits = re.sub(r"[\s.\-/]", "", value)
        if re.fullmatch(r"0\d{9}", digits):
            return " ".join(digits[i : i + 2] for i in range(0, 10, 2))
        if re.fullmatch(r"\+33\d{9}", digits):
            rest = digits[4:]
            return "+33 " + digits[3] + " " + " ".join(rest[i : i + 2] for i in range(0, 8, 2))
        if re.fullmatch(r"\+41\d{9}", digits):
            d = digits[3:]
            return f"+41 {d[:2]} {d[2:5]} {d[5:7]} {d[7:]}"
        return value.strip()

    @staticmethod
    def number(value: float) -> str:
        """In the interface's locale (37,5 in French), without a trailing ,0."""
        if isinstance(value, int) or float(value).is_integer():
            return QLocale().toString(int(value))
        decimals = len(repr(float(value)).partition(".")[2]) if "e" not in repr(value) else 6
        return QLocale().toString(float(value), "f", decimals)

    @classmethod
    def empty(cls) -> str:
        return cls._tr(QT_TRANSLATE_NOOP("ElementValueText", "(vide)"))

    @staticmethod
    def _tr(text: object) -> str:
        return QCoreApplication.translate(_CONTEXT, str(text))
