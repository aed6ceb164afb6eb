"""Alembic migrations, shipped in the package. HEAD names the newest revision (a test checks)."""

HEAD = "0017_visit_quiet_hours_agreed"
