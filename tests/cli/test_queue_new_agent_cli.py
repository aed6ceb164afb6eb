"""`casedesk queue --agent` for a new agent with no training records: the notice says they have
not yet passed the training (not that it lapsed, "until they pass it again") and offers no move
of cases they do not hold (QA: agent04 in a new office)."""

from __future__ import annotations

from sqlalchemy import select

from app.auth import add_user
from app.cli.main import main
from app.models import Role, User
from db.store import open_database
from tests.conftest import TEST_KEY


def _new_agent(demo_path) -> None:
    database = open_database(demo_path, TEST_KEY)
    try:
        with database.session() as s:
            admin = s.scalar(select(User).where(User.username == "admin"))
            add_user(s, admin, "agent09", Role.AGENT, "pw-agent09-long", "Zhao Liu")
    finally:
        database.close()


def test_a_new_agents_cases_say_they_have_not_yet_passed(capsys, monkeypatch, demo_path):
    _new_agent(demo_path)
    monkeypatch.setenv("CASEDESK_DB_KEY", TEST_KEY)
    monkeypatch.setenv("CASEDESK_USER", "supervisor")
    monkeypatch.setenv("CASEDESK_PASSWORD", "demo")
    db = ["--db", str(demo_path)]
    capsys.readouterr()
    assert main(["queue", "--agent", "agent09", *db]) == 0
    out = capsys.readouterr().out
    assert "Zhao Liu has not yet passed the training for phone and field work (" in out
    assert "until they pass it." in out
    assert "again" not in out and "lapsed" not in out and "casedesk assign" not in out
    assert main(["--lang", "zh_CN", "queue", "--agent", "agent09", *db]) == 0
    out = capsys.readouterr().out
    assert "Zhao Liu 尚未通过电话催收与上门所需培训（" in out
    assert "通过前，不能给其分配案件或上门任务。" in out
    assert "已过期" not in out and "重新" not in out and "casedesk assign" not in out
