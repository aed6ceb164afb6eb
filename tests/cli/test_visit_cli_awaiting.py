"""`visit show` and `visit list` say a booked visit waits for a supervisor's approval, as the
Visits page does ("Booked, awaiting approval"), and --json carries `awaiting_approval` (QA13: the
CLI said "Booked", and the agent learnt otherwise only when check-in was refused)."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from app import settings
from app.models import User
from db.store import open_database
from tests.cli.test_visit_cli import CONSENT, _cases, _verified, env  # noqa: F401
from tests.conftest import TEST_KEY
from tests.core.visit_office import slot


def _ask_approval(path: str) -> None:
    database = open_database(path, TEST_KEY)
    try:
        with database.session() as s:
            admin = s.scalar(select(User).where(User.username == "admin"))
            settings.put(s, admin, "visit.approval_required", 1)
    finally:
        database.close()


def _booked(cli, env) -> str:  # noqa: F811
    number = _verified(cli, env, _cases(cli, env)[0])
    at = slot(10).isoformat()
    code, _, err = cli(
        "visit", "book", number, "--agents", "agent01,agent02", "--at", at, *CONSENT, *env
    )
    assert code == 0, err
    return number


@pytest.mark.parametrize(
    ("lang", "words"), [("en", "Booked, awaiting approval"), ("zh_CN", "已预约，待审批")]
)
def test_show_and_list_say_awaiting_approval(cli, env, lang, words):  # noqa: F811
    _ask_approval(env[1])
    number = _booked(cli, env)
    code, out, err = cli("--lang", lang, "visit", "show", number, *env)
    assert code == 0, err
    assert words in out
    code, out, err = cli("--lang", lang, "visit", "list", *env)
    assert code == 0, err
    assert words.lower() in out.lower()
    _, out, _ = cli("visit", "show", number, "--json", *env)
    assert json.loads(out)["awaiting_approval"] is True
    _, out, _ = cli("visit", "list", "--json", *env)
    assert [v["awaiting_approval"] for v in json.loads(out)["visits"]] == [True]


def test_a_visit_without_approval_asked_reads_booked(cli, env):  # noqa: F811
    number = _booked(cli, env)
    _, out, _ = cli("visit", "show", number, *env)
    assert "Status: Booked\n" in out
    _, out, _ = cli("visit", "show", number, "--json", *env)
    assert json.loads(out)["awaiting_approval"] is False
