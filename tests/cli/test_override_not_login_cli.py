"""`contact log --override-by supervisor` checks the supervisor's password, and that is not their
login (QA s47 M #2): no `user.login` for them and their last login stays, whether or not the
contact needed the override; a wrong password still counts towards their lockout."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from app.cli.main import main
from tests.cli.test_contact_cli import RELATIVE_CALL, _needs_override, _yesterday
from tests.conftest import TEST_KEY


def _supervisor(demo_path: Path, username: str = "supervisor") -> tuple[object, int, int]:
    """(last login, logins audited, failed logins) of the account."""
    from app.models import AuditEntry, User
    from db.store import open_database

    database = open_database(demo_path, TEST_KEY)
    try:
        with database.sessions() as s:
            user = s.scalar(select(User).where(User.username == username))
            logins = s.scalar(
                select(func.count(AuditEntry.id)).where(
                    AuditEntry.user_id == user.id, AuditEntry.action == "user.login"
                )
            )
            return user.last_login_at, logins, user.failed_logins
    finally:
        database.close()


@pytest.mark.parametrize("needed", [True, False], ids=["needed", "not-needed"])
def test_an_override_password_is_checked_not_a_login(capsys, demo_path, monkeypatch, needed):
    case, agent = _needs_override(demo_path)
    monkeypatch.setenv("CASEDESK_DB_KEY", TEST_KEY)
    monkeypatch.setenv("CASEDESK_USER", agent)
    monkeypatch.setenv("CASEDESK_PASSWORD", "demo")
    call = (
        RELATIVE_CALL
        if needed
        else ["--channel", "call", "--party", "borrower", "--outcome", "connected"]
    )
    args = ["contact", "log", case, *call, "--at", _yesterday(10), "--db", str(demo_path)]
    args += ["--override-reason", "borrower unreachable", "--override-by", "supervisor"]
    before = _supervisor(demo_path)
    agent_logins = _supervisor(demo_path, agent)[1]

    monkeypatch.setenv("CASEDESK_OVERRIDE_PASSWORD", "wrong")
    assert main(args) == 1
    assert "Wrong user name or password." in capsys.readouterr().err
    assert _supervisor(demo_path) == (*before[:2], before[2] + 1)  # counted, as before

    monkeypatch.setenv("CASEDESK_OVERRIDE_PASSWORD", "demo")
    assert main(args) == 0, capsys.readouterr().err
    assert _supervisor(demo_path) == (*before[:2], 0)  # no login, the last one kept
    assert _supervisor(demo_path, agent)[1] == agent_logins + 2  # the agent's own, each run
