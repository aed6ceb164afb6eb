"""The CLI's warning of a computer clock set back (app/clock_behind.py), for commands that write."""

from __future__ import annotations

from app.cli.common import err
from app.clock_behind import clock_behind
from app.i18n import tr
from db.store import Database


def warn_clock_behind(database: Database) -> None:
    """On stderr: this computer's clock is earlier than the office's last recorded work, so what
    the command records is dated before it. Said, not refused (a wrong refusal stops an office)."""
    with database.sessions() as session:
        behind = clock_behind(session)
    if behind is not None:
        err(tr("Warning: {text}", text=behind.advice()))
