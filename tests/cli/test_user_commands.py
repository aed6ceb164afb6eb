"""`casedesk user password|reset|unlock|deactivate`: held to the acting user's role, audited."""

from __future__ import annotations

import json
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
    monkeypatch.setenv("CASEDESK_NEW_PASSWORD", "Heron-new-8")
    code, out, err = cli("user", "password", "--user", "bob", "--db", office)
    assert code == 0, err
    assert "bob" in out
    _login(office, "bob", "Heron-new-8")
    assert "user.password_change" in _actions(office)

    monkeypatch.setenv("CASEDESK_NEW_PASSWORD", "short")
    monkeypatch.setenv("CASEDESK_PASSWORD", "Heron-new-8")
    code, _out, err = cli("user", "password", "--user", "bob", "--db", office)
    assert code == 1 and err.strip().count("\n") == 0 and "at least 8" in err

    monkeypatch.setenv("CASEDESK_NEW_PASSWORD", " " * 8)  # the wizard refuses it: so does this
    code, _out, err = cli("user", "password", "--user", "bob", "--db", office)
    assert code == 1 and "too simple" in err
    _login(office, "bob", "Heron-new-8")


def test_admin_resets_unlocks_and_deactivates(cli, office: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from app.errors import AuthenticationError

    for _ in range(5):
        with pytest.raises(AuthenticationError):
            _login(office, "bob", "wrong")
    monkeypatch.setenv("CASEDESK_PASSWORD", ADMIN_PASSWORD)
    code, out, _ = cli("user", "list", "--user", "admin", "--db", office, "--json")
    assert {u["username"]: u["locked"] for u in json.loads(out)} == {"admin": False, "bob": True}
    code, out, _ = cli("user", "list", "--user", "admin", "--db", office)
    assert [line for line in out.splitlines() if "(locked)" in line][0].startswith("bob")
    code, out, err = cli("user", "unlock", "bob", "--user", "admin", "--db", office)
    assert code == 0 and out == "Unlocked bob.\n", err
    _login(office, "bob", AGENT_PASSWORD)
    code, out, err = cli("user", "unlock", "bob", "--user", "admin", "--db", office)  # QA
    assert out == "bob was not locked; its count of wrong passwords starts again.\n", err
    code, out, _ = cli("user", "list", "--user", "admin", "--db", office)
    assert "(locked)" not in out

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


def _user(path: Path, name: str) -> tuple:  # type: ignore[type-arg]
    from db.store import open_database

    database = open_database(path, TEST_KEY)
    try:
        with database.engine.connect() as conn:
            return tuple(
                conn.execute(
                    text("SELECT active, failed_logins, locked_until FROM user WHERE username=:n"),
                    {"n": name},
                ).one()
            )
    finally:
        database.close()


def test_a_reset_password_is_held_to_the_rule(cli, office: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("CASEDESK_PASSWORD", ADMIN_PASSWORD)
    for password, message in (("abcd", "at least 8"), (" " * 8, "too simple")):
        monkeypatch.setenv("CASEDESK_NEW_PASSWORD", password)
        code, _out, err = cli("user", "reset", "bob", "--user", "admin", "--db", office)
        assert code == 1 and message in err
    _login(office, "bob", AGENT_PASSWORD)
    assert "user.password_reset" not in _actions(office)


def test_wrong_current_passwords_count_toward_the_lockout(cli, office: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from app.errors import AuthenticationError

    monkeypatch.setenv("CASEDESK_PASSWORD", "not-bobs-password")
    monkeypatch.setenv("CASEDESK_NEW_PASSWORD", "Heron-new-8")
    for count in range(1, 5):
        code, _out, err = cli("user", "password", "--user", "bob", "--db", office)
        assert code == 1 and "Wrong user name or password" in err
        assert _user(office, "bob")[1] == count
    code, _out, err = cli("user", "password", "--user", "bob", "--db", office)
    assert _user(office, "bob")[2] is not None  # locked
    monkeypatch.setenv("CASEDESK_PASSWORD", AGENT_PASSWORD)
    code, _out, err = cli("user", "password", "--user", "bob", "--db", office)
    assert code == 1 and "locked until" in err
    with pytest.raises(AuthenticationError):
        _login(office, "bob", "Heron-new-8")


def test_a_deactivated_account_is_activated_again(cli, office: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from app.errors import AuthenticationError

    monkeypatch.setenv("CASEDESK_PASSWORD", ADMIN_PASSWORD)
    code, _out, err = cli("user", "activate", "bob", "--user", "admin", "--db", office)
    assert code == 1 and "bob is already active." in err
    code, _out, err = cli("user", "deactivate", "bob", "--user", "admin", "--db", office)
    assert code == 0, err

    monkeypatch.setenv("CASEDESK_NEW_PASSWORD", "Heron-new-8")
    code, out, err = cli("user", "reset", "bob", "--user", "admin", "--db", office)
    assert code == 0, err
    assert "stays inactive until you activate it: casedesk user activate bob" in out
    assert "unlocked" not in out
    with pytest.raises(AuthenticationError):
        _login(office, "bob", "Heron-new-8")
    code, _out, err = cli(
        "user", "add", "bob", "--role", "agent", "--user", "admin", "--db", office
    )
    assert code == 1 and "belongs to an inactive account; activate it instead" in err

    code, out, err = cli("user", "activate", "bob", "--user", "admin", "--db", office)
    assert code == 0, err
    assert out == "Activated bob; the account can log in again.\n"
    _login(office, "bob", "Heron-new-8")
    assert _user(office, "bob")[0] in (1, True)
    assert _actions(office).count("user.activate") == 1

    code, out, err = cli(
        "user", "activate", "bob", "--user", "admin", "--db", office, "--lang", "zh_CN"
    )
    assert code == 1 and "bob 已是启用状态。" in err


def test_an_agent_cannot_activate_anyone(cli, office: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("CASEDESK_PASSWORD", ADMIN_PASSWORD)
    monkeypatch.setenv("CASEDESK_NEW_PASSWORD", "Kestrel-42")
    code, _out, err = cli(
        "user", "add", "carol", "--role", "agent", "--user", "admin", "--db", office
    )
    assert code == 0, err
    code, _out, err = cli("user", "deactivate", "carol", "--user", "admin", "--db", office)
    assert code == 0, err
    monkeypatch.setenv("CASEDESK_PASSWORD", AGENT_PASSWORD)
    code, _out, err = cli("user", "activate", "carol", "--user", "bob", "--db", office)
    assert code == 1 and "bob (Agent) may not manage user accounts; ask an admin." in err
    assert "user.activate" not in _actions(office)
