"""After a command of the CLI upgraded an older office: the queue rebuilt at once."""

from __future__ import annotations

from app.cli.common import err
from app.errors import CasedeskError
from db.store import Database


def rebuild_after_upgrade(database: Database) -> None:
    """An upgrade may score the queue anew (app/cases/scoring_stamp.py): rebuilt at once, as
    `db upgrade` and the window do, whatever command upgraded the office, so `queue` and
    `case show` never mix two formulas. A rebuild that cannot run now is said; the command goes
    on, and the window's day check rebuilds it."""
    from app.cases.daily import rebuild_if_due, summary_text

    try:
        rebuilt = rebuild_if_due(database)
    except CasedeskError as error:
        err(error.translated())
        return
    if rebuilt is not None:
        err(summary_text(rebuilt))
