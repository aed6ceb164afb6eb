"""--user and CASEDESK_USER typed in full-width letters or with a trailing space name the same
account (the core's rule: tests/core/test_login_names.py); `user add` of a name that is the same
once normalised is refused, and a new name is stored normalised."""

from __future__ import annotations

import json

import pytest

from tests.cli.conftest import ADMIN_PASSWORD, AGENT_PASSWORD


@pytest.mark.parametrize("typed", ["ｂｏｂ", "bob ", "ｂｏｂ\u3000"])
def test_user_option_finds_the_same_account(cli, office, monkeypatch, typed) -> None:
    monkeypatch.setenv("CASEDESK_PASSWORD", AGENT_PASSWORD)
    code, _out, err = cli("user", "list", "--user", typed, "--db", office)
    assert (
        code == 1 and "bob (Agent) may not manage user accounts; ask an admin." in err
    )  # logged in as bob
    monkeypatch.setenv("CASEDESK_USER", typed)
    code, _out, err = cli("queue", "--db", office)
    assert code == 0, err


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_user_add_refuses_a_name_taken_once_normalised(cli, office, monkeypatch, lang) -> None:
    monkeypatch.setenv("CASEDESK_USER", "admin")
    monkeypatch.setenv("CASEDESK_PASSWORD", ADMIN_PASSWORD)
    monkeypatch.setenv("CASEDESK_NEW_PASSWORD", "Falcon-77-river")
    code, _out, err = cli(
        "--lang", lang, "user", "add", "ｂｏｂ", "--role", "agent", "--db", office
    )
    said = {"en": "The user name bob is taken.", "zh_CN": "用户名 bob 已被使用。"}[lang]
    assert code == 1 and said in err
    code, _out, err = cli("user", "add", "ｄａｖｅ ", "--role", "agent", "--db", office)
    assert code == 0, err
    code, out, _err = cli("user", "list", "--json", "--db", office)
    assert [r["username"] for r in json.loads(out)] == ["admin", "bob", "dave"]
