"""The encrypted local store: one SQLCipher 4 database per profile.

Resources as FHIR JSON with indexed columns, the outbox, sync cursors, conflicts and
the audit chain. A write, its outbox entry and its audit entry commit together.
"""
