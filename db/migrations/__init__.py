"""Alembic migrations, shipped in the package. HEAD names the newest revision (a test checks)."""

HEAD = "0016_visit_at_workplace"
