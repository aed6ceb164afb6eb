"""Alembic migrations, shipped in the package. HEAD names the newest revision (a test checks)."""

HEAD = "0002_payment_paid_on"
