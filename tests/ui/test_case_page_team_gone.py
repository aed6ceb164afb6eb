"""The case page says when its booked visit has a team member who may no longer go
(deactivated), who and what to do, in English and Chinese, and its story marks the visit (QA
s46: only the Visits page said so)."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.accounts import deactivate_user
from app.i18n import set_language
from app.models import User
from tests.core.visit_office import book, case_nos, login, verified_visit
from tests.ui.test_visit_reschedule_zone import database  # noqa: F401 (a fixture)
from tests.ui.test_visits_page import grab
from ui.table_fill import cell_text

pytestmark = pytest.mark.gui


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_the_case_page_says_the_visit_needs_a_new_team(  # type: ignore[no-untyped-def]
    qtbot,
    database,  # noqa: F811
    screenshot_dir,
    lang,
) -> None:
    from ui.pages.case_page import CasePage
    from ui.signals import ChangeHub

    case_no = case_nos(database)[0]
    number = verified_visit(database, case_no)
    assert book(database, number, ("agent01", "agent02")).saved  # 李强 is agent02
    with database.session() as s:
        deactivate_user(s, s.get(User, login(database, "admin").id), "agent02")
    words = {
        "en": (
            f"Team to staff anew: 李强, on visit {number}'s team, may no longer go on visits",
            "Reschedule it with a new team (its time can stay), or cancel it.",
            f"Visit {number}: booked, team to staff anew",
        ),
        "zh_CN": (
            f"需重新安排上门人员：上门 {number} 的人员中，李强 已不能上门",
            "请改约并更换上门人员（时间可以不变），或取消该上门。",
            f"上门 {number}：已预约，需重新安排人员",
        ),
    }[lang]
    set_language(lang)
    try:
        page = CasePage(database, ChangeHub(), login(database, "supervisor"))
        qtbot.addWidget(page)
        page.resize(1366, 768)
        page.show()
        assert page.show_case(case_no)
        status = page.case_form.values["Status"].text()
        assert words[0] in status and words[1] in status
        events = [cell_text(page.timeline, r, 2) for r in range(page.timeline.rowCount())]
        assert words[2] in events
        grab(page, Path(screenshot_dir) / f"case_team_gone_{lang}.png")
        page.grab().save(f"/tmp/k1-case-{lang}.png")
    finally:
        set_language("en")
