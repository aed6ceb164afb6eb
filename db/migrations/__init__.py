"""Alembic migrations, shipped in the package. HEAD names the newest revision (a test checks)."""

HEAD = "0012_contact_numbers_e164"
