"""`casedesk user add` refuses a name that differs from an existing one only in letter case
(found by QA: `user add qa1`, then `user add QA1`, gave two look-alike accounts)."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import text

from tests.cli.conftest import ADMIN_PASSWORD
from tests.conftest import TEST_KEY


def _usernames(path: Path) -> list[str]:
    from db.store import open_database

    database = open_database(path, TEST_KEY)
    try:
        with database.engine.connect() as conn:
            rows = conn.execute(text("SELECT username FROM user ORDER BY id"))
            return [r[0] for r in rows]
    finally:
        database.close()


def test_user_add_refuses_a_look_alike_in_both_languages(cli, office: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("CASEDESK_USER", "admin")
    monkeypatch.setenv("CASEDESK_PASSWORD", ADMIN_PASSWORD)
    monkeypatch.setenv("CASEDESK_NEW_PASSWORD", "Heron-new-8")
    code, _out, err = cli("user", "add", "qa1", "--role", "agent", "--db", office)
    assert code == 0, err
    code, out, err = cli("user", "add", "QA1", "--role", "agent", "--db", office)
    assert (code, out) == (1, "")
    assert err == (
        "casedesk: The user name QA1 differs from the account qa1 only in letter case; "
        "choose another.\n"
    )
    zh = ("--lang", "zh_CN")
    code, _out, err = cli(*zh, "user", "add", "Bob", "--role", "agent", "--db", office)
    assert code == 1
    assert err == "casedesk: 用户名 Bob 与现有账户 bob 仅大小写不同，容易混淆；请换一个用户名。\n"
    assert _usernames(office) == ["admin", "bob", "qa1"]


def test_a_taken_name_is_refused_before_the_password(cli, office: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """No new password set and none can be typed: the name is what is wrong, and said first."""
    monkeypatch.setenv("CASEDESK_USER", "admin")
    monkeypatch.setenv("CASEDESK_PASSWORD", ADMIN_PASSWORD)
    monkeypatch.delenv("CASEDESK_NEW_PASSWORD", raising=False)
    code, out, err = cli("user", "add", "BOB", "--role", "agent", "--db", office)
    assert (code, out) == (1, "")
    assert err == (
        "casedesk: The user name BOB differs from the account bob only in letter case; "
        "choose another.\n"
    )
    assert _usernames(office) == ["admin", "bob"]
