"""Sentences about one conflict: which record, who else changed it, when, what is at stake.

The list and the detail panel say the same things the same way: « Patient DUPONT Marie »,
« Rendez-vous du 12/03/2026 à 09:30 — DUPONT Marie », « détecté aujourd'hui à 14:32 ».
"""

from datetime import UTC, datetime
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from app.domain.sync_conflict import ConflictKind, SyncConflict
from ui.conflicts.element_labels import ElementLabels
from ui.conflicts.element_value_text import ElementValueText
from ui.conflicts.field_group import FieldGroup

_CONTEXT = "ConflictTexts"
_TYPES: dict[str, object] = {
    "Patient": QT_TRANSLATE_NOOP("ConflictTexts", "Patient"),
    "Appointment": QT_TRANSLATE_NOOP("ConflictTexts", "Rendez-vous"),
    "Observation": QT_TRANSLATE_NOOP("ConflictTexts", "Observation"),
    "Practitioner": QT_TRANSLATE_NOOP("ConflictTexts", "Praticien"),
    "PractitionerRole": QT_TRANSLATE_NOOP("ConflictTexts", "Fonction d'un praticien"),
    "Organization": QT_TRANSLATE_NOOP("ConflictTexts", "Structure"),
    "Schedule": QT_TRANSLATE_NOOP("ConflictTexts", "Agenda"),
    "Slot": QT_TRANSLATE_NOOP("ConflictTexts", "Créneau"),
    "Encounter": QT_TRANSLATE_NOOP("ConflictTexts", "Consultation"),
    "Goal": QT_TRANSLATE_NOOP("ConflictTexts", "Objectif"),
    "Flag": QT_TRANSLATE_NOOP("ConflictTexts", "Alerte"),
    "Media": QT_TRANSLATE_NOOP("ConflictTexts", "Photo clinique"),
    "DocumentReference": QT_TRANSLATE_NOOP("ConflictTexts", "Document"),
    "Communication": QT_TRANSLATE_NOOP("ConflictTexts", "Message"),
    "MedicationRequest": QT_TRANSLATE_NOOP("ConflictTexts", "Prescription"),
    "QuestionnaireResponse": QT_TRANSLATE_NOOP("ConflictTexts", "Questionnaire rempli"),
}
# More fields than this are counted in the list, not named.
_NAMED_FIELDS = 2


class ConflictTexts:
    """Translated texts (context ``ConflictTexts``); ``now`` is injectable for tests."""

    @classmethod
    def title(cls, conflict: SyncConflict) -> str:
        """Which record, in plain words."""
        res = cls.resource(conflict)
        if conflict.type == "Patient":
            return cls._tr(QT_TRANSLATE_NOOP("ConflictTexts", "Patient {name}")).format(
                name=cls._patient_name(res)
                or cls._tr(QT_TRANSLATE_NOOP("ConflictTexts", "sans nom"))
            )
        if conflict.type == "Appointment":
            when = cls._when(res.get("start"))
            text = (
                cls._tr(
                    QT_TRANSLATE_NOOP("ConflictTexts", "Rendez-vous du {date} à {time}")
                ).format(date=when[0], time=when[1])
                if when
                else cls._type_name(conflict.type)
            )
            return cls._with_patient(text, cls._appointment_patient(res))
        if conflict.type == "Observation":
            what = ElementValueText.any(res.get("code")) if res.get("code") else ""
            when = cls._when(res.get("effectiveDateTime") or res.get("issued"))
            if what and when:
                text = cls._tr(
                    QT_TRANSLATE_NOOP("ConflictTexts", "Observation : {what} du {date}")
                ).format(what=what, date=when[0])
            elif what:
                text = cls._tr(QT_TRANSLATE_NOOP("ConflictTexts", "Observation : {what}")).format(
                    what=what
                )
            else:
                text = cls._type_name(conflict.type)
            return cls._with_patient(text, cls._display(res.get("subject")))
        return cls._with_patient(cls._type_name(conflict.type), cls._display(res.get("subject")))

    @classmethod
    def other_side(cls, conflict: SyncConflict) -> str:
        """Who made the other change: its name when known."""
        return conflict.theirs_by or cls._tr(QT_TRANSLATE_NOOP("ConflictTexts", "autre poste"))

    @classmethod
    def detected(cls, conflict: SyncConflict, now: datetime | None = None) -> str:
        """« détecté aujourd'hui à 14:32 », « détecté le 11/03/2026 à 18:05 »."""
        moment = ElementValueText.instant(conflict.created_at)
        if moment is None:
            return ""
        today = (now or datetime.now(UTC)).astimezone().date()
        if moment.date() == today:
            return cls._tr(
                QT_TRANSLATE_NOOP("ConflictTexts", "détecté aujourd'hui à {time}")
            ).format(time=f"{moment:%H:%M}")
        return cls._tr(QT_TRANSLATE_NOOP("ConflictTexts", "détecté le {date} à {time}")).format(
            date=f"{moment:%d/%m/%Y}", time=f"{moment:%H:%M}"
        )

    @staticmethod
    def detected_short(conflict: SyncConflict, now: datetime | None = None) -> str:
        """« 14:32 » today, « 11/03/2026 » before."""
        moment = ElementValueText.instant(conflict.created_at)
        if moment is None:
            return ""
        today = (now or datetime.now(UTC)).astimezone().date()
        return f"{moment:%H:%M}" if moment.date() == today else f"{moment:%d/%m/%Y}"

    @classmethod
    def what(cls, conflict: SyncConflict) -> str:
        """What is at stake, in a few words for the list."""
        if conflict.kind is ConflictKind.DELETED_THERE:
            return cls._tr(QT_TRANSLATE_NOOP("ConflictTexts", "Supprimée ailleurs, modifiée ici"))
        if conflict.kind is ConflictKind.DELETED_HERE:
            return cls._tr(QT_TRANSLATE_NOOP("ConflictTexts", "Supprimée ici, modifiée ailleurs"))
        labels = list(dict.fromkeys(g.label(conflict.type) for g in FieldGroup.of(conflict)))
        if len(labels) <= _NAMED_FIELDS:
            return ", ".join(labels)
        return cls._tr(QT_TRANSLATE_NOOP("ConflictTexts", "{first} et {n} autres champs")).format(
            first=labels[0], n=len(labels) - 1
        )

    @staticmethod
    def resource(conflict: SyncConflict) -> dict[str, Any]:
        """The version to name the record by: ours, else theirs, else what both had."""
        for candidate in (conflict.mine, conflict.theirs):
            if candidate:
                return candidate
        for field in conflict.fields:
            if isinstance(field.base, dict):
                return field.base
        return {}

    @classmethod
    def _type_name(cls, resource_type: str) -> str:
        known = _TYPES.get(resource_type)
        return cls._tr(known) if known is not None else ElementLabels.humanise(resource_type)

    @classmethod
    def _with_patient(cls, text: str, patient: str) -> str:
        if not patient:
            return text
        return cls._tr(QT_TRANSLATE_NOOP("ConflictTexts", "{record} — {patient}")).format(
            record=text, patient=patient
        )

    @staticmethod
    def _patient_name(res: dict[str, Any]) -> str:
        names = [n for n in res.get("name", []) if isinstance(n, dict)]
        if not names:
            return ""
        chosen = next((n for n in names if n.get("use") == "official"), names[0])
        if "family" not in chosen and "given" not in chosen:
            return str(chosen.get("text", ""))
        # Surname in capitals then first names, as French charts print it.
        return ElementValueText.summary(
            {"family": chosen.get("family", ""), "given": chosen.get("given", [])}
        )

    @classmethod
    def _appointment_patient(cls, res: dict[str, Any]) -> str:
        for participant in res.get("participant", []):
            actor = participant.get("actor") if isinstance(participant, dict) else None
            if isinstance(actor, dict) and str(actor.get("reference", "")).startswith("Patient/"):
                return cls._display(actor)
        return ""

    @staticmethod
    def _display(reference: Any) -> str:
        if isinstance(reference, dict) and isinstance(reference.get("display"), str):
            return str(reference["display"])
        return ""

    @staticmethod
    def _when(value: Any) -> tuple[str, str] | None:
        """Date and time of an instant, in local time."""
        if not isinstance(value, str):
            return None
        moment = ElementValueText.instant(value)
        if moment is None:
            return None
        return f"{moment:%d/%m/%Y}", f"{moment:%H:%M}"

    @staticmethod
    def _tr(text: object) -> str:
        return QCoreApplication.translate(_CONTEXT, str(text))
