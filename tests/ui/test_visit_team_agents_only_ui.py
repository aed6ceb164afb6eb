"""The window offers only collection agents for a visit's team, as the core now demands; a team
member who has since become a supervisor is offered as the team stands, and the live check names
them and their role, as `casedesk visit reschedule` refuses them."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QComboBox, QLabel
from sqlalchemy import select, update

from app.models import Role, User, VerdictKind
from tests.conftest import TEST_KEY
from tests.core.visit_office import book, case_nos, login, verified_visit, visit_office_path
from tests.ui.test_visits_page import grab, settle

pytestmark = pytest.mark.gui
AGENTS = ["agent01", "agent02", "agent03", "agent04"]


@pytest.fixture
def database(template_db, tmp_path: Path, qapp: QApplication) -> Iterator:
    from db.store import open_database
    from ui.app import application

    application()
    db = open_database(visit_office_path(template_db, tmp_path), TEST_KEY)
    yield db
    db.close()


def _offered(box: QComboBox) -> list[str]:
    return sorted(d for d in (box.itemData(i) for i in range(box.count())) if d)


def test_the_booking_dialog_offers_agents_only(qtbot, database):
    from ui.dialogs.visit import VisitDialog

    case_no = case_nos(database)[0]
    verified_visit(database, case_no, who="supervisor")
    dialog = VisitDialog(database, login(database, "supervisor"), case_no)
    qtbot.addWidget(dialog)
    for box in (dialog.lead, dialog.partner, dialog.third):
        assert _offered(box) == AGENTS  # no supervisor, no admin


NAMED = {
    "en": "{name} (agent02, Supervisor) is not a collection agent",
    "zh_CN": "{name}（agent02，主管）不是催收员",
}


def test_a_team_member_now_a_supervisor_is_named_by_the_live_check(
    qtbot, database, lang, screenshot_dir
):
    from ui.dialogs.visit_reschedule import RescheduleDialog

    visit_no = verified_visit(database, case_nos(database)[0])
    assert book(database, visit_no).saved
    with database.session() as s:  # agent02 promoted after the booking
        s.execute(update(User).where(User.username == "agent02").values(role=Role.SUPERVISOR))
        name = s.scalar(select(User.display_name).where(User.username == "agent02"))
    dialog = RescheduleDialog(database, login(database, "agent01"), visit_no)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert _offered(dialog.third) == AGENTS  # the agents, and agent02 as the team stands
    assert dialog.agents() == ["agent01", "agent02"]
    dialog.schedule_check()
    settle(qtbot, dialog)
    words = " ".join(label.text() for label in dialog.panel.findChildren(QLabel))
    assert NAMED[lang].format(name=name) in words
    grab(dialog, screenshot_dir / f"visit_reschedule_not_an_agent_{lang}.png")
    assert dialog.panel.kind is None  # no verdict: the team cannot be judged
    dialog.set_agents("agent01", "agent03")
    settle(qtbot, dialog)
    assert dialog.panel.kind is VerdictKind.ALLOWED
