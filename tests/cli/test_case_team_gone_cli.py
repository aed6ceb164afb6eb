"""`case show` says when the case's booked visit has a team member who may no longer go
(deactivated), with what to do, in English and Chinese, as `visit show` does (QA s46)."""

from __future__ import annotations

from tests.cli.test_visit_reschedule_cli import _book, _cases, env  # noqa: F401
from tests.cli.test_visit_team_gone_cli import _deactivated


def test_case_show_says_the_visit_needs_a_new_team(cli, env, monkeypatch):  # noqa: F811
    case_no = _cases(cli, env)[0]
    code, out, _ = cli("case", "show", case_no, *env)
    assert code == 0 and "Team to staff anew" not in out
    number = _deactivated(cli, env, monkeypatch)  # booked on the first case, agent02 deactivated
    code, out, err = cli("case", "show", case_no, *env)
    assert code == 0, err
    lines = out.splitlines()
    assert lines[1] == (
        f"Team to staff anew: 李强, on visit {number}'s team, may no longer go on visits "
        "(account deactivated, or no longer an agent); no check-in is taken until the team is "
        "changed. Reschedule it with a new team (its time can stay), or cancel it."
    )
    assert f"Visit {number}: booked, team to staff anew" in out  # the story
    code, out, err = cli("--lang", "zh_CN", "case", "show", case_no, *env)
    assert code == 0, err
    assert f"上门 {number}" in out and "李强 已不能上门（账户已停用" in out
    assert "请改约并更换上门人员（时间可以不变）" in out and "已预约，需重新安排人员" in out
