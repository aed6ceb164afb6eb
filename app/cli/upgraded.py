"""After a command of the CLI upgraded an older office: said, and the queue rebuilt at once."""

from __future__ import annotations

from pathlib import Path

from app.cli.common import err
from app.errors import CasedeskError
from app.i18n import tr
from db.store import Database


def tell_upgraded(database: Database, backup: Path) -> None:
    """Say the upgrade and where the copy made first is, then rebuild the queue: an upgrade may
    score it anew (app/cases/scoring_stamp.py), so it is rebuilt at once, as `db upgrade` and the
    window do, whatever command upgraded the office, and `queue` and `case show` never mix two
    formulas. A rebuild that cannot run now is said; the command goes on, and the window's day
    check rebuilds it."""
    from app.cases.daily import rebuild_if_due, summary_text

    err(tr("Upgraded the database; the copy made before upgrading is {backup}", backup=str(backup)))
    try:
        rebuilt = rebuild_if_due(database)
    except CasedeskError as error:
        err(error.translated())
        return
    if rebuilt is not None:
        err(summary_text(rebuilt))
