"""`casedesk` as a user whose password an admin set (`user add`, `user reset`): every command is
refused in one line that says to run `casedesk user password`, which works for them; after it
the user works as anyone."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.cli.conftest import ADMIN_PASSWORD, AGENT_PASSWORD

FIRST = "Lantern-73-harbour"  # the admin's choice
OWN = "Meadow-58-copper"  # the owner's
REFUSED = (
    "An administrator set the password of {user}: choose your own first with "
    "casedesk user password --user {user}."
)


def _as(monkeypatch: pytest.MonkeyPatch, password: str, new: str | None = None) -> None:
    monkeypatch.setenv("CASEDESK_PASSWORD", password)
    if new is None:
        monkeypatch.delenv("CASEDESK_NEW_PASSWORD", raising=False)
    else:
        monkeypatch.setenv("CASEDESK_NEW_PASSWORD", new)


def _logins(office: Path, name: str) -> int:
    """The logins audited for the account `name`."""
    from sqlalchemy import func, select

    from app.models import AuditEntry, User
    from db.store import open_database
    from tests.conftest import TEST_KEY

    database = open_database(office, TEST_KEY)
    try:
        with database.sessions() as s:
            user_id = s.scalar(select(User.id).where(User.username == name))
            return s.scalar(
                select(func.count(AuditEntry.id)).where(
                    AuditEntry.user_id == user_id, AuditEntry.action == "user.login"
                )
            )
    finally:
        database.close()


def test_an_added_user_changes_their_password_before_anything_else(  # type: ignore[no-untyped-def]
    cli, office: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _as(monkeypatch, ADMIN_PASSWORD, FIRST)
    code, out, err = cli(
        "user", "add", "lihua", "--role", "agent", "--user", "admin", "--db", office
    )
    assert code == 0, err
    assert out.splitlines() == [
        "Added lihua (Agent).",
        "lihua chooses their own password at their first login.",
    ]
    code, out, _err = cli("user", "list", "--json", "--user", "admin", "--db", office)
    marks = {r["username"]: r["must_change_password"] for r in json.loads(out)}
    assert marks == {"admin": False, "bob": False, "lihua": True}
    code, out, _err = cli("user", "list", "--user", "admin", "--db", office)
    assert [line.split()[0] for line in out.splitlines() if "(must change password)" in line] == [
        "lihua"
    ]

    _as(monkeypatch, "Not-the-one-99")
    wrong_code = cli("queue", "--user", "lihua", "--db", office)[0]
    _as(monkeypatch, FIRST)
    for command in (("queue",), ("case", "show", "C2026-000001"), ("user", "list")):
        code, out, err = cli(*command, "--user", "lihua", "--db", office)
        assert (code, out) == (wrong_code, "") and code != 0
        assert err.strip().splitlines() == ["casedesk: " + REFUSED.format(user="lihua")]

    _as(monkeypatch, FIRST, OWN)
    code, out, err = cli("user", "password", "--user", "lihua", "--db", office)
    assert code == 0, err
    assert out.strip() == "Changed the password of lihua."
    _as(monkeypatch, OWN)
    code, _out, err = cli("queue", "--user", "lihua", "--db", office)
    assert code == 0, err


def test_a_reset_password_is_refused_until_changed_in_chinese_too(  # type: ignore[no-untyped-def]
    cli, office: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _as(monkeypatch, AGENT_PASSWORD)
    assert cli("queue", "--user", "bob", "--db", office)[0] == 0  # an account from before
    _as(monkeypatch, ADMIN_PASSWORD, FIRST)
    code, out, err = cli("user", "reset", "bob", "--user", "admin", "--db", office)
    assert code == 0, err
    assert out.splitlines() == [
        "Set a new password for bob; the account is unlocked.",
        "bob chooses their own password at their next login.",
    ]
    _as(monkeypatch, FIRST)
    logins = _logins(office, "bob")
    code, out, err = cli("queue", "--user", "bob", "--db", office)
    assert (code, out) == (1, "") and err == "casedesk: " + REFUSED.format(user="bob") + "\n"
    code, out, err = cli("--lang", "zh_CN", "queue", "--user", "bob", "--db", office)
    assert code == 1 and out == ""
    assert err.strip() == (
        "casedesk: bob 的密码是管理员设置的：请先运行 casedesk user password --user bob "
        "改为自己的密码。"
    )
    assert _logins(office, "bob") == logins  # refused: not logged in (QA s47 M #5)
    _as(monkeypatch, FIRST, OWN)
    assert cli("user", "password", "--user", "bob", "--db", office)[0] == 0
    _as(monkeypatch, OWN)
    assert cli("queue", "--user", "bob", "--db", office)[0] == 0
    assert _logins(office, "bob") == logins + 2  # changing it and the queue


def test_an_admin_resetting_their_own_password_is_not_stopped(  # type: ignore[no-untyped-def]
    cli, office: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _as(monkeypatch, ADMIN_PASSWORD, FIRST)
    code, out, err = cli("user", "reset", "admin", "--user", "admin", "--db", office)
    assert code == 0, err
    assert out.splitlines() == ["Set a new password for admin; the account is unlocked."]
    _as(monkeypatch, FIRST)
    code, _out, err = cli("user", "list", "--user", "admin", "--db", office)
    assert code == 0, err


def test_an_override_by_such_a_user_is_refused_too(  # type: ignore[no-untyped-def]
    cli, office: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`--override-by NAME` checks NAME's password as well: the same refusal."""
    from app.auth import authenticate
    from app.cli.common import override_user
    from app.errors import AuthenticationError
    from db.store import open_database
    from tests.conftest import TEST_KEY

    _as(monkeypatch, ADMIN_PASSWORD, FIRST)
    assert cli("user", "reset", "bob", "--user", "admin", "--db", office)[0] == 0
    monkeypatch.setenv("CASEDESK_OVERRIDE_PASSWORD", FIRST)
    database = open_database(office, TEST_KEY)
    try:
        admin = authenticate(database.sessions, "admin", ADMIN_PASSWORD)
        with pytest.raises(AuthenticationError) as refused:
            override_user(database, admin, "bob", "The borrower asked for a call at work")
        assert str(refused.value) == REFUSED.format(user="bob")
    finally:
        database.close()
