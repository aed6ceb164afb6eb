"""Found by QA in the Users dialog: "Change role…" stayed enabled for a deactivated account, and
an agent was made a supervisor without a word about the open cases they hold (they stay theirs).
The button now waits for the account to be activated, saying so; the change of an agent's role
asks first, naming their open cases and where a supervisor moves them."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication, QMessageBox
from sqlalchemy import func, select

from app.i18n import set_language
from app.models import Case, CaseStatus, Role, User
from tests.ui.test_trust import grab_over, window_for
from tests.ui.test_users_dialog import database  # noqa: F401 (the fixture)
from ui import std_buttons

pytestmark = pytest.mark.gui


def _role_and_cases(db, name: str) -> tuple[Role, int]:  # type: ignore[no-untyped-def]
    with db.sessions() as s:
        user = s.scalar(select(User).where(User.username == name))
        assert user is not None
        held = s.scalar(
            select(func.count())
            .select_from(Case)
            .where(Case.assigned_agent_id == user.id, Case.status != CaseStatus.CLOSED)
        )
        return user.role, int(held or 0)


def _shoot(text: str, path) -> None:  # type: ignore[no-untyped-def]
    """The confirmation as the admin sees it (ui/confirm.py's box, not run modal)."""
    yes_no = QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No
    box = std_buttons.message_box(QMessageBox.Icon.Question, "", text, yes_no)
    box.show()
    QApplication.processEvents()
    assert box.grab().save(str(path))
    box.close()


def test_an_agent_made_supervisor_is_confirmed_naming_their_cases(
    qtbot,
    database,  # noqa: F811
    monkeypatch,
    screenshot_dir,
) -> None:
    from ui.dialogs.users import UsersDialog

    window = window_for(qtbot, database, "admin")
    dialog = UsersDialog(database, window.user, window)
    qtbot.addWidget(dialog)
    role, held = _role_and_cases(database, "agent03")
    assert role is Role.AGENT and held > 0
    asked: list[str] = []

    def answer(reply):  # type: ignore[no-untyped-def]
        def question(_parent, _title, text, *a, **k):  # type: ignore[no-untyped-def]
            asked.append(text)
            return reply

        return question

    monkeypatch.setattr(std_buttons, "get_item", lambda *a, **k: ("主管", True))
    assert dialog.select("agent03")
    set_language("zh_CN")
    try:
        monkeypatch.setattr(std_buttons, "question", answer(QMessageBox.StandardButton.No))
        assert not dialog.change_role()
    finally:
        set_language("en")
    assert _role_and_cases(database, "agent03") == (Role.AGENT, held)  # nothing changed
    assert f"{held} 个" in asked[0] and "按规则分配" in asked[0], asked[0]
    monkeypatch.setattr(std_buttons, "get_item", lambda *a, **k: ("Supervisor", True))
    monkeypatch.setattr(std_buttons, "question", answer(QMessageBox.StandardButton.Yes))
    assert dialog.change_role()
    assert asked[1].startswith("Give agent03 the role Supervisor? Their ")
    assert f"{held} open case" in asked[1] and "stay with them" in asked[1]
    assert _role_and_cases(database, "agent03") == (Role.SUPERVISOR, held)
    _shoot(asked[0], screenshot_dir / "qaabsent-role-confirm-zh_CN.png")
    _shoot(asked[1], screenshot_dir / "qaabsent-role-confirm-en.png")
    # Back to agent: no agent's cases at stake, no question.
    monkeypatch.setattr(std_buttons, "question", lambda *a, **k: pytest.fail("asked"))
    assert dialog.change_role("agent")
    assert _role_and_cases(database, "agent03")[0] is Role.AGENT


def test_change_role_waits_for_a_deactivated_account(  # noqa: F811
    qtbot,
    database,  # noqa: F811
    monkeypatch,
    screenshot_dir,
) -> None:
    from ui.dialogs.users import UsersDialog

    window = window_for(qtbot, database, "admin")
    dialog = UsersDialog(database, window.user, window)
    qtbot.addWidget(dialog)
    assert dialog.select("agent04")
    assert dialog.role_button.isEnabled() and dialog.role_button.toolTip() == ""
    monkeypatch.setattr(std_buttons, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    assert dialog.deactivate()
    assert not dialog.role_button.isEnabled()
    assert dialog.role_button.toolTip() == "Activate the account first to change its role."
    dialog.show()
    grab_over(window, dialog, screenshot_dir / "qaabsent-users-inactive-en.png")
    set_language("zh_CN")
    try:
        chinese = UsersDialog(database, window.user, window)
        qtbot.addWidget(chinese)
        assert chinese.select("agent04") and not chinese.role_button.isEnabled()
        assert chinese.role_button.toolTip() == "请先启用该账户，再更改其角色。"
        chinese.show()
        grab_over(window, chinese, screenshot_dir / "qaabsent-users-inactive-zh_CN.png")
        chinese.close()
    finally:
        set_language("en")
    assert dialog.activate()
    assert dialog.role_button.isEnabled() and dialog.role_button.toolTip() == ""
