"""Persistence of the backend: current versions, full history and the search index.

One schema, two engines (SQLite for the embedded default, PostgreSQL for a practice
server), behind :class:`backend.storage.resource_storage.ResourceStorage`.
"""
