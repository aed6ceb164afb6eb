"""Alembic migrations, shipped in the package. HEAD names the newest revision (a test checks)."""

HEAD = "0033_loan_legal_at"
