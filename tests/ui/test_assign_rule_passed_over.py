"""Assign by rule says who it left out for their training (found by QA on a supervisor's
month-end: "20 cases assigned." and agent01, whose negotiation course had lapsed, silently got
none; the supervisor had to guess why)."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtWidgets import QApplication, QDialogButtonBox
from sqlalchemy import select

from app.cases.assignment import unassign_cases
from app.i18n import set_language
from app.models import Case, CaseStatus, Course, TrainingRecord, User
from tests.ui.test_queue import database, login, window_for  # noqa: F401 (the fixture)
from tests.ui.test_trust import when_modal
from ui.dialogs.assign import AssignRuleDialog

pytestmark = pytest.mark.gui


def _hand_back(db, username: str) -> int:  # type: ignore[no-untyped-def]
    """`username`'s open cases handed back to the queue by the supervisor: work to place."""
    supervisor = login(db)
    with db.session() as s:
        agent = s.scalar(select(User).where(User.username == username))
        numbers = list(
            s.scalars(
                select(Case.case_no).where(
                    Case.assigned_agent_id == agent.id, Case.status != CaseStatus.CLOSED
                )
            )
        )
        unassign_cases(s, s.get(User, supervisor.id), numbers)
    return len(numbers)


def _field_lapsed(db, username: str) -> None:  # type: ignore[no-untyped-def]
    """`username`'s field-only courses expired long ago: phone work only."""
    with db.session() as s:
        agent = s.scalar(select(User).where(User.username == username))
        for record in s.scalars(
            select(TrainingRecord)
            .join(Course, Course.id == TrainingRecord.course_id)
            .where(TrainingRecord.agent_id == agent.id, Course.required_for == "field")
        ):
            record.expires_on = dt.date(2000, 1, 1)


def _ok(dialog: AssignRuleDialog) -> None:
    """The dialog as it opens: unassigned cases, round-robin, every bucket."""
    dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok).click()


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_assign_by_rule_names_the_agents_left_out_for_training(
    qtbot,
    database,  # noqa: F811
    lang,
    screenshot_dir,
) -> None:
    assert _hand_back(database, "agent01") > 0
    _field_lapsed(database, "agent02")
    set_language(lang)
    try:
        window = window_for(qtbot, database)
        page = window.queue
        when_modal(AssignRuleDialog, _ok)
        page.choose_rule()
        text = page.message.text()
        QApplication.processEvents()
        assert window.grab().save(str(screenshot_dir / f"supday-assign-rule-{lang}.png"))
        if lang == "en":
            # 杜平 got the phone-stage cases: not "left out" (QA: "未获分配" of an agent given 12).
            assert text.endswith(
                "Left out for their training: 姜志强 (agent01) — training lapsed. "
                "No field-stage case, for their field training: 杜平 (agent02) — field "
                "training lapsed."
            ), text
        else:
            assert text.endswith(
                "因培训未获分配：姜志强（agent01）——培训已过期。"
                "因上门培训未获分配上门阶段案件：杜平（agent02）——上门培训已过期。"
            ), text
        # A run with nothing to place names no one: the left-out list is about this run's cases.
        when_modal(AssignRuleDialog, _ok)
        page.choose_rule()
        assert "agent01" not in page.message.text()
    finally:
        set_language("en")
