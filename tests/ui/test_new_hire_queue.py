"""Found by QA: a new hire's empty work queue showed only "0 open cases". An agent's own queue
with nothing in it now says a supervisor assigns cases; a filter that finds nothing still says
"0 open cases", and a supervisor's empty list is only counted. On the demo office, real widgets."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from app.auth import add_user
from app.i18n import set_language
from app.models import Role, User
from tests.ui.test_queue import database, window_for  # noqa: F401 (the fixture)

pytestmark = pytest.mark.gui
WORDS = {
    "en": "No case is assigned to you yet: a supervisor assigns cases, by hand or by rule.",
    "zh_CN": "还没有分配给您的案件：由主管手动或按规则分配案件。",
}


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_a_new_hires_empty_queue_says_a_supervisor_assigns_cases(
    qtbot,
    database,  # noqa: F811
    screenshot_dir,
    lang,
) -> None:
    with database.session() as s:
        admin = s.scalar(select(User).where(User.username == "admin"))
        add_user(s, admin, "newhire", Role.AGENT, "demo", "新同事")
    set_language(lang)
    try:
        window = window_for(qtbot, database, "newhire")
        page = window.queue
        qtbot.waitUntil(lambda: page.count.text() == WORDS[lang], timeout=3000)
        assert page.model.rowCount() == 0
        window.grab().save(str(screenshot_dir / f"qaabsent-new-hire-queue-{lang}.png"))
        page.set_search("nobody at all")
        zero = {"en": "0 open cases", "zh_CN": "未结案件 0 个"}[lang]
        qtbot.waitUntil(lambda: page.count.text() == zero, timeout=3000)
    finally:
        set_language("en")


def test_a_supervisors_empty_list_is_only_counted(qtbot, database) -> None:  # noqa: F811
    page = window_for(qtbot, database, "supervisor").queue
    page.set_search("nobody at all")
    qtbot.waitUntil(lambda: page.count.text() == "0 open cases", timeout=3000)
