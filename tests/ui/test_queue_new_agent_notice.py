"""The Work queue filtered to a new agent with no training records: the notice above the table
says they have not yet passed the training (not that it lapsed, "until they pass it again") and
offers no move of cases they do not hold (QA: 赵六 in a new office). Screenshots in English and
Chinese."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication
from sqlalchemy import select

from app.auth import add_user
from app.i18n import set_language
from app.models import Role, User
from tests.ui.test_queue import grab, open_office, window_for

pytestmark = pytest.mark.gui
SAID = {
    "en": (
        "赵六 has not yet passed the training for phone and field work (",
        "until they pass it.",
        ("again", "lapsed", "Assign by rule"),
    ),
    "zh_CN": (
        "赵六 尚未通过电话催收与上门所需培训（",
        "通过前，不能给其分配案件或上门任务。",
        ("已过期", "重新", "按规则分配"),
    ),
}


@pytest.fixture
def database(request: pytest.FixtureRequest, tmp_path: Path, qapp: QApplication) -> Iterator:
    yield from open_office(request, tmp_path)


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_a_new_agents_notice_says_not_yet_passed(qtbot, database, screenshot_dir, lang) -> None:
    with database.session() as s:
        admin = s.scalar(select(User).where(User.username == "admin"))
        agent_id = add_user(s, admin, "agent09", Role.AGENT, "pw-agent09-long", "赵六").id
    starts, says, not_said = SAID[lang]
    set_language(lang)
    try:
        window = window_for(qtbot, database)
        page = window.queue
        page.agent.setCurrentIndex(page.agent.findData(agent_id))
        notice = page.agent_notice
        assert notice.isVisible()
        assert notice.text().startswith(starts), notice.text()
        assert says in notice.text()
        assert not any(words in notice.text() for words in not_said), notice.text()
        grab(window, screenshot_dir / f"queue_new_agent_notice_{lang}.png")
    finally:
        set_language("en")
