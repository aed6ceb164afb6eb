"""The server password in the CLI: a remembered one is used without a prompt, none and no
terminal says how to give one, the terminal's prompt asks again after a wrong one (three times
at most, nothing remembered), and `casedesk db forget-password` forgets a remembered one."""

from __future__ import annotations

import getpass
import json

import pytest

from db.pg import account, parse_url
from db.pg_login import remember_password, saved_password
from tests.conftest import TEST_KEY


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    """cli(*args) -> (exit code, stdout, stderr); no CASEDESK_DB_PASSWORD, the office key set."""
    from app.cli.main import main

    monkeypatch.delenv("CASEDESK_DB_PASSWORD", raising=False)
    monkeypatch.setenv("CASEDESK_DB_KEY", TEST_KEY)

    def run(*args: str) -> tuple[int, str, str]:
        capsys.readouterr()
        code = main([str(a) for a in args])
        captured = capsys.readouterr()
        return code, captured.out, captured.err

    return run


def test_a_remembered_password_is_used_then_forgotten(cli, pg_db, pg_password_role) -> None:
    url = pg_password_role.url(pg_db.url)
    shown = account(parse_url(url))
    code, _out, err = cli("db", "status", "--db", url)
    assert code != 0 and "wants a password and none was given" in err  # no terminal to ask
    remember_password(shown, pg_password_role.password)  # as the window's prompt keeps it
    code, out, err = cli("db", "status", "--db", url, "--json")
    assert (code, err) == (0, "") and json.loads(out)["at_head"]
    code, out, _err = cli("db", "forget-password", url)
    assert (
        code == 0 and out.strip() == f"Forgot the password remembered for {shown} on this computer."
    )
    assert saved_password(shown) is None
    code, out, _err = cli("db", "forget-password", url, "--json")
    assert code == 0 and json.loads(out) == {"server": shown, "forgotten": False}
    code, _out, err = cli("db", "status", "--db", url)
    assert code != 0 and "wants a password" in err


def test_forget_password_names_the_workstation_server_or_asks_for_one(cli, tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    code, _out, err = cli("db", "forget-password")  # the window opens the default file
    assert code != 0 and "Name the server" in err
    server = "postgresql+psycopg://clerk@db.office.lan/casedesk"
    remember_password(server, "s3cret")
    assert cli("db", "use", server)[0] == 0
    code, out, _err = cli("db", "forget-password")
    assert code == 0 and f"Forgot the password remembered for {server}" in out
    assert saved_password(server) is None


def test_the_terminal_prompt_asks_again_three_times_at_most(
    cli, pg_db, pg_password_role, monkeypatch
) -> None:
    url = pg_password_role.url(pg_db.url)
    typed = ["wrong", pg_password_role.password]
    monkeypatch.setattr("app.cli.common.interactive", lambda: True)
    monkeypatch.setattr(getpass, "getpass", lambda prompt: typed.pop(0))
    code, _out, err = cli("db", "status", "--db", url)
    assert code == 0 and typed == []
    assert "The server refused that password; try again." in err
    assert saved_password(account(parse_url(url))) is None  # the terminal's: never remembered
    typed[:] = ["wrong"] * 5
    code, _out, err = cli("db", "status", "--db", url)
    assert code != 0 and "refused the password three times" in err and len(typed) == 2
    assert pg_password_role.sessions() == 0


def test_no_prompt_when_the_server_trusts_the_user(cli, pg_server, pg_db, monkeypatch) -> None:
    if pg_server.base.password:
        pytest.skip("CASEDESK_TEST_PG_URL logs in with a password")
    monkeypatch.setattr("app.cli.common.interactive", lambda: True)
    monkeypatch.setattr(getpass, "getpass", lambda prompt: pytest.fail(f"asked: {prompt}"))
    code, _out, err = cli("db", "status", "--db", pg_db.url)
    assert (code, err) == (0, "")
