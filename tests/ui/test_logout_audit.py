"""Closing the window ends the user's session in the audit ("Logged out") before the workstation
anchors the chain's head (the anchored head is the logout); a window closed after a restore
writes nothing (the file changed under it)."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from app.audit_anchor import workstation_anchor
from app.models import AuditEntry
from tests.ui.test_audit_page import window_for
from tests.ui.test_audit_verify_page import database  # the demo office, a file

__all__ = ["database"]
pytestmark = [pytest.mark.gui, pytest.mark.sqlite_only]


def _last(db) -> tuple[int, str]:
    with db.sessions() as s:
        entry = s.scalars(select(AuditEntry).order_by(AuditEntry.id.desc()).limit(1)).one()
        return entry.id, entry.action


def test_closing_the_window_logs_the_user_out(qtbot, database) -> None:
    from ui.app import finish

    window = window_for(qtbot, database, "supervisor")
    before, action = _last(database)
    assert action == "user.login"
    window.close()
    finish(window)
    with database.sessions() as s:
        written = s.execute(
            select(AuditEntry.id, AuditEntry.action, AuditEntry.user_id)
            .where(AuditEntry.id > before)
            .order_by(AuditEntry.id)
        ).all()
    # Logged out, then the day's backup at close (by the system, as before).
    assert [tuple(w) for w in written] == [
        (before + 1, "user.logout", window.user.id),
        (before + 2, "database.backup", None),
    ]
    anchor = workstation_anchor(database.path)  # the anchor took the logout as its head
    assert anchor is not None and anchor.entry_id == before + 1


def test_no_logout_is_written_into_a_restored_file(qtbot, database) -> None:
    from ui.app import finish

    window = window_for(qtbot, database, "supervisor")
    window.close()
    window.restored = object()  # as after Backups ▸ Restore: the file is not this session's
    with database.sessions() as s:
        count = s.scalar(select(func.count()).select_from(AuditEntry))
    finish(window)
    with database.sessions() as s:
        assert s.scalar(select(func.count()).select_from(AuditEntry)) == count
