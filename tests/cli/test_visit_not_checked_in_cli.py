"""`casedesk visit alerts|show|request|noshow`, `case show` and `queue` on a booked visit whose time
passed with no check-in (QA: `visit show` said Booked, the alerts said nothing, and a new request
was refused as a visit "under way"). Its slot is fixed: 2026-03-10 09:00–10:00 in Shanghai."""

from __future__ import annotations

import json

import pytest

from tests.cli.test_visit_cli import env  # noqa: F401 (fixture)
from tests.conftest import TEST_KEY
from tests.core.missed_visit import SLOT, missed_visit


@pytest.fixture
def missed(env):  # type: ignore[no-untyped-def]  # noqa: F811
    """(visit number, case number) of agent01's and agent02's visit never checked in."""
    from db.store import open_database

    database = open_database(env[1], TEST_KEY)
    try:
        return missed_visit(database)
    finally:
        database.close()


def test_alerts_list_it_with_its_time_team_and_what_to_do(cli, env, missed, monkeypatch):  # noqa: F811
    number, case_no = missed
    for who in ("agent01", "supervisor"):  # on the team; every visit
        monkeypatch.setenv("CASEDESK_USER", who)
        code, out, err = cli("visit", "alerts", *env)
        assert code == 0, err
        assert "Not checked in (1):" in out and "No late check-outs." in out
        line = f"{number} ({case_no}, 张伟): booked for {SLOT}, not checked in — 王芳, 李强"
        assert line in out
        assert "call them first" in out and "casedesk visit noshow VISIT_NO" in out
    code, out, _ = cli("visit", "alerts", "--json", *env)
    data = json.loads(out)
    assert data["alerts"] == []
    (flag,) = data["not_checked_in"]
    assert flag["visit_no"] == number and flag["case_no"] == case_no
    assert flag["agents"] == ["agent01", "agent02"] and flag["agent_names"] == ["王芳", "李强"]
    assert flag["scheduled_start"] == "2026-03-10T01:00:00+00:00"
    assert flag["scheduled_end"] == "2026-03-10T02:00:00+00:00" and flag["minutes_over"] > 0
    code, out, _ = cli("--lang", "zh_CN", "visit", "alerts", *env)
    assert "未签到的上门（1 个）：" in out and f"原定 {SLOT}，未签到——王芳、李强" in out
    code, out, _ = cli("dashboard", *env)
    # As the window's tile: its figure counts the visit never checked in (it read 0, in red)
    assert "Visits needing a safety call: 1 (1 booked, never checked in)" in out
    code, out, _ = cli("dashboard", "--json", *env)
    figures = json.loads(out)
    assert figures["visits_not_checked_in"] == figures["visits_safety_calls"] == 1
    assert figures["visits_late_checkout"] == 0
    code, out, _ = cli("--lang", "zh_CN", "dashboard", *env)
    assert "需电话确认安全的上门：1（1 个预约后一直未签到）" in out
    monkeypatch.setenv("CASEDESK_USER", "agent03")  # not on the team
    code, out, _ = cli("visit", "alerts", "--json", *env)
    assert json.loads(out)["not_checked_in"] == []
    code, out, _ = cli("dashboard", "--json", *env)
    assert json.loads(out)["visits_not_checked_in"] == json.loads(out)["visits_safety_calls"] == 0
    code, out, _ = cli("dashboard", *env)
    assert "Visits needing a safety call: 0\n" in out


def test_show_says_so_and_the_request_refusal_names_it(cli, env, missed):  # noqa: F811
    number, case_no = missed
    code, out, _ = cli("visit", "show", number, *env)
    assert code == 0
    assert "Status: Booked, not checked in" in out
    assert f"Not checked in: visit {number} was booked for {SLOT} (王芳, 李强)" in out
    assert f"casedesk visit noshow {number}" in out and f"casedesk visit cancel {number}" in out
    code, out, _ = cli("visit", "show", number, "--json", *env)
    assert json.loads(out)["not_checked_in"] is True and json.loads(out)["status"] == "booked"
    code, out, _ = cli("--lang", "zh_CN", "visit", "show", number, *env)
    assert "状态：已预约，未签到" in out and f"原定于 {SLOT}（王芳、李强）" in out
    code, _, err = cli("visit", "request", case_no, *env)
    assert code != 0 and number in err and SLOT in err and "never checked in" in err
    assert "under way" not in err


def test_the_case_is_due_and_says_so_until_a_no_show_frees_it(cli, env, missed):  # noqa: F811
    number, case_no = missed
    code, out, _ = cli("queue", "--search", case_no, "--json", *env)
    (row,) = [c for c in json.loads(out)["cases"] if c["case_no"] == case_no]
    assert row["status"] == "visit_booked" and row["next_action_on"] == "2026-03-10"
    assert row["waiting"] is False  # listed with the cases due now
    code, out, _ = cli("case", "show", case_no, *env)
    assert f"Not checked in: visit {number} was booked for {SLOT}" in out
    assert "Waiting until" not in out
    code, out, err = cli("visit", "noshow", number, "--notes", "无人应门", *env)
    assert code == 0, err
    code, out, _ = cli("visit", "alerts", "--json", *env)
    assert json.loads(out)["not_checked_in"] == []
    code, out, _ = cli("case", "show", case_no, *env)
    assert "Not checked in" not in out
    code, out, err = cli("visit", "request", case_no, *env)
    assert code == 0 and out.split()[1] != number, err


def test_approve_is_refused_once_its_time_has_passed(cli, env, monkeypatch):  # noqa: F811
    """Booked while the office asks for approval, its time passed first: `visit approve` says
    to move or cancel it, and nothing is approved."""
    from db.store import open_database

    monkeypatch.setenv("CASEDESK_USER", "admin")
    code, _, err = cli("settings", "set", "visit.approval_required=1", *env)
    assert code == 0, err
    monkeypatch.setenv("CASEDESK_USER", "supervisor")
    database = open_database(env[1], TEST_KEY)
    try:
        number, _ = missed_visit(database)
    finally:
        database.close()
    code, _, err = cli("visit", "approve", number, *env)
    assert code != 0 and f"Visit {number} was booked for {SLOT}" in err
    assert "move it to a new time or cancel it" in err
    code, _, err = cli("--lang", "zh_CN", "visit", "approve", number, *env)
    assert code != 0 and "请改约到新的时间" in err
    code, out, _ = cli("visit", "show", number, "--json", *env)
    assert json.loads(out)["awaiting_approval"] is True


def test_list_and_the_case_story_say_not_checked_in(cli, env, missed):  # noqa: F811
    """`visit list` (text, Chinese, --json) and the story of `case show` say what the Visits page
    says of it (QA: they read "booked"); a visit still to come is only booked."""
    number, case_no = missed
    code, out, err = cli("visit", "list", *env)
    assert code == 0, err
    (line,) = [x for x in out.splitlines() if x.startswith(number)]
    assert "booked, not checked in" in line
    code, out, _ = cli("--lang", "zh_CN", "visit", "list", *env)
    (line,) = [x for x in out.splitlines() if x.startswith(number)]
    assert "已预约，未签到" in line
    code, out, _ = cli("visit", "list", "--json", *env)
    rows = {r["visit_no"]: r for r in json.loads(out)["visits"]}
    assert rows[number]["not_checked_in"] is True and rows[number]["status"] == "booked"
    assert all(r["not_checked_in"] is False for n, r in rows.items() if n != number)
    code, out, _ = cli("case", "show", case_no, *env)
    assert f"Visit {number}: booked, not checked in" in out
    code, out, _ = cli("--lang", "zh_CN", "case", "show", case_no, *env)
    assert f"上门 {number}：已预约，未签到" in out
    code, out, err = cli("visit", "noshow", number, "--notes", "无人应门", *env)
    assert code == 0, err
    code, out, _ = cli("visit", "list", "--json", *env)
    assert all(r["not_checked_in"] is False for r in json.loads(out)["visits"])
    code, out, _ = cli("case", "show", case_no, *env)
    assert "not checked in" not in out


def test_alerts_help_names_the_visits_never_checked_in(cli):  # type: ignore[no-untyped-def]
    code, out, _ = cli("visit", "alerts", "--help")
    assert code == 0 and "booked visits whose time passed with no check-in" in " ".join(out.split())
    code, out, _ = cli("--lang", "zh_CN", "visit", "--help")
    said = "".join(out.split())
    assert "预约时间已过仍未签到的上门" in said and "超过预计结束时间仍未签退的上门" in said
