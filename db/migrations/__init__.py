"""Alembic migrations, shipped in the package. HEAD names the newest revision (a test checks)."""

HEAD = "0031_payment_reference_key"
