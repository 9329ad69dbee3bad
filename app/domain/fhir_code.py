"""The code systems and codes Cabinet writes and looks for in FHIR resources it shares.

One place for them: the agenda reads what the demo writes, and both must agree.
"""


class FhirCode:
    """Constants only."""

    SNOMED = "http://snomed.info/sct"
    PARTICIPATION_TYPE = "http://terminology.hl7.org/CodeSystem/v3-ParticipationType"
    ACT_CODE = "http://terminology.hl7.org/CodeSystem/v3-ActCode"
    # Appointment.serviceType of a video consultation (SNOMED CT 448337001,
    # "Telemedicine consultation with patient"); an in-person one is 11429006.
    TELECONSULTATION = "448337001"
    CONSULTATION = "11429006"
    # Flag.code text of patients whose vital signs are followed over time.
    CHRONIC_FOLLOW_UP = "Suivi chronique"
