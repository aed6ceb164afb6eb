"""`casedesk user password|reset|unlock|deactivate`: held to the acting user's role, audited."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import text

from tests.cli.conftest import ADMIN_PASSWORD, AGENT_PASSWORD
from tests.conftest import TEST_KEY


def _login(path: Path, name: str, password: str) -> None:
    from app.auth import authenticate
    from db.store import open_database

    database = open_database(path, TEST_KEY)
    try:
        authenticate(database.sessions, name, password)
    finally:
        database.close()


def _actions(path: Path) -> list[str]:
    from db.store import open_database

    database = open_database(path, TEST_KEY)
    try:
        with database.engine.connect() as conn:
            return [r[0] for r in conn.execute(text("SELECT action FROM audit_entry ORDER BY id"))]
    finally:
        database.close()


def test_a_user_changes_their_own_password(cli, office: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("CASEDESK_PASSWORD", AGENT_PASSWORD)
    monkeypatch.setenv("CASEDESK_NEW_PASSWORD", "bob-new-password")
    code, out, err = cli("user", "password", "--user", "bob", "--db", office)
    assert code == 0, err
    assert "bob" in out
    _login(office, "bob", "bob-new-password")
    assert "user.password_change" in _actions(office)

    monkeypatch.setenv("CASEDESK_NEW_PASSWORD", "short")
    monkeypatch.setenv("CASEDESK_PASSWORD", "bob-new-password")
    code, _out, err = cli("user", "password", "--user", "bob", "--db", office)
    assert code == 1 and err.strip().count("\n") == 0 and "at least 8" in err


def test_admin_resets_unlocks_and_deactivates(cli, office: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from app.errors import AuthenticationError

    for _ in range(5):
        with pytest.raises(AuthenticationError):
            _login(office, "bob", "wrong")
    monkeypatch.setenv("CASEDESK_PASSWORD", ADMIN_PASSWORD)
    code, out, err = cli("user", "unlock", "bob", "--user", "admin", "--db", office)
    assert code == 0 and "bob" in out, err
    _login(office, "bob", AGENT_PASSWORD)

    monkeypatch.setenv("CASEDESK_NEW_PASSWORD", "reset-by-admin")
    code, out, err = cli("user", "reset", "bob", "--user", "admin", "--db", office)
    assert code == 0, err
    _login(office, "bob", "reset-by-admin")

    code, out, err = cli("user", "deactivate", "bob", "--user", "admin", "--db", office)
    assert code == 0, err
    with pytest.raises(AuthenticationError):
        _login(office, "bob", "reset-by-admin")
    code, _out, err = cli("user", "deactivate", "admin", "--user", "admin", "--db", office)
    assert code == 1 and "your own account" in err
    actions = _actions(office)
    for action in ("user.unlock", "user.password_reset", "user.deactivate"):
        assert action in actions


def test_an_agent_cannot_reset_anyone(cli, office: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("CASEDESK_PASSWORD", AGENT_PASSWORD)
    monkeypatch.setenv("CASEDESK_NEW_PASSWORD", "sneaky-password")
    code, _out, err = cli("user", "reset", "admin", "--user", "bob", "--db", office)
    assert code == 1 and "may not " in err
    _login(office, "admin", ADMIN_PASSWORD)
