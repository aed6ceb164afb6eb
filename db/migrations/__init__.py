"""Alembic migrations, shipped in the package. HEAD names the newest revision (a test checks)."""

HEAD = "0018_flagged_visit_bookings"
