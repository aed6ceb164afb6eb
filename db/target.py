"""What a database target is, told without loading SQLAlchemy: a file path or a server URL.

The window's start asks this before the core's modules have loaded (ui/startup.py).
"""

from __future__ import annotations

SCHEMES = ("postgresql+psycopg://", "postgresql://", "postgres://")


def is_pg_url(target: object) -> bool:
    """True for a PostgreSQL URL (a str; a Path is always a SQLite file)."""
    return isinstance(target, str) and target.lower().startswith(SCHEMES)
