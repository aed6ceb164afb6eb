"""Assigning by rule tells what it did in one Chinese sentence run: 已分配 N 个案件。跳过 M 个：…,
with no space between the sentences and no ASCII "; " between the reasons (the page joined them as
English does)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication
from sqlalchemy import select

from app import settings
from app.i18n import set_language
from app.models import User
from tests.ui.test_queue import open_office, window_for

pytestmark = pytest.mark.gui


@pytest.fixture
def database(request: pytest.FixtureRequest, tmp_path: Path, qapp: QApplication) -> Iterator:
    yield from open_office(request, tmp_path)


def test_assign_by_capacity_says_what_it_skipped_in_chinese(qtbot, database) -> None:
    with database.session() as s:
        admin = s.scalars(select(User).where(User.username == "admin")).one()
        settings.put(s, admin, "assign.capacity_per_agent", 1)
        s.commit()
    set_language("zh_CN")
    try:
        window = window_for(qtbot, database)
        page = window.queue
        page.unassigned.setChecked(True)
        summary = page.assign_by_rule("capacity")
        text = page.message.text()
    finally:
        set_language("en")
    assert summary is not None and summary.skipped
    assert "; " not in text and "。 " not in text
    skipped = [f"跳过 {n} 个：" for n in summary.skipped.values()]
    assert all(part in text for part in skipped)
    assert text.startswith(f"已分配 {summary.assigned} 个案件。跳过 ")


def test_the_agent_lists_name_an_agent_with_chinese_parentheses(lang: str) -> None:
    from app.queries.cases import AgentChoice
    from ui.dialogs.assign import agent_text

    agent = AgentChoice(1, "agent01", "王芳", phone_ok=True, field_ok=True)
    assert agent_text(agent) == ("王芳（agent01）" if lang == "zh_CN" else "王芳 (agent01)")
