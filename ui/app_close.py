"""What the desktop app does as its window closes: the end of the user's session in the audit
trail, the audit chain's head anchored on this workstation, and on a file the day's backup if
none was made."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from db.store import Database
    from ui.main_window import MainWindow


def finish(window: MainWindow) -> None:
    """After the window closed: on a file, the daily backup if none today (the start's may have
    failed); nothing after a restore (the file changed under the window) or on a server."""
    from ui.daily import scheduled_backup

    if window.restored is None:
        log_out(window)
        anchor_audit_head(window.database)
    if window.restored is None and window.database.url is None:  # a file; a server backs up itself
        window.wait_for_backup()
        scheduled_backup(window.database)


def log_out(window: MainWindow) -> None:
    """Audit the end of the user's session as the window closes (before the anchor takes the
    chain's head); never in the way of closing: a file gone or full is said elsewhere."""
    from app.auth import log_out as audit_log_out

    try:
        audit_log_out(window.database.sessions, window.user.id)
    except Exception:  # noqa: BLE001 (closing must not fail for an audit line)
        pass


def anchor_audit_head(database: Database) -> None:
    """Record the audit chain's head on this workstation as the window closes, so a later verify
    notices entries removed from the end (app/audit_anchor.py); never in the way of closing."""
    from app.audit_anchor import advance

    target = database.url if database.url is not None else database.path
    try:
        with database.sessions() as session:
            advance(session, target)
    except Exception:  # noqa: BLE001 (closing must not fail for an anchor)
        pass
