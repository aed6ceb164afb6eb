"""Alembic migrations, shipped in the package. HEAD names the newest revision (a test checks)."""

HEAD = "0029_payment_paid_on_loan"
