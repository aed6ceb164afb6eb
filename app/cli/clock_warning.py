"""The CLI's warning of a computer clock set back (app/clock_behind.py), for commands that write."""

from __future__ import annotations

from app.auth import Permission, can
from app.cli.common import err
from app.clock_behind import clock_behind
from app.i18n import tr
from app.models import User
from db.store import Database


def warn_clock_behind(database: Database, user: User) -> None:
    """On stderr: this computer's clock is earlier than the office's last recorded work, so what
    the command records is dated before it. Said, not refused (a wrong refusal stops an office).
    How to confirm this clock right is said as `user` may: an admin by the command, anyone else
    by asking an admin."""
    with database.sessions() as session:
        behind = clock_behind(session)
    if behind is not None:
        may_confirm = can(user, Permission.CONFIRM_CLOCK)
        err(tr("Warning: {text}", text=behind.advice(may_confirm=may_confirm, cli=True)))
