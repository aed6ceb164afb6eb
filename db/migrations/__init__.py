"""Alembic migrations, shipped in the package. HEAD names the newest revision (a test checks)."""

HEAD = "0021_user_must_change_password"
