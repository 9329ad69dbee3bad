"""Domain types: plain Python values, FHIR R4 mapping, French identifiers."""
