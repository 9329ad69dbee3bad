"""Storage tests, each run on SQLite (SQLCipher) and on a real PostgreSQL."""
