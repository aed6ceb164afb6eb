"""`visit show`, `visit list` and `visit alerts` flag a booked visit with a deactivated account on
its team, naming the account and the command that gives it a new team (QA s46: only `visit
sheet` said so); `visit reschedule` with a new team at the same time clears it."""

from __future__ import annotations

import json

from tests.cli.test_visit_reschedule_cli import _book, _cases, env  # noqa: F401
from tests.core.visit_office import slot


def _deactivated(cli, env, monkeypatch) -> str:  # noqa: F811
    number = _book(cli, env, _cases(cli, env)[0])  # agent01 and agent02 (李强) at 10:00
    monkeypatch.setenv("CASEDESK_USER", "admin")
    code, _out, err = cli("user", "deactivate", "agent02", *env)
    assert code == 0, err
    monkeypatch.setenv("CASEDESK_USER", "supervisor")
    return number


def test_show_list_and_alerts_flag_the_visit(cli, env, monkeypatch):  # noqa: F811
    code, out, _ = cli("visit", "alerts", "--json", *env)
    assert code == 0 and json.loads(out)["team_deactivated"] == []
    number = _deactivated(cli, env, monkeypatch)
    start = slot(10).isoformat(timespec="minutes")
    command = f"casedesk visit reschedule {number} --agents A,B --start {start} --reason TEXT"
    code, out, _ = cli("visit", "show", number, *env)
    assert code == 0
    assert f"Team to staff anew: 李强, on visit {number}'s team, may no longer go" in out
    assert command in out and "Status: Booked, team to staff anew" in out
    code, out, _ = cli("visit", "show", number, "--json", *env)
    assert json.loads(out)["deactivated_agents"] == ["agent02"]
    code, out, _ = cli("--lang", "zh_CN", "visit", "show", number, *env)
    assert "需重新安排上门人员" in out and "李强 已不能上门（账户已停用" in out
    assert "逐个" not in out  # one visit: its own sentence, not "each" (QA s46)
    assert "请改约并更换上门人员（时间可以不变）" in out
    code, out, _ = cli("visit", "list", *env)
    assert "booked, team to staff anew" in out
    code, out, _ = cli("visit", "list", "--json", *env)
    [row] = [r for r in json.loads(out)["visits"] if r["visit_no"] == number]
    assert row["deactivated_agents"] == ["agent02"]
    code, out, _ = cli("visit", "alerts", *env)
    assert code == 0 and "Team to staff anew (1):" in out
    assert "Reschedule it with a new team (its time can stay), or cancel it." in out
    assert "may no longer go: 李强" in out and command in out
    code, out, _ = cli("visit", "alerts", "--json", *env)
    [flagged] = json.loads(out)["team_deactivated"]
    assert (flagged["visit_no"], flagged["deactivated_agents"]) == (number, ["agent02"])
    # A new team at the same time: the recorded consents kept, no override, and the flag gone.
    code, out, err = cli(
        "visit", "reschedule", number, "--agents", "agent01,agent03", "--start", start,
        "--reason", "李强已离职，换人", *env,
    )  # fmt: skip
    assert code == 0, out + err
    code, out, _ = cli("visit", "alerts", "--json", *env)
    assert json.loads(out)["team_deactivated"] == []
    code, out, _ = cli("visit", "show", number, *env)
    assert "Team to staff anew" not in out


def test_check_in_and_approval_are_refused(cli, env, monkeypatch):  # noqa: F811
    number = _deactivated(cli, env, monkeypatch)
    code, out, err = cli("visit", "approve", number, *env)
    assert code != 0 and "reschedule it with a new team rather than approve it" in out + err
    monkeypatch.setenv("CASEDESK_USER", "agent01")
    code, out, err = cli("visit", "checkin", number, *env)
    assert code != 0 and "a deactivated account is on its team (李强)" in out + err
