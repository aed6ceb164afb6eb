"""The override dialog tells an agent who may override as the CLI does — a supervisor or an
admin — and an admin's override is granted (QA s45 #6: the window named supervisors only)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from tests.ui.test_queue import open_office

pytestmark = pytest.mark.gui
REASON = "Borrower unreachable for weeks; the spouse is the only working contact."
REFUSED = {
    "en": "agent01 may not override compliance rules; ask a supervisor or an admin.",
    "zh_CN": "agent01 无权特批合规规则，请联系主管或管理员。",
}


@pytest.fixture
def database(request: pytest.FixtureRequest, tmp_path: Path, qapp: QApplication) -> Iterator:
    yield from open_office(request, tmp_path)


def test_an_agent_is_told_to_ask_a_supervisor_or_an_admin(qtbot, database, lang, tmp_path):
    from ui.dialogs.override import OverrideDialog

    ask = OverrideDialog(database)
    qtbot.addWidget(ask)
    ask.show()
    assert ask.try_override("agent01", "demo", REASON) is False
    assert ask.error.isVisible() and ask.error.text() == REFUSED[lang]
    assert ask.granted is None
    ask.grab().save(str(tmp_path / f"override_agent_{lang}.png"))
    assert ask.try_override("admin", "demo", REASON) is True  # as the message says
    boss, reason = ask.granted
    assert boss.username == "admin" and reason == REASON


def _account(database, username: str) -> tuple[object, int, int]:
    """(last login, logins audited, failed logins) of the account."""
    from sqlalchemy import func, select

    from app.models import AuditEntry, User

    with database.sessions() as s:
        user = s.scalar(select(User).where(User.username == username))
        logins = s.scalar(
            select(func.count(AuditEntry.id)).where(
                AuditEntry.user_id == user.id, AuditEntry.action == "user.login"
            )
        )
        return user.last_login_at, logins, user.failed_logins


def test_a_supervisors_password_is_checked_not_a_login(qtbot, database):
    """QA s47 M #2: the supervisor's password typed into the dialog left a login for them and
    moved their last login, before anything was saved and even when the agent then cancelled. A
    wrong one still counts towards their lockout."""
    from ui.dialogs.override import OverrideDialog

    before = _account(database, "supervisor")
    ask = OverrideDialog(database)
    qtbot.addWidget(ask)
    ask.show()
    assert ask.try_override("supervisor", "wrong", REASON) is False
    assert ask.error.text() == "Wrong user name or password."
    assert _account(database, "supervisor") == (*before[:2], before[2] + 1)
    assert ask.try_override("supervisor", "demo", REASON) is True
    assert ask.granted is not None and ask.granted[0].username == "supervisor"
    assert _account(database, "supervisor") == (*before[:2], 0)  # no login; the last one stays
