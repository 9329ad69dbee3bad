"""The Patients section: search, list, chart header, identity form."""
