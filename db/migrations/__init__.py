"""Alembic migrations, shipped in the package. HEAD names the newest revision (a test checks)."""

HEAD = "0014_instalment_unpaid_by_loan"
