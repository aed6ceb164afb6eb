"""The booking dialog on a visit that already has a team on it offers that team and books with
the team the form holds; the check-out dialog's time spent stops where the core's ceiling is."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication
from sqlalchemy import select

from app.models import User, Visit, VisitAgent, VisitStatus
from app.visits.common import MAX_MINUTES_SPENT
from tests.conftest import TEST_KEY
from tests.core.visit_office import case_nos, login, slot, verified_visit, visit_office_path
from tests.ui.test_visits_page import grab, settle

pytestmark = pytest.mark.gui


@pytest.fixture
def database(template_db, tmp_path: Path, qapp: QApplication) -> Iterator:
    from db.store import open_database
    from ui.app import application

    application()
    db = open_database(visit_office_path(template_db, tmp_path), TEST_KEY)
    yield db
    db.close()


def _team(db, visit_no: str) -> list[tuple[str, bool]]:
    with db.sessions() as s:
        rows = s.execute(
            select(User.username, VisitAgent.lead)
            .join(VisitAgent, VisitAgent.agent_id == User.id)
            .join(Visit, Visit.id == VisitAgent.visit_id)
            .where(Visit.visit_no == visit_no)
            .order_by(VisitAgent.lead.desc(), User.username)
        )
        return [(name, bool(lead)) for name, lead in rows]


def test_the_dialog_books_a_visit_that_has_a_team_on_it(qtbot, database, screenshot_dir):
    from ui.dialogs.visit import VisitDialog

    case_no = case_nos(database)[0]
    visit_no = verified_visit(database, case_no)
    with database.session() as s:  # a team proposed with the request: agent02 leading agent03
        visit = s.scalar(select(Visit).where(Visit.visit_no == visit_no))
        for n, name in enumerate(("agent02", "agent03")):
            agent_id = s.scalar(select(User.id).where(User.username == name))
            s.add(VisitAgent(visit_id=visit.id, agent_id=agent_id, lead=n == 0))
    dialog = VisitDialog(database, login(database, "agent01"), case_no)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert dialog.stack.currentIndex() == 1 and dialog.visit_no == visit_no  # step 2: book
    assert dialog.agents() == ["agent02", "agent03"]  # the team on file, offered as it stands
    dialog.set_agents("agent01", "agent02")  # agent02 stays on (no longer leading), agent03 off
    dialog.set_start(slot(10))
    dialog.agreed.setChecked(True)
    dialog.enter.setChecked(True)
    settle(qtbot, dialog)
    assert dialog.panel.header.text() == "Allowed"
    grab(dialog, screenshot_dir / "visit_dialog_team_on_file.png")
    assert dialog.try_book() is True, dialog.error.text()
    with database.sessions() as s:
        status = s.scalar(select(Visit.status).where(Visit.visit_no == visit_no))
    assert status is VisitStatus.BOOKED
    assert _team(database, visit_no) == [("agent01", True), ("agent02", False)]


def test_the_check_out_dialog_s_time_spent_stops_at_the_core_s_ceiling(qtbot, database):
    from ui.dialogs.visit_outcome import VisitOutcomeDialog

    dialog = VisitOutcomeDialog(database, login(database, "agent01"), "V2026-000001")
    qtbot.addWidget(dialog)
    assert dialog.minutes.maximum() == MAX_MINUTES_SPENT == 24 * 60
    dialog.minutes.setValue(100_000)
    assert dialog.minutes.value() == MAX_MINUTES_SPENT
