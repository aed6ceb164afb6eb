"""Alembic migrations, shipped in the package. HEAD names the newest revision (a test checks)."""

HEAD = "0020_contact_attempt_version_at"
