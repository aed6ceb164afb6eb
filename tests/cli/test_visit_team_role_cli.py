"""QA s46 from the command line: `user role` of an agent on a booked visit says how many booked
visits to come they are on, and the visit is flagged and refused at check-in as for a deactivated
account; a flagged visit whose start has passed is shown a new time, not its own; `user
deactivate` counts what `visit alerts` flags (not a verified visit not yet booked)."""

from __future__ import annotations

import datetime as dt
import json

from sqlalchemy import select

from app.models import User, Visit, VisitAgent
from db.store import open_database
from tests.cli.test_visit_cli import _verified
from tests.cli.test_visit_reschedule_cli import _book, _cases, env  # noqa: F401
from tests.conftest import TEST_KEY
from tests.core.missed_visit import START


def _as(monkeypatch, who: str) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("CASEDESK_USER", who)


def test_an_agent_made_supervisor(cli, env, monkeypatch):  # noqa: F811
    number = _book(cli, env, _cases(cli, env)[0])  # agent01 and agent02 (李强)
    _as(monkeypatch, "admin")
    code, out, err = cli("user", "role", "agent02", "supervisor", *env)
    assert code == 0, err
    assert "It is still on 1 visit not yet over: ask a supervisor to staff them anew." in out
    _as(monkeypatch, "supervisor")
    code, out, _ = cli("visit", "show", number, *env)
    assert "Team to staff anew: 李强" in out and "Status: Booked, team to staff anew" in out
    code, out, _ = cli("visit", "alerts", "--json", *env)
    [flagged] = json.loads(out)["team_deactivated"]
    assert (flagged["visit_no"], flagged["deactivated_agents"]) == (number, ["agent02"])
    _as(monkeypatch, "agent01")
    code, out, err = cli("visit", "checkin", number, *env)
    assert code != 0 and "李强, on its team, is no longer a collection agent" in out + err
    code, out, err = cli("--lang", "zh_CN", "visit", "checkin", number, *env)
    assert code != 0 and "李强 已不是催收员" in out + err


def test_a_passed_start_is_shown_a_new_time(cli, env, monkeypatch):  # noqa: F811
    number = _book(cli, env, _cases(cli, env)[0])
    database = open_database(env[1], TEST_KEY)
    try:  # its slot moved back to a fixed, long past start (a booking only goes forward)
        with database.session() as s:
            visit = s.scalar(select(Visit).where(Visit.visit_no == number))
            assert visit is not None
            visit.scheduled_start = START.astimezone(dt.UTC)
            visit.scheduled_end = (START + dt.timedelta(hours=1)).astimezone(dt.UTC)
    finally:
        database.close()
    _as(monkeypatch, "admin")
    assert cli("user", "deactivate", "agent02", *env)[0] == 0
    _as(monkeypatch, "supervisor")
    for lang, gone in (("en", "time can stay"), ("zh_CN", "时间可以不变")):
        code, out, _ = cli("--lang", lang, "visit", "show", number, *env)
        assert code == 0 and gone not in out and "2026-03-10T09:00" not in out, out
        assert "--start NEW_TIME" in out or "--start 新时间" in out
    code, out, _ = cli("visit", "show", number, *env)
    assert "Its booked start has passed: reschedule it to a new time with a new team" in out


def test_deactivating_counts_what_alerts_flag(cli, env, monkeypatch):  # noqa: F811
    cases = _cases(cli, env)
    _book(cli, env, cases[0])
    waiting = _verified(cli, env, cases[1])  # a team proposed, not yet booked (as the demo's)
    database = open_database(env[1], TEST_KEY)
    try:
        with database.session() as s:
            visit = s.scalar(select(Visit).where(Visit.visit_no == waiting))
            agent = s.scalar(select(User).where(User.username == "agent02"))
            assert visit is not None and agent is not None
            s.add(VisitAgent(visit_id=visit.id, agent_id=agent.id, lead=True))
    finally:
        database.close()
    _as(monkeypatch, "admin")
    code, out, err = cli("user", "deactivate", "agent02", *env)
    assert code == 0, err
    _as(monkeypatch, "supervisor")
    code, alerts, _ = cli("visit", "alerts", "--json", *env)
    flagged = json.loads(alerts)["team_deactivated"]
    assert len(flagged) == 1
    assert "It is still on 1 visit not yet over" in out
