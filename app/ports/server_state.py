"""Where the FHIR server the workstation talks to stands, as the status bar shows it."""

from enum import StrEnum


class ServerState(StrEnum):
    """Life of the server connection; ``RESTARTING`` follows an unexpected stop."""

    STARTING = "starting"
    RUNNING = "running"
    RESTARTING = "restarting"
    FAILED = "failed"
    STOPPED = "stopped"
