"""Alembic migrations, shipped in the package. HEAD names the newest revision (a test checks)."""

HEAD = "0028_related_person_active"
