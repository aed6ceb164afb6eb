"""Alembic migrations, shipped in the package. HEAD must name the newest revision (a test checks)."""

HEAD = "0001_initial"
