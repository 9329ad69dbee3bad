"""The lightweight FHIR R4 backend the workstation starts when no server is configured.

Built by the backend issue; it imports nothing of the workstation.
"""
