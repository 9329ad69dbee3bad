"""Synchronisation of the encrypted store with a FHIR R4 server (outbox push, pull, merge).

Built by the sync issue; the store already keeps the outbox, cursors and conflicts it needs.
"""
