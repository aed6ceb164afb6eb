"""Alembic migrations, shipped in the package. HEAD names the newest revision (a test checks)."""

HEAD = "0032_agreement_debt_taken_at"
