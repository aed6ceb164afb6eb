"""An agent is away (found by QA as the supervisor): their open cases are handed back to the
queue from the Assign dialog, or moved to the other agents by rule from the by-rule dialog's
"Cases of:" — in the Work queue on the demo office, with real widgets; the queue and the dashboard
hear of it through the change hub and the queue's counts agree. Screenshots en and zh_CN."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication, QDialogButtonBox
from sqlalchemy import func, select

from app.i18n import set_language
from app.models import Case, CaseStatus, User
from tests.ui.test_queue import database, window_for  # noqa: F401 (the fixture)
from tests.ui.test_trust import when_modal
from ui.dialogs.assign import BACK_TO_QUEUE, AssignDialog, AssignRuleDialog

pytestmark = pytest.mark.gui


def _held(db, username: str | None) -> int:  # type: ignore[no-untyped-def]
    with db.sessions() as s:
        query = select(func.count()).select_from(Case).where(Case.status != CaseStatus.CLOSED)
        if username is None:
            query = query.where(Case.assigned_agent_id.is_(None))
        else:
            query = query.join(User, User.id == Case.assigned_agent_id).where(
                User.username == username
            )
        return int(s.scalar(query) or 0)


def _filter_agent(page, username: str) -> None:  # type: ignore[no-untyped-def]
    agent = next(a for a in page.agents if a.username == username)
    page.agent.setCurrentIndex(page.agent.findData(agent.id))


def test_hand_back_selected_cases_from_the_assign_dialog(qtbot, database, screenshot_dir) -> None:  # noqa: F811
    window = window_for(qtbot, database)
    page = window.queue
    _filter_agent(page, "agent01")
    before = page.model.rowCount()
    assert before >= 3
    unassigned = _held(database, None)
    page.select_rows([0, 1, 2])
    holder = next(a for a in page.agents if a.username == "agent01")

    def back(dialog: AssignDialog) -> None:
        offered = [dialog.agent.itemData(i) for i in range(dialog.agent.count())]
        assert "agent01" not in offered  # they hold every selected case already
        dialog.agent.setCurrentIndex(dialog.agent.findData(BACK_TO_QUEUE))
        for lang in ("en", "zh_CN"):
            set_language(lang)
            shot = AssignDialog(page.agents, 3, None, holder.id)
            shot.agent.setCurrentIndex(shot.agent.findData(BACK_TO_QUEUE))
            shot.show()
            QApplication.processEvents()
            assert shot.grab().save(str(screenshot_dir / f"qaabsent-assign-{lang}.png"))
            shot.close()
        set_language("en")
        dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok).click()

    window.dashboard.stale = False
    when_modal(AssignDialog, back)
    page.choose_agent()
    assert page.message.text() == "3 cases handed back to the queue, unassigned."
    assert page.model.rowCount() == before - 3 == _held(database, "agent01")
    assert _held(database, None) == unassigned + 3
    page.agent.setCurrentIndex(0)
    page.unassigned.setChecked(True)
    assert page.model.rowCount() == unassigned + 3
    assert window.dashboard.stale or window.dashboard.isVisible()  # it heard of the change


def test_move_an_absent_agents_cases_by_rule(qtbot, database, screenshot_dir) -> None:  # noqa: F811
    window = window_for(qtbot, database)
    page = window.queue
    theirs = _held(database, "agent01")
    unassigned = _held(database, None)
    assert theirs > 0

    def from_agent01(dialog: AssignRuleDialog) -> None:
        dialog.cases_of.setCurrentIndex(dialog.cases_of.findData("agent01"))
        for lang in ("en", "zh_CN"):
            set_language(lang)
            shot = AssignRuleDialog(None, page.agents)
            shot.cases_of.setCurrentIndex(shot.cases_of.findData("agent01"))
            shot.show()
            QApplication.processEvents()
            assert shot.grab().save(str(screenshot_dir / f"qaabsent-rule-{lang}.png"))
            shot.close()
        set_language("en")
        dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok).click()

    when_modal(AssignRuleDialog, from_agent01)
    page.choose_rule()
    left = _held(database, "agent01")
    moved = theirs - left
    assert moved > 0
    name = next(a.display_name for a in page.agents if a.username == "agent01")
    assert page.message.text().startswith(
        f"{moved} case{'s' if moved != 1 else ''} moved from {name} to the other agents."
    )
    assert _held(database, None) == unassigned  # the unassigned were left for a plain run
    _filter_agent(page, "agent01")
    assert page.model.rowCount() == left
