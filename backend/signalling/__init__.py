"""Signalling for video teleconsultations: rooms per Appointment, and the patient's join links."""
