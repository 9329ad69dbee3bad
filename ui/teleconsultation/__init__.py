"""The Téléconsultation section: the consultation view of a video call."""
