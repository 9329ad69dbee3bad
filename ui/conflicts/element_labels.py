"""Words for the elements of a FHIR resource, as a conflict names them.

An element path from the three-way merge (``("telecom", "[phone|mobile]", "value")``)
becomes what a GP reads on a form (« Téléphone mobile »). The common elements of
Patient, Appointment and Observation have their own words; anything else falls back to
its element names made readable, so a conflict in an unexpected place still says where
it is.
"""

import re

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from app.domain.element_paths import ElementPaths
from app.domain.field_conflict import ElementPath
from app.domain.identifier_system import IdentifierSystem
from ui.identity_labels import IdentityLabels

_CONTEXT = "ElementLabels"

# Top-level elements by resource type, then for any type. The texts are marked for
# lupdate here and translated when asked for, so a language switch takes effect.
_BY_TYPE: dict[tuple[str, str], object] = {
    ("Appointment", "start"): QT_TRANSLATE_NOOP("ElementLabels", "Début du rendez-vous"),
    ("Appointment", "end"): QT_TRANSLATE_NOOP("ElementLabels", "Fin du rendez-vous"),
    ("Appointment", "status"): QT_TRANSLATE_NOOP("ElementLabels", "Statut du rendez-vous"),
    ("Appointment", "description"): QT_TRANSLATE_NOOP("ElementLabels", "Motif"),
    ("Appointment", "reasonCode"): QT_TRANSLATE_NOOP("ElementLabels", "Motif (codé)"),
    ("Appointment", "comment"): QT_TRANSLATE_NOOP("ElementLabels", "Commentaire"),
    ("Appointment", "minutesDuration"): QT_TRANSLATE_NOOP("ElementLabels", "Durée"),
    ("Appointment", "appointmentType"): QT_TRANSLATE_NOOP("ElementLabels", "Type de rendez-vous"),
    ("Appointment", "serviceType"): QT_TRANSLATE_NOOP("ElementLabels", "Type de consultation"),
    ("Appointment", "specialty"): QT_TRANSLATE_NOOP("ElementLabels", "Spécialité"),
    ("Appointment", "cancelationReason"): QT_TRANSLATE_NOOP("ElementLabels", "Motif d'annulation"),
    ("Appointment", "patientInstruction"): QT_TRANSLATE_NOOP(
        "ElementLabels", "Consignes au patient"
    ),
    ("Appointment", "priority"): QT_TRANSLATE_NOOP("ElementLabels", "Priorité"),
    ("Appointment", "slot"): QT_TRANSLATE_NOOP("ElementLabels", "Créneau"),
    ("Appointment", "created"): QT_TRANSLATE_NOOP("ElementLabels", "Date de prise du rendez-vous"),
    ("Observation", "status"): QT_TRANSLATE_NOOP("ElementLabels", "Statut de la mesure"),
    ("Observation", "code"): QT_TRANSLATE_NOOP("ElementLabels", "Type de mesure"),
    ("Observation", "effectiveDateTime"): QT_TRANSLATE_NOOP("ElementLabels", "Date de la mesure"),
    ("Observation", "effectivePeriod"): QT_TRANSLATE_NOOP("ElementLabels", "Période de la mesure"),
    ("Observation", "issued"): QT_TRANSLATE_NOOP("ElementLabels", "Date de validation"),
    ("Observation", "interpretation"): QT_TRANSLATE_NOOP("ElementLabels", "Interprétation"),
    ("Observation", "referenceRange"): QT_TRANSLATE_NOOP("ElementLabels", "Valeurs de référence"),
    ("Observation", "component"): QT_TRANSLATE_NOOP("ElementLabels", "Valeurs détaillées"),
    ("Observation", "bodySite"): QT_TRANSLATE_NOOP("ElementLabels", "Site anatomique"),
    ("Observation", "method"): QT_TRANSLATE_NOOP("ElementLabels", "Méthode"),
    ("Observation", "performer"): QT_TRANSLATE_NOOP("ElementLabels", "Réalisée par"),
    ("Observation", "note"): QT_TRANSLATE_NOOP("ElementLabels", "Commentaire"),
    ("Observation", "dataAbsentReason"): QT_TRANSLATE_NOOP(
        "ElementLabels", "Raison de l'absence de valeur"
    ),
    ("Patient", "active"): QT_TRANSLATE_NOOP("ElementLabels", "Fiche active"),
}
_ANY_TYPE: dict[str, object] = {
    "birthDate": QT_TRANSLATE_NOOP("ElementLabels", "Date de naissance"),
    "gender": QT_TRANSLATE_NOOP("ElementLabels", "Sexe"),
    "deceasedBoolean": QT_TRANSLATE_NOOP("ElementLabels", "Décès"),
    "deceasedDateTime": QT_TRANSLATE_NOOP("ElementLabels", "Date de décès"),
    "maritalStatus": QT_TRANSLATE_NOOP("ElementLabels", "Situation familiale"),
    "multipleBirthBoolean": QT_TRANSLATE_NOOP("ElementLabels", "Naissance multiple"),
    "multipleBirthInteger": QT_TRANSLATE_NOOP("ElementLabels", "Rang de naissance"),
    "generalPractitioner": QT_TRANSLATE_NOOP("ElementLabels", "Médecin traitant"),
    "managingOrganization": QT_TRANSLATE_NOOP("ElementLabels", "Structure de rattachement"),
    "communication": QT_TRANSLATE_NOOP("ElementLabels", "Langue parlée"),
    "contact": QT_TRANSLATE_NOOP("ElementLabels", "Personne à prévenir"),
    "photo": QT_TRANSLATE_NOOP("ElementLabels", "Photo"),
    "name": QT_TRANSLATE_NOOP("ElementLabels", "Nom"),
    "telecom": QT_TRANSLATE_NOOP("ElementLabels", "Coordonnées"),
    "address": QT_TRANSLATE_NOOP("ElementLabels", "Adresse"),
    "identifier": QT_TRANSLATE_NOOP("ElementLabels", "Identifiant"),
    "participant": QT_TRANSLATE_NOOP("ElementLabels", "Participants"),
    "subject": QT_TRANSLATE_NOOP("ElementLabels", "Patient"),
    "status": QT_TRANSLATE_NOOP("ElementLabels", "Statut"),
    "note": QT_TRANSLATE_NOOP("ElementLabels", "Note"),
    "period": QT_TRANSLATE_NOOP("ElementLabels", "Période"),
    "category": QT_TRANSLATE_NOOP("ElementLabels", "Catégorie"),
    "description": QT_TRANSLATE_NOOP("ElementLabels", "Description"),
    "comment": QT_TRANSLATE_NOOP("ElementLabels", "Commentaire"),
    "start": QT_TRANSLATE_NOOP("ElementLabels", "Début"),
    "end": QT_TRANSLATE_NOOP("ElementLabels", "Fin"),
}
# The part of an element a leaf is; None: the leaf is the element itself (its value).
_LEAVES: dict[str, object | None] = {
    "value": None,
    "text": None,
    "display": None,
    "coding": None,
    "valueString": None,
    "valueCode": None,
    "valueBoolean": None,
    "valueDate": None,
    "valueDateTime": None,
    "valueCodeableConcept": None,
    "valueCoding": None,
    "valueAddress": None,
    "valueInteger": None,
    "code": QT_TRANSLATE_NOOP("ElementLabels", "code"),
    "system": QT_TRANSLATE_NOOP("ElementLabels", "système de codage"),
    "unit": QT_TRANSLATE_NOOP("ElementLabels", "unité"),
    "use": QT_TRANSLATE_NOOP("ElementLabels", "usage"),
    "rank": QT_TRANSLATE_NOOP("ElementLabels", "ordre de préférence"),
    "type": QT_TRANSLATE_NOOP("ElementLabels", "type"),
    "start": QT_TRANSLATE_NOOP("ElementLabels", "début"),
    "end": QT_TRANSLATE_NOOP("ElementLabels", "fin"),
    "period": QT_TRANSLATE_NOOP("ElementLabels", "période"),
    "line": QT_TRANSLATE_NOOP("ElementLabels", "rue"),
    "postalCode": QT_TRANSLATE_NOOP("ElementLabels", "code postal"),
    "city": QT_TRANSLATE_NOOP("ElementLabels", "ville"),
    "district": QT_TRANSLATE_NOOP("ElementLabels", "département"),
    "state": QT_TRANSLATE_NOOP("ElementLabels", "région ou canton"),
    "country": QT_TRANSLATE_NOOP("ElementLabels", "pays"),
    "reference": QT_TRANSLATE_NOOP("ElementLabels", "référence"),
    "status": QT_TRANSLATE_NOOP("ElementLabels", "réponse"),
    "required": QT_TRANSLATE_NOOP("ElementLabels", "présence requise"),
    "relationship": QT_TRANSLATE_NOOP("ElementLabels", "lien"),
    "family": QT_TRANSLATE_NOOP("ElementLabels", "nom"),
    "given": QT_TRANSLATE_NOOP("ElementLabels", "prénom(s)"),
    "low": QT_TRANSLATE_NOOP("ElementLabels", "minimum"),
    "high": QT_TRANSLATE_NOOP("ElementLabels", "maximum"),
    "language": QT_TRANSLATE_NOOP("ElementLabels", "langue"),
    "preferred": QT_TRANSLATE_NOOP("ElementLabels", "préférée"),
}
_PHONES: dict[str, object] = {
    "mobile": QT_TRANSLATE_NOOP("ElementLabels", "Téléphone mobile"),
    "home": QT_TRANSLATE_NOOP("ElementLabels", "Téléphone fixe"),
    "work": QT_TRANSLATE_NOOP("ElementLabels", "Téléphone professionnel"),
    "temp": QT_TRANSLATE_NOOP("ElementLabels", "Téléphone temporaire"),
    "old": QT_TRANSLATE_NOOP("ElementLabels", "Ancien téléphone"),
}
_CONTACT_SYSTEMS: dict[str, object] = {
    "phone": QT_TRANSLATE_NOOP("ElementLabels", "Téléphone"),
    "email": QT_TRANSLATE_NOOP("ElementLabels", "Courriel"),
    "fax": QT_TRANSLATE_NOOP("ElementLabels", "Fax"),
    "sms": QT_TRANSLATE_NOOP("ElementLabels", "SMS"),
    "pager": QT_TRANSLATE_NOOP("ElementLabels", "Bip"),
    "url": QT_TRANSLATE_NOOP("ElementLabels", "Site web"),
    "other": QT_TRANSLATE_NOOP("ElementLabels", "Autre contact"),
}
_ADDRESSES: dict[str, object] = {
    "home": QT_TRANSLATE_NOOP("ElementLabels", "Adresse"),
    "work": QT_TRANSLATE_NOOP("ElementLabels", "Adresse professionnelle"),
    "temp": QT_TRANSLATE_NOOP("ElementLabels", "Adresse temporaire"),
    "old": QT_TRANSLATE_NOOP("ElementLabels", "Ancienne adresse"),
    "billing": QT_TRANSLATE_NOOP("ElementLabels", "Adresse de facturation"),
}
_PARTICIPANTS: dict[str, object] = {
    "Patient": QT_TRANSLATE_NOOP("ElementLabels", "Patient"),
    "Practitioner": QT_TRANSLATE_NOOP("ElementLabels", "Praticien"),
    "PractitionerRole": QT_TRANSLATE_NOOP("ElementLabels", "Praticien"),
    "RelatedPerson": QT_TRANSLATE_NOOP("ElementLabels", "Accompagnant"),
    "Location": QT_TRANSLATE_NOOP("ElementLabels", "Lieu"),
    "HealthcareService": QT_TRANSLATE_NOOP("ElementLabels", "Service"),
    "Device": QT_TRANSLATE_NOOP("ElementLabels", "Équipement"),
}
# Item keys name a missing identity field "null" (see ElementPaths).
_NO_VALUE = "null"


class ElementLabels:
    """``label(resource_type, path)``: a short, translated name for one element."""

    @classmethod
    def label(cls, resource_type: str, path: ElementPath) -> str:
        if not path:
            return cls._tr(QT_TRANSLATE_NOOP("ElementLabels", "Fiche entière"))
        head = path[0]
        key = cls.item_key(path)
        names = [s for s in path[1:] if not ElementPaths.is_item_step(s)]
        if head == "name":
            return cls._name(key, names)
        if head == "telecom" and key is not None:
            return cls._with_leaf(cls._contact_point(key), names)
        if head == "address" and key is not None:
            use = key[0] if key else _NO_VALUE
            base = _ADDRESSES.get(use, _ADDRESSES["home"])
            return cls._with_leaf(cls._tr(base), names)
        if head == "identifier" and key is not None:
            return cls._with_leaf(cls._identifier(key[0] if key else ""), names)
        if head in ("extension", "modifierExtension") and key is not None:
            return cls._extension(key[0] if key else "")
        if head == "participant" and key is not None:
            return cls._with_leaf(cls._participant(key[0] if key else ""), names)
        if resource_type == "Observation" and head.startswith("value"):
            if names and names[-1] in ("unit", "code", "system"):
                return cls._tr(QT_TRANSLATE_NOOP("ElementLabels", "Unité de la valeur"))
            return cls._tr(QT_TRANSLATE_NOOP("ElementLabels", "Valeur"))
        known = _BY_TYPE.get((resource_type, head), _ANY_TYPE.get(head))
        base = cls._tr(known) if known is not None else cls.humanise(head)
        return cls._with_leaf(base, names)

    @staticmethod
    def item_key(path: ElementPath) -> tuple[str, ...] | None:
        """The identity parts of the first keyed item on the path: ``("phone", "mobile")``."""
        for step in path[1:]:
            if ElementPaths.is_item_step(step):
                return tuple(step[1:-1].split("|"))
        return None

    @staticmethod
    def humanise(name: str) -> str:
        """``postalCode`` → « Postal code »: readable, if not French."""
        words = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", " ", name).replace("_", " ").lower()
        return words[:1].upper() + words[1:]

    @classmethod
    def _with_leaf(cls, base: str, names: list[str]) -> str:
        if not names:
            return base
        leaf = names[-1]
        if leaf in _LEAVES:
            known = _LEAVES[leaf]
            if known is None:
                return base
            part = cls._tr(known)
        else:
            part = cls.humanise(leaf).lower()
        return QCoreApplication.translate("ElementLabels", "{element} — {part}").format(
            element=base, part=part
        )

    @classmethod
    def _name(cls, key: tuple[str, ...] | None, names: list[str]) -> str:
        use = key[0] if key else _NO_VALUE
        leaf = names[-1] if names else ""
        if leaf == "family":
            if use in ("official", "maiden"):
                return cls._tr(QT_TRANSLATE_NOOP("ElementLabels", "Nom de naissance"))
            if use == "usual":
                return cls._tr(QT_TRANSLATE_NOOP("ElementLabels", "Nom d'usage"))
            return cls._tr(QT_TRANSLATE_NOOP("ElementLabels", "Nom"))
        if leaf == "given":
            if use == "usual":
                return cls._tr(QT_TRANSLATE_NOOP("ElementLabels", "Prénom utilisé"))
            return cls._tr(QT_TRANSLATE_NOOP("ElementLabels", "Prénom(s)"))
        if leaf == "prefix":
            return cls._tr(QT_TRANSLATE_NOOP("ElementLabels", "Civilité"))
        if leaf == "suffix":
            return cls._tr(QT_TRANSLATE_NOOP("ElementLabels", "Titre"))
        if leaf == "text":
            return cls._tr(QT_TRANSLATE_NOOP("ElementLabels", "Nom complet"))
        return cls._with_leaf(cls._tr(_ANY_TYPE["name"]), names)

    @classmethod
    def _contact_point(cls, key: tuple[str, ...]) -> str:
        system = key[0] if key else _NO_VALUE
        use = key[1] if len(key) > 1 else _NO_VALUE
        if system == "phone" and use in _PHONES:
            return cls._tr(_PHONES[use])
        if system == "email" and use == "work":
            return cls._tr(QT_TRANSLATE_NOOP("ElementLabels", "Courriel professionnel"))
        return cls._tr(_CONTACT_SYSTEMS.get(system, _CONTACT_SYSTEMS["other"]))

    @staticmethod
    def identifier_system(system: str) -> IdentifierSystem | None:
        """The system of an ``identifier[...]`` key, when Cabinet knows it."""
        try:
            return IdentifierSystem(system)
        except ValueError:
            return None

    @classmethod
    def _identifier(cls, system: str) -> str:
        known = cls.identifier_system(system)
        if known is not None:
            if known.is_ins:
                return IdentityLabels.ins_kind(known)
            if known is IdentifierSystem.RPPS:
                return cls._tr(QT_TRANSLATE_NOOP("ElementLabels", "RPPS"))
            if known is IdentifierSystem.IDNATPS:
                return cls._tr(QT_TRANSLATE_NOOP("ElementLabels", "Identifiant national (idNatPs)"))
        return cls._tr(_ANY_TYPE["identifier"])

    @classmethod
    def _extension(cls, url: str) -> str:
        last = url.rstrip("/").rsplit("/", 1)[-1]
        compact = last.lower().replace("-", "")
        if "birthplace" in compact:
            return cls._tr(QT_TRANSLATE_NOOP("ElementLabels", "Lieu de naissance"))
        if "nationality" in compact:
            return cls._tr(QT_TRANSLATE_NOOP("ElementLabels", "Nationalité"))
        words = cls.humanise(last.replace("-", " ")) if last else ""
        return QCoreApplication.translate(
            "ElementLabels", "Information complémentaire ({name})"
        ).format(name=words or url)

    @classmethod
    def _participant(cls, reference: str) -> str:
        kind = reference.split("/", 1)[0]
        known = _PARTICIPANTS.get(kind)
        if known is None:
            return cls._tr(QT_TRANSLATE_NOOP("ElementLabels", "Participant"))
        return cls._tr(known)

    @staticmethod
    def _tr(text: object) -> str:
        return QCoreApplication.translate(_CONTEXT, str(text))
