"""`casedesk visit book` and `visit reschedule` refuse a team member who is not a collection
agent, naming them and their role on one line (exit 1), in English and Chinese; --check too."""

from __future__ import annotations

import pytest

from tests.cli.test_visit_cli import CONSENT, _cases, _verified
from tests.cli.test_visit_reschedule_cli import _book, _row
from tests.conftest import TEST_KEY
from tests.core.visit_office import PASSWORD, slot, visit_office_path


@pytest.fixture
def env(monkeypatch, template_db, tmp_path):
    monkeypatch.setenv("CASEDESK_DB_KEY", TEST_KEY)
    monkeypatch.setenv("CASEDESK_USER", "agent01")
    monkeypatch.setenv("CASEDESK_PASSWORD", PASSWORD)
    return ["--db", str(visit_office_path(template_db, tmp_path))]


@pytest.mark.parametrize("check", [(), ("--check",)])
def test_book_with_a_supervisor_on_the_team_is_refused(cli, env, check):
    number = _verified(cli, env, _cases(cli, env)[0])
    at = slot(10).isoformat()
    args = ("visit", "book", number, "--agents", "agent02,supervisor", "--at", at, *CONSENT)
    code, out, err = cli(*args, *check, *env)
    assert code == 1 and not out
    assert err.strip().endswith(
        "陈静 (supervisor, Supervisor) is not a collection agent: only agents go on home visits. "
        "Choose agents for the team."
    )
    code, _out, err = cli("--lang", "zh_CN", *args, *check, *env)
    assert code == 1
    assert (
        "陈静（supervisor，主管）不是催收员：只有催收员才能上门催收，请为上门小组选择催收员。"
        in err
    )
    assert _row(cli, env, number)["status"] == "verified"


def test_reschedule_onto_an_admin_is_refused(cli, env):
    number = _book(cli, env, _cases(cli, env)[0])
    code, out, err = cli(
        "visit", "reschedule", number, "--agents", "agent01,admin", "--reason", "换人",
        "--at", slot(11).isoformat(), *CONSENT, *env,
    )  # fmt: skip
    assert code == 1 and not out
    assert "(admin, Administrator) is not a collection agent" in err
    assert _row(cli, env, number)["agents"] == ["agent01", "agent02"]
