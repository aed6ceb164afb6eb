"""`casedesk user add|list`: held to the acting user's role; refusals save nothing."""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path

import pytest
from sqlalchemy import text

from tests.cli.conftest import ADMIN_PASSWORD, AGENT_PASSWORD
from tests.conftest import TEST_KEY


def _query(path: Path, sql: str) -> list[tuple]:  # type: ignore[type-arg]
    from db.store import open_database

    database = open_database(path, TEST_KEY)
    try:
        with database.engine.connect() as conn:
            return [tuple(r) for r in conn.execute(text(sql))]
    finally:
        database.close()


def _usernames(path: Path) -> list[str]:
    return [r[0] for r in _query(path, "SELECT username FROM user ORDER BY username")]


def test_admin_adds_a_user(  # type: ignore[no-untyped-def]
    cli, office: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from app.auth import authenticate
    from db.store import open_database

    monkeypatch.setenv("CASEDESK_PASSWORD", ADMIN_PASSWORD)
    monkeypatch.setenv("CASEDESK_NEW_PASSWORD", "Kestrel-42")
    code, out, err = cli(
        "user",
        "add",
        "carol",
        "--role",
        "Supervisor",
        "--display-name",
        "王芳",
        "--user",
        "admin",
        "--db",
        office,
    )
    assert code == 0, err
    assert "Added carol (Supervisor)." in out  # the role in words, as `user role` says it
    database = open_database(office, TEST_KEY)
    try:
        carol = authenticate(database.sessions, "carol", "Kestrel-42")
        assert carol.role.value == "supervisor" and carol.display_name == "王芳"
    finally:
        database.close()
    audit = _query(office, "SELECT action FROM audit_entry ORDER BY id")
    assert ("user.add",) in audit[-3:]


def test_acting_user_from_the_environment(  # type: ignore[no-untyped-def]
    cli, office: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CASEDESK_USER", "admin")
    monkeypatch.setenv("CASEDESK_PASSWORD", ADMIN_PASSWORD)
    monkeypatch.setenv("CASEDESK_NEW_PASSWORD", "Falcon-77")
    code, _, err = cli("user", "add", "dave", "--role", "agent", "--db", office)
    assert code == 0, err
    code, out, _ = cli("user", "list", "--json", "--db", office)
    assert code == 0
    rows = json.loads(out)
    assert [r["username"] for r in rows] == ["admin", "bob", "dave"]
    assert {r["role"] for r in rows} == {"admin", "agent"}


def test_wrong_password_is_refused_and_counted(  # type: ignore[no-untyped-def]
    cli, office: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CASEDESK_PASSWORD", "not-the-password")
    monkeypatch.setenv("CASEDESK_NEW_PASSWORD", "carol-pass")
    code, out, err = cli(
        "user", "add", "carol", "--role", "agent", "--user", "admin", "--db", office
    )
    assert code == 1
    assert err == "casedesk: Wrong user name or password.\n" and out == ""
    assert _usernames(office) == ["admin", "bob"]
    assert _query(office, "SELECT failed_logins FROM user WHERE username='admin'") == [(1,)]


def test_agent_may_not_add_users(  # type: ignore[no-untyped-def]
    cli, office: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CASEDESK_PASSWORD", AGENT_PASSWORD)
    monkeypatch.setenv("CASEDESK_NEW_PASSWORD", "eve-pass")
    code, _, err = cli("user", "add", "eve", "--role", "admin", "--user", "bob", "--db", office)
    assert code == 1
    assert "bob (Agent) may not manage user accounts; ask an admin." in err
    assert _usernames(office) == ["admin", "bob"]
    code, _, err = cli("user", "list", "--user", "bob", "--db", office)
    assert code == 1 and "may not " in err


def test_unknown_role_is_refused_and_nothing_saved(  # type: ignore[no-untyped-def]
    cli, office: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CASEDESK_PASSWORD", ADMIN_PASSWORD)
    monkeypatch.setenv("CASEDESK_NEW_PASSWORD", "carol-pass")
    audit_before = _query(office, "SELECT count(*) FROM audit_entry")
    code, _, err = cli("user", "add", "carol", "--role", "boss", "--user", "admin", "--db", office)
    assert code == 1
    assert err == "casedesk: Unknown role boss; choose one of: agent, supervisor, admin.\n"
    assert _usernames(office) == ["admin", "bob"]
    assert _query(office, "SELECT count(*) FROM audit_entry") == audit_before


@pytest.mark.parametrize(
    ("name", "message"),
    [("bob", "The user name bob is taken."), ("two words", "without spaces")],
)
def test_bad_new_user_is_refused(  # type: ignore[no-untyped-def]
    cli, office: Path, monkeypatch: pytest.MonkeyPatch, name: str, message: str
) -> None:
    monkeypatch.setenv("CASEDESK_PASSWORD", ADMIN_PASSWORD)
    monkeypatch.setenv("CASEDESK_NEW_PASSWORD", "new-pass")
    code, _, err = cli("user", "add", name, "--role", "agent", "--user", "admin", "--db", office)
    assert code == 1 and message in err
    assert _usernames(office) == ["admin", "bob"]


def test_who_and_which_password_must_be_given(  # type: ignore[no-untyped-def]
    cli, office: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("CASEDESK_USER", raising=False)
    monkeypatch.delenv("CASEDESK_PASSWORD", raising=False)
    code, _, err = cli("user", "list", "--db", office)
    assert code == 1 and "--user NAME or CASEDESK_USER" in err
    code, _, err = cli("user", "list", "--user", "admin", "--db", office)
    assert code == 1 and "set CASEDESK_PASSWORD" in err
    monkeypatch.setenv("CASEDESK_PASSWORD", ADMIN_PASSWORD)
    monkeypatch.delenv("CASEDESK_NEW_PASSWORD", raising=False)
    code, _, err = cli("user", "add", "zed", "--role", "agent", "--user", "admin", "--db", office)
    assert code == 1 and "set CASEDESK_NEW_PASSWORD" in err
    assert _usernames(office) == ["admin", "bob"]


@pytest.mark.parametrize(
    ("password", "message", "typed"),
    [
        ("abcd", "The password needs at least 8 characters.", "carol"),
        (" " * 8, "The password is too simple", "carol"),
        ("carol-2026", "The password must not contain the user name.", "carol"),
        # The name typed in full width (a Chinese input method) is the name stored: QA.
        ("carol-2026", "The password must not contain the user name.", "ｃａｒｏｌ"),
        ("Carol-2026", "The password must not contain the user name.", " carol "),
    ],
)
def test_a_new_users_password_is_held_to_the_setup_rule(  # type: ignore[no-untyped-def]
    cli,
    office: Path,
    monkeypatch: pytest.MonkeyPatch,
    password: str,
    message: str,
    typed: str,
) -> None:
    """`user add` refuses what the first-run wizard and `init` refuse, and saves nothing."""
    monkeypatch.setenv("CASEDESK_PASSWORD", ADMIN_PASSWORD)
    monkeypatch.setenv("CASEDESK_NEW_PASSWORD", password)
    code, out, err = cli("user", "add", typed, "--role", "agent", "--user", "admin", "--db", office)
    assert code == 1 and out == "" and message in err and err.count("\n") == 1
    assert _usernames(office) == ["admin", "bob"]
    assert _query(office, "SELECT action FROM audit_entry ORDER BY id")[-1] == ("user.login",)


def test_a_display_name_over_the_limit_is_refused_before_the_new_password_is_asked(  # type: ignore[no-untyped-def]
    cli, office: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """At most 100 characters (app.auth.MAX_DISPLAY_NAME), said in one translated line, before the
    new user's password is typed twice; nothing is saved. 100 Chinese characters fit."""
    import getpass

    from app.cli import common

    monkeypatch.setenv("CASEDESK_PASSWORD", ADMIN_PASSWORD)
    monkeypatch.delenv("CASEDESK_NEW_PASSWORD", raising=False)
    asked: list[str] = []

    def typed(prompt: str = "") -> str:
        asked.append(prompt)
        return "Kestrel-42-river"

    monkeypatch.setattr(common, "interactive", lambda: True)
    monkeypatch.setattr(getpass, "getpass", typed)
    add = ("user", "add", "carol", "--role", "agent", "--user", "admin", "--db", office)
    code, out, err = cli(*add, "--display-name", "张" * 101)
    assert (code, out) == (1, "")
    assert err == "casedesk: The display name is too long (at most 100 characters).\n"
    code, out, err = cli("--lang", "zh_CN", *add, "--display-name", "x" * 101)
    assert (code, out, err) == (1, "", "casedesk: 显示名称过长（最多 100 个字符）。\n")
    assert asked == [] and _usernames(office) == ["admin", "bob"]

    code, out, err = cli(*add, "--display-name", " " + "张" * 100 + " ")
    assert code == 0, err
    assert len(asked) == 2
    assert _query(office, "SELECT display_name FROM user WHERE username='carol'") == [("张" * 100,)]


@pytest.mark.parametrize(
    ("password", "lang", "said"),
    [
        ("密码很安全的一句话啊", "en", "or make it at least 12 characters long."),
        ("密码很安全的一句话啊", "zh_CN", "或把密码加长到至少 12 个字符。"),
    ],
)
def test_ten_chinese_characters_are_judged_as_ten_letters(  # type: ignore[no-untyped-def]
    cli, office: Path, monkeypatch: pytest.MonkeyPatch, password: str, lang: str, said: str
) -> None:
    """QA s44 finding 7: refused as letters are (a longer passphrase named), not for want of
    digits among "other characters"; nothing saved."""
    monkeypatch.setenv("CASEDESK_PASSWORD", ADMIN_PASSWORD)
    monkeypatch.setenv("CASEDESK_NEW_PASSWORD", password)
    code, _out, err = cli(
        "--lang", lang, "user", "add", "carol", "--role", "agent", "--user", "admin", "--db", office
    )
    assert code == 1 and err.strip().endswith(said), err
    assert _usernames(office) == ["admin", "bob"]


@pytest.mark.parametrize("password", ["Ｚｑ９！ｍＬｐ２＃ｖ", "密码很安全的一句话啊好吗"])
def test_a_full_width_or_chinese_password_is_taken_and_logs_in_as_typed(  # type: ignore[no-untyped-def]
    cli, office: Path, monkeypatch: pytest.MonkeyPatch, password: str
) -> None:
    """QA s44 finding 7: a full-width password (as a Chinese input method types it) was refused
    as "too simple"; it is judged in NFKC and hashed as typed, so it logs in as typed."""
    monkeypatch.setenv("CASEDESK_PASSWORD", ADMIN_PASSWORD)
    monkeypatch.setenv("CASEDESK_NEW_PASSWORD", password)
    code, _out, err = cli(
        "user", "add", "carol", "--role", "agent", "--user", "admin", "--db", office
    )
    assert code == 0, err
    from app.auth import authenticate
    from app.errors import AuthenticationError
    from db.store import open_database

    database = open_database(office, TEST_KEY)
    try:
        assert authenticate(database.sessions, "carol", password).username == "carol"
        normal = unicodedata.normalize("NFKC", password)
        if normal != password:  # the hash is of what was typed, not of its judged form
            with pytest.raises(AuthenticationError):
                authenticate(database.sessions, "carol", normal)
    finally:
        database.close()


def test_reset_of_an_unknown_user_is_refused_before_the_password_is_asked(  # type: ignore[no-untyped-def]
    cli, office: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """QA s44 finding 12: `user reset ghost` at a terminal asked for the new password twice, then
    said "Unknown user ghost"; the name is checked first. A known one is still asked twice."""
    import getpass

    from app.cli import common

    monkeypatch.setenv("CASEDESK_PASSWORD", ADMIN_PASSWORD)
    monkeypatch.delenv("CASEDESK_NEW_PASSWORD", raising=False)
    asked: list[str] = []

    def typed(prompt: str = "") -> str:
        asked.append(prompt)
        return "Kestrel-42-river"

    monkeypatch.setattr(common, "interactive", lambda: True)
    monkeypatch.setattr(getpass, "getpass", typed)
    for lang, said in (("en", "Unknown user ghost."), ("zh_CN", "未知用户 ghost。")):
        code, out, err = cli(
            "--lang", lang, "user", "reset", "ghost", "--user", "admin", "--db", office
        )
        assert (code, out, err) == (1, "", f"casedesk: {said}\n")
    assert asked == []
    code, out, err = cli("user", "reset", "bob", "--user", "admin", "--db", office)
    assert code == 0, err
    assert len(asked) == 2 and "Set a new password for bob" in out
