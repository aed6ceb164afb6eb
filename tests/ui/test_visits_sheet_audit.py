"""The Visits page's Print visit sheet… is audited as `visit sheet` is (found by QA of a field
day; see tests/cli/test_visit_sheet_audit.py): who printed whose sheet, for which day, with
which visits, in which language, and the name of a file the user saved it to (`report recent`
lists it; a preview's temporary file is not named)."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from app.models import AuditEntry, User
from tests.core.visit_office import book, build_visit_office, case_nos, login, slot, verified_visit
from tests.ui.test_keyboard_day import ModalCloser

pytestmark = pytest.mark.gui


def test_the_visits_page_records_its_print(qtbot, qapp, db, tmp_path) -> None:
    from ui.pages.visits import VisitsPage
    from ui.signals import ChangeHub

    build_visit_office(db)
    number = verified_visit(db, case_nos(db)[0])
    assert book(db, number, start=slot(10)).saved
    page = VisitsPage(db, ChangeHub(), login(db, "supervisor"))
    qtbot.addWidget(page)
    page.sheet_agent, page.sheet_day = "agent01", slot(10).date()
    assert page.print_sheet(tmp_path / "sheet.pdf", preview=False) == tmp_path / "sheet.pdf"
    with db.sessions() as s:
        entries = s.execute(
            select(User.username, AuditEntry.entity_id, AuditEntry.changes)
            .join(User, User.id == AuditEntry.user_id)
            .where(AuditEntry.action == "visit.sheet")
        ).all()
    assert [tuple(e) for e in entries] == [
        (
            "supervisor",
            "agent01",
            {
                "day": f"{slot(10).date()}",
                "visits": [number],
                "language": "en",
                "file": "sheet.pdf",
            },
        )
    ]
    # A preview's file is a temporary one, not the user's: no file is named.
    closer = ModalCloser(lambda dialog: dialog.reject())
    assert page.print_sheet(None, preview=True) is not None
    closer.check()
    with db.sessions() as s:
        latest = s.scalar(
            select(AuditEntry.changes)
            .where(AuditEntry.action == "visit.sheet")
            .order_by(AuditEntry.id.desc())
            .limit(1)
        )
    assert latest is not None and "file" not in latest
