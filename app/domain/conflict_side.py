"""Which side the practitioner keeps for one element of a conflict."""

from enum import StrEnum


class ConflictSide(StrEnum):
    """« Garder la mienne » or « Garder l'autre »."""

    MINE = "mine"
    THEIRS = "theirs"
