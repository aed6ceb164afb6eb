"""`casedesk user role NAME ROLE` and the list it reads (app.accounts.change_role, account_rows):
an admin makes an agent a supervisor, audited; one's own role, the same role, an unknown role and
an agent acting are refused with nothing changed."""

from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy import select

from tests.cli.conftest import ADMIN_PASSWORD, AGENT_PASSWORD
from tests.conftest import TEST_KEY


def _stored(path: Path) -> tuple[dict[str, str], list[tuple[str, object]]]:
    from app.models import AuditEntry, User
    from db.store import open_database

    database = open_database(path, TEST_KEY)
    try:
        with database.sessions() as s:
            roles = {u.username: u.role.value for u in s.scalars(select(User))}
            entries = [
                (e.action, e.changes)
                for e in s.scalars(select(AuditEntry).where(AuditEntry.action == "user.role"))
            ]
            return roles, entries
    finally:
        database.close()


def test_an_admin_makes_an_agent_a_supervisor(cli, office: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("CASEDESK_PASSWORD", ADMIN_PASSWORD)
    admin = ["--user", "admin", "--db", office]
    code, out, err = cli("user", "role", "bob", "supervisor", *admin)
    assert code == 0, err
    assert out.strip() == "bob is now Supervisor."
    roles, entries = _stored(office)
    assert roles["bob"] == "supervisor"
    assert entries == [("user.role", {"username": "bob", "role": ["agent", "supervisor"]})]
    code, out, _ = cli("user", "list", "--json", *admin)
    listed = {r["username"]: r for r in json.loads(out)}
    assert listed["bob"]["role"] == "supervisor" and listed["bob"]["active"] is True
    code, out, _ = cli("--lang", "zh_CN", "user", "role", "bob", "agent", *admin)
    assert code == 0 and out.strip() == "bob 现为催收员。"


def test_refusals_change_nothing(cli, office: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("CASEDESK_PASSWORD", ADMIN_PASSWORD)
    admin = ["--user", "admin", "--db", office]
    code, _, err = cli("user", "role", "admin", "agent", *admin)
    assert code == 1 and "your own role" in err
    code, _, err = cli("user", "role", "bob", "agent", *admin)
    assert code == 1 and "already has that role" in err
    code, _, err = cli("user", "role", "bob", "boss", *admin)
    assert code == 1 and "Unknown role boss" in err
    code, _, err = cli("user", "role", "nobody", "agent", *admin)
    assert code == 1 and "Unknown user nobody" in err
    monkeypatch.setenv("CASEDESK_PASSWORD", AGENT_PASSWORD)
    code, _, err = cli("user", "role", "admin", "agent", "--user", "bob", "--db", office)
    assert code == 1 and "may not manage user accounts" in err
    assert _stored(office) == ({"admin": "admin", "bob": "agent"}, [])
