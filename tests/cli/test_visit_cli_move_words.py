"""`visit reschedule` confirms the new time, as `visit book` does, and `visit list` names the team
by display name, as `visit show`, `visit alerts` and the window do (QA13, smaller findings)."""

from __future__ import annotations

import json

import pytest

from tests.cli.test_visit_cli import CONSENT, _cases, _verified, env  # noqa: F401
from tests.core.visit_office import slot

MOVED = {
    "en": "Visit {n} rescheduled to {day} 11:30–12:30 (office time, Asia/Shanghai).",
    "zh_CN": "上门 {n} 已改约至 {day} 11:30–12:30（营业部时间，Asia/Shanghai）。",
}
TEAM = {"en": "王芳, 李强", "zh_CN": "王芳、李强"}


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_reschedule_says_the_new_time_and_list_the_team_names(cli, env, lang):  # noqa: F811
    number = _verified(cli, env, _cases(cli, env)[0])
    team = ("--agents", "agent01,agent02")
    code, _, err = cli("visit", "book", number, *team, "--at", slot(10).isoformat(), *CONSENT, *env)
    assert code == 0, err
    move = ("visit", "reschedule", number, *team, "--at", slot(11, 30).isoformat(), *CONSENT)
    code, out, err = cli("--lang", lang, *move, "--reason", "asked", *env)
    assert code == 0, err
    assert MOVED[lang].format(n=number, day=slot(10).date().isoformat()) in out
    code, out, err = cli("--lang", lang, "visit", "list", *env)
    assert code == 0, err
    assert TEAM[lang] in out and "agent01" not in out
    _, out, _ = cli("visit", "list", "--json", *env)
    (row,) = json.loads(out)["visits"]
    assert row["agents"] == ["agent01", "agent02"] and row["agent_names"] == ["王芳", "李强"]


def test_reschedule_refuses_a_reason_over_the_cap(cli, env):  # noqa: F811
    """QA s44: a reason of 5,000 characters was saved, and `case show` printed it on one line."""
    number = _verified(cli, env, _cases(cli, env)[0])
    team = ("--agents", "agent01,agent02")
    code, _, err = cli("visit", "book", number, *team, "--at", slot(10).isoformat(), *CONSENT, *env)
    assert code == 0, err
    booked = json.loads(cli("visit", "list", "--json", *env)[1])["visits"]
    move = ("visit", "reschedule", number, *team, "--at", slot(11, 30).isoformat(), *CONSENT)
    code, out, err = cli(*move, "--reason", "y" * 2_001, *env)
    assert (code, out) == (1, "")
    assert err == "casedesk: The reason is too long: 2,001 characters, at most 2,000.\n"
    assert json.loads(cli("visit", "list", "--json", *env)[1])["visits"] == booked
    code, _, err = cli(*move, "--reason", "y" * 2_000, *env)
    assert code == 0, err
