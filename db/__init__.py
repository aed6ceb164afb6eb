"""The store: SQLCipher-encrypted SQLite through SQLAlchemy, the key, and Alembic migrations."""
