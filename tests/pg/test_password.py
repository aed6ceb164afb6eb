"""The server password (db/pg_login.py): asked only when the server refuses without one, asked
again after a wrong one, remembered in the keychain when the user says so, asked again (and
replaced) when the server refuses the remembered one, forgotten by `db forget-password`.

A server that trusts the user is never asked; a role that needs its password is a member of
casedesk_pw, which .ci/run's pg_hba.conf makes log in with it (skipped elsewhere)."""

from __future__ import annotations

import pytest

from app.errors import DatabaseError
from db.pg import account, parse_url
from db.pg_login import Refusal, Typed, forget_password, saved_password
from db.store import open_database
from tests.conftest import TEST_KEY


@pytest.fixture
def no_env_password(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CASEDESK_DB_PASSWORD", raising=False)


class Prompt:
    """Answers the password question with the next of `answers`, noting why it was asked."""

    def __init__(self, *answers: Typed | str | None) -> None:
        self.answers = list(answers)
        self.asked: list[Refusal] = []

    def __call__(self, refusal: Refusal) -> Typed | str | None:
        self.asked.append(refusal)
        return self.answers.pop(0)


def _open(url: str, prompt: Prompt | None) -> object:
    return open_database(url, TEST_KEY, ask_password=prompt)


def test_a_server_that_trusts_the_user_is_not_asked(pg_server, pg_db, no_env_password) -> None:
    if pg_server.base.password:
        pytest.skip("CASEDESK_TEST_PG_URL logs in with a password")
    prompt = Prompt()
    _open(pg_db.url, prompt).close()
    assert prompt.asked == []


def test_asked_again_after_a_wrong_password_then_remembered(
    pg_db, pg_password_role, no_env_password
) -> None:
    url = pg_password_role.url(pg_db.url)
    shown = account(parse_url(url))
    prompt = Prompt("wrong", Typed(pg_password_role.password, remember=True))
    database = _open(url, prompt)
    database.close()
    assert prompt.asked == [Refusal.NONE_GIVEN, Refusal.TYPED]
    assert saved_password(shown) == pg_password_role.password
    again = Prompt()
    _open(url, again).close()  # the next start: the keychain's, no question
    assert again.asked == []
    assert forget_password(shown) and saved_password(shown) is None


def test_not_remembered_unless_asked_to(pg_db, pg_password_role, no_env_password) -> None:
    url = pg_password_role.url(pg_db.url)
    _open(url, Prompt(Typed(pg_password_role.password))).close()
    assert saved_password(account(parse_url(url))) is None
    prompt = Prompt(pg_password_role.password)
    _open(url, prompt).close()
    assert prompt.asked == [Refusal.NONE_GIVEN]  # asked again at the next start


def test_a_remembered_password_changed_on_the_server_is_asked_and_replaced(
    pg_db, pg_password_role, no_env_password
) -> None:
    url = pg_password_role.url(pg_db.url)
    shown = account(parse_url(url))
    _open(url, Prompt(Typed(pg_password_role.password, remember=True))).close()
    new = pg_password_role.change_password()
    with pytest.raises(DatabaseError, match="refused the password remembered"):
        _open(url, None)  # nobody to ask (a script): says so, never a bare refusal
    prompt = Prompt(Typed(new, remember=True))
    _open(url, prompt).close()
    assert prompt.asked == [Refusal.SAVED]
    assert saved_password(shown) == new
    newer = pg_password_role.change_password()
    _open(url, Prompt(Typed(newer, remember=False))).close()
    assert saved_password(shown) is None  # refused and not kept: not tried at every start
    forget_password(shown)


def test_a_prompt_that_cannot_remember_leaves_the_keychain_alone(
    pg_db, pg_password_role, no_env_password
) -> None:
    url = pg_password_role.url(pg_db.url)
    shown = account(parse_url(url))
    _open(url, Prompt(Typed(pg_password_role.password, remember=True))).close()
    new = pg_password_role.change_password()
    prompt = Prompt(new)  # the CLI's prompt: a plain password
    _open(url, prompt).close()
    assert prompt.asked == [Refusal.SAVED]
    assert saved_password(shown) is not None
    forget_password(shown)


def test_giving_up_leaves_nothing_open(pg_db, pg_password_role, no_env_password) -> None:
    url = pg_password_role.url(pg_db.url)
    prompt = Prompt("wrong", None)
    with pytest.raises(DatabaseError, match="No password was given"):
        _open(url, prompt)
    assert prompt.asked == [Refusal.NONE_GIVEN, Refusal.TYPED]
    assert pg_password_role.sessions() == 0
    with pytest.raises(DatabaseError, match="wants a password and none was given"):
        _open(url, None)


def test_a_wrong_environment_password_is_said_not_asked(
    pg_db, pg_password_role, monkeypatch
) -> None:
    monkeypatch.setenv("CASEDESK_DB_PASSWORD", "not-the-password")
    prompt = Prompt()
    with pytest.raises(DatabaseError, match="refused the password in CASEDESK_DB_PASSWORD"):
        _open(pg_password_role.url(pg_db.url), prompt)
    assert prompt.asked == []
    monkeypatch.setenv("CASEDESK_DB_PASSWORD", pg_password_role.password)
    _open(pg_password_role.url(pg_db.url), prompt).close()
    assert prompt.asked == []


def test_a_server_out_of_reach_is_not_a_password_question(no_env_password) -> None:
    prompt = Prompt()
    with pytest.raises(DatabaseError, match="Cannot open"):
        _open("postgresql+psycopg://clerk@127.0.0.1:1/casedesk", prompt)
    assert prompt.asked == []
