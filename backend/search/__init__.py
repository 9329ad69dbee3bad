"""FHIR search: which parameters each type supports, and what a parsed search is."""
