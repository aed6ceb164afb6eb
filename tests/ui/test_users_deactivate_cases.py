"""An admin deactivates an agent who holds open cases, in Chinese, in the Users dialog: the
confirmation says how many open cases go back to the queue and the visits the agent is on; after
it the cases are unassigned (a supervisor finds them under Unassigned and can place them by rule),
each with an audit entry in words, and the dialog says where they went. They used to stay with
the inactive account: nobody could work them, and assigning by rule passed them by."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QMessageBox
from sqlalchemy import func, select

from app.i18n import set_language
from app.models import AuditEntry, Case, CaseStatus, User, Visit, VisitAgent
from tests.conftest import TEST_KEY
from tests.ui.test_trust import grab_over, window_for
from ui import std_buttons

pytestmark = pytest.mark.gui


@pytest.fixture
def database(demo_path: Path, qapp: QApplication) -> Iterator:
    from db.store import open_database
    from ui.app import application

    application()
    db = open_database(demo_path, TEST_KEY)
    yield db
    db.close()


def _open_cases(database, agent_id: int | None) -> int:  # type: ignore[no-untyped-def]
    held = (
        Case.assigned_agent_id.is_(None) if agent_id is None else Case.assigned_agent_id == agent_id
    )
    with database.sessions() as s:
        return s.scalar(
            select(func.count()).select_from(Case).where(held, Case.status != CaseStatus.CLOSED)
        )


def _busiest_agent(database) -> tuple[int, str, int]:  # type: ignore[no-untyped-def]
    """The agent on the most booked visits to come (what deactivating counts, and `visit alerts`
    then flags), with open cases too: (id, name, visits)."""
    from app.account_handover import booked_to_come

    with database.sessions() as s:
        row = s.execute(
            select(User.id, User.username, func.count(func.distinct(Visit.id)))
            .join(VisitAgent, VisitAgent.agent_id == User.id)
            .join(Visit, Visit.id == VisitAgent.visit_id)
            .where(*booked_to_come())
            .group_by(User.id)
            .order_by(func.count(func.distinct(Visit.id)).desc(), User.id)
        ).first()
    assert row is not None, "the demo office has visits to come"
    return row[0], row[1], row[2]


def test_deactivating_an_agent_returns_their_open_cases_to_the_queue(
    qtbot, database, monkeypatch, screenshot_dir
) -> None:
    from app.cases.assignment import assign_by_rule
    from app.queries.audit_log import audit_rows
    from ui.dialogs.users import UsersDialog

    agent_id, name, visits = _busiest_agent(database)
    held, pool = _open_cases(database, agent_id), _open_cases(database, None)
    assert held > 0
    set_language("zh_CN")
    try:
        window = window_for(qtbot, database, "admin")
        dialog = UsersDialog(database, window.user, window)
        qtbot.addWidget(dialog)
        asked: list[str] = []

        def answer(_parent, _title, text, *args, **kwargs):  # type: ignore[no-untyped-def]
            asked.append(text)
            return QMessageBox.StandardButton.Yes

        monkeypatch.setattr(std_buttons, "question", answer)
        assert dialog.select(name)
        assert dialog.deactivate()
        said = dialog.status.text()
        grab_over(window, dialog, screenshot_dir / "users_deactivated_zh.png")
    finally:
        set_language("en")
    assert f"未结案件 {held:,} 个将退回工作队列" in asked[0]
    assert f"尚未结束的上门 {visits} 次" in asked[0]
    assert said.startswith(f"已停用 {name}")
    assert f"未结案件 {held:,} 个已退回工作队列" in said and "工作队列 → 未分配" in said
    assert f"尚未结束的上门 {visits} 次" in said
    assert not dialog.error.isVisible()

    assert _open_cases(database, agent_id) == 0
    assert _open_cases(database, None) == pool + held
    with database.sessions() as s:
        ids = s.scalars(
            select(AuditEntry.id).where(
                AuditEntry.action == "case.assign",
                AuditEntry.changes["why"].as_string() == "deactivated",
            )
        ).all()
        assert len(ids) == held
        row = audit_rows(s, ids[:1], "zh_CN")[ids[0]]
    assert row.action_words("zh_CN") == "案件退回队列：其催收员已停用"
    assert row.user == "管理员" and row.words and "→ ∅" in row.words[0]

    # A supervisor can now place them by rule; before, the rule passed them by.
    with database.session() as s:
        boss = s.scalar(select(User).where(User.username == "supervisor"))
        placed = assign_by_rule(s, boss, "round-robin").assigned
    assert placed >= held
    assert _open_cases(database, agent_id) == 0


def test_the_case_page_behind_shows_the_case_unassigned_once_the_dialog_closes(
    qtbot, database, monkeypatch
) -> None:
    """Opened from the window (File → Users…) over one of the agent's cases, the deactivation
    refreshes the case page when the dialog closes: it went on naming the deactivated agent."""
    from PySide6.QtCore import QTimer

    from ui.dialogs.users import UsersDialog

    agent_id, name, _visits = _busiest_agent(database)
    with database.sessions() as s:
        shown = s.scalar(select(User.display_name).where(User.id == agent_id))
        case_id = s.scalar(
            select(Case.id)
            .where(Case.assigned_agent_id == agent_id, Case.status != CaseStatus.CLOSED)
            .order_by(Case.id)
            .limit(1)
        )
    window = window_for(qtbot, database, "admin")
    window.open_case(case_id)
    agent = window.cases.case_form.values["Agent"]
    qtbot.waitUntil(lambda: agent.text() == shown)
    monkeypatch.setattr(std_buttons, "question", lambda *_a, **_k: QMessageBox.StandardButton.Yes)

    def in_the_dialog() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, UsersDialog)
        assert dialog.select(name) and dialog.deactivate()
        dialog.reject()  # Close

    QTimer.singleShot(0, in_the_dialog)
    assert window.open_users()
    qtbot.waitUntil(lambda: agent.text() == "Unassigned")
