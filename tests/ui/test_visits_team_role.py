"""QA s46 in the window: an agent made a supervisor in the Users dialog is told how many booked
visits to come they are on (before and after), and the Visits page flags their visit as it does a
deactivated account's; a flagged visit whose start has passed is offered a new time, not its own
("its time can stay" was refused at the Reschedule… dialog)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox

from app.accounts import change_role, deactivate_user
from app.i18n import set_language
from app.models import User
from tests.core.missed_visit import START, missed_visit
from tests.core.visit_office import book, case_nos, login, verified_visit, visit_day
from tests.ui.test_trust import grab_over, window_for
from tests.ui.test_users_deactivate_cases import _busiest_agent
from tests.ui.test_users_deactivate_cases import database as demo  # noqa: F401 (a fixture)
from tests.ui.test_visits_not_checked_in import database  # noqa: F401 (a fixture)
from tests.ui.test_visits_page import grab, visits_page
from ui import std_buttons

pytestmark = pytest.mark.gui


def test_the_role_change_tells_the_visits(qtbot, demo, monkeypatch, screenshot_dir) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    from ui.dialogs.users import UsersDialog

    _id, name, visits = _busiest_agent(demo)
    assert visits > 0
    window = window_for(qtbot, demo, "admin")
    dialog = UsersDialog(demo, window.user, window)
    qtbot.addWidget(dialog)
    asked: list[str] = []

    def answer(_parent, _title, text, *args, **kwargs):  # type: ignore[no-untyped-def]
        asked.append(text)
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(std_buttons, "question", answer)
    monkeypatch.setattr(std_buttons, "get_item", lambda *a, **k: ("主管", True))
    set_language("zh_CN")
    try:
        assert dialog.select(name)
        assert dialog.change_role()
        said = dialog.status.text()
        grab_over(window, dialog, screenshot_dir / "users_role_visits_zh.png")
    finally:
        set_language("en")
    assert f"尚未结束的上门 {visits} 次" in asked[0], asked[0]
    assert f"尚未结束的上门 {visits} 次" in said and said.startswith(f"{name} ")


def test_the_page_flags_a_supervisors_visit(qtbot, database, screenshot_dir) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    number = verified_visit(database, case_nos(database)[1])
    assert book(database, number, ("agent01", "agent02")).saved  # 李强 is agent02
    with database.session() as s:
        assert change_role(s, s.get(User, login(database, "admin").id), "agent02", "supervisor")
    page = visits_page(qtbot, database, "supervisor")
    page.show_week(visit_day())
    banner = page.banner_text.text()
    assert "Team to staff anew (1)" in banner and number in banner and "李强" in banner
    page.select(number)
    assert "no longer an agent" in page.detail.text() and "time can stay" in page.detail.text()
    assert not page.approve_button.isEnabled()


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_a_passed_start_is_offered_a_new_time(qtbot, database, screenshot_dir, lang) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    number, _case_no = missed_visit(database)  # agent01 and agent02, long past
    with database.session() as s:
        deactivate_user(s, s.get(User, login(database, "admin").id), "agent02")
    set_language(lang)
    try:
        page = visits_page(qtbot, database, "supervisor")
        page.show_week(START.date())
        page.select(number)
        detail = page.detail.text()
        grab(page, Path(screenshot_dir) / f"visits_team_gone_passed_{lang}.png")
    finally:
        set_language("en")
    stay, new = {
        "en": ("time can stay", "a new time and a new team"),
        "zh_CN": ("时间可以不变", "选择新的时间和上门人员"),
    }[lang]
    assert "李强" in detail and new in detail and stay not in detail, detail
