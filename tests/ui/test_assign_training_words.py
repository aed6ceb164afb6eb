"""The Assign dialog tells an agent never trained ("training missing") from one whose training
lapsed, as `casedesk training status` does (found by QA: both read "training lapsed")."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication
from sqlalchemy import select

from app.auth import add_user
from app.i18n import set_language
from app.models import Course, Role, User
from app.queries.cases import AgentChoice, agent_choices
from app.training.records import record_training
from tests.ui.test_queue import open_office
from ui.dialogs.assign import AssignDialog, agent_text

pytestmark = pytest.mark.gui


@pytest.fixture
def database(request: pytest.FixtureRequest, tmp_path: Path, qapp: QApplication) -> Iterator:
    yield from open_office(request, tmp_path)


def _two_new_agents(database) -> None:
    """新人 never trained; 老员工 passed every phone course six years ago."""
    with database.session() as s:
        admin = s.scalar(select(User).where(User.username == "admin"))
        add_user(s, admin, "newbie", Role.AGENT, "pw-newbie", "新人")
        old = add_user(s, admin, "oldtimer", Role.AGENT, "pw-oldtimer", "老员工")
        long_ago = dt.date.today() - dt.timedelta(days=6 * 366)
        courses = s.scalars(select(Course).where(Course.required_for.in_(("all", "phone"))))
        for course in courses:
            record_training(s, admin, old, course, taken_on=long_ago, score=100)


def test_never_trained_reads_missing_and_lapsed_reads_lapsed(qtbot, database) -> None:
    _two_new_agents(database)
    with database.sessions() as s:
        agents = {a.username: a for a in agent_choices(s)}
    newbie, old = agents["newbie"], agents["oldtimer"]
    assert (newbie.phone_ok, newbie.phone_gap) == (False, "missing")
    assert (old.phone_ok, old.phone_gap) == (False, "lapsed")
    assert agent_text(newbie) == "新人 (newbie) — training missing"
    assert agent_text(old) == "老员工 (oldtimer) — training lapsed"
    set_language("zh_CN")
    try:
        # The Chinese dash, as the rule summary writes it (QA: a Latin " — " in Chinese text).
        assert agent_text(newbie) == "新人（newbie）——缺少培训"
        assert agent_text(old) == "老员工（oldtimer）——培训已过期"
    finally:
        set_language("en")
    # A lapsed course beside a missing one: the agent still lacks a course never taken.
    mixed = AgentChoice(9, "mixed", "混合", False, False, "missing")
    assert agent_text(mixed).endswith("training missing")


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_screenshot_with_a_never_trained_agent(qtbot, database, screenshot_dir, lang) -> None:
    _two_new_agents(database)
    with database.sessions() as s:
        agents = agent_choices(s)
    set_language(lang)
    try:
        dialog = AssignDialog(agents, 3)
        qtbot.addWidget(dialog)
        dialog.agent.setCurrentIndex(dialog.agent.findData("newbie"))
        dialog.show()
        qtbot.waitExposed(dialog)
        words = "缺少培训" if lang == "zh_CN" else "training missing"
        assert dialog.agent.currentText().endswith(words)
        QApplication.processEvents()
        assert dialog.grab().save(str(screenshot_dir / f"assign_never_trained_{lang}.png"))
        dialog.agent.showPopup()
        QApplication.processEvents()
        view = dialog.agent.view()
        assert view.window().grab().save(str(screenshot_dir / f"assign_agents_list_{lang}.png"))
        dialog.agent.hidePopup()
    finally:
        set_language("en")
