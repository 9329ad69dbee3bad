"""What the Carte Vitale dialog is showing."""

from enum import StrEnum


class VitalePhase(StrEnum):
    """What the dialog shows: the read under way, the wait for a card, why the card gave
    no holders, or the holders."""

    READING = "reading"
    WAITING = "waiting"
    ERROR = "error"
    HOLDERS = "holders"
