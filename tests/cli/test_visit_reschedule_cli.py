"""`casedesk visit reschedule`: a booked visit moved from the command line, with `visit book`'s
flags, verdict and exit codes (3: refused by the rules, 1: bad input on one line), --check that
saves nothing, a supervisor's override, and the words in Chinese."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from tests.cli.test_visit_cli import CONSENT, _cases, _verified
from tests.conftest import TEST_KEY
from tests.core.visit_office import PASSWORD, slot, visit_office_path


@pytest.fixture
def env(monkeypatch, template_db, tmp_path):
    monkeypatch.setenv("CASEDESK_DB_KEY", TEST_KEY)
    monkeypatch.setenv("CASEDESK_USER", "agent01")
    monkeypatch.setenv("CASEDESK_PASSWORD", PASSWORD)
    return ["--db", str(visit_office_path(template_db, tmp_path))]


def _book(cli, env, case_no: str, agents: str = "agent01,agent02", **kw) -> str:
    number = _verified(cli, env, case_no)
    start = kw.get("start", slot(10))
    minutes = str(kw.get("minutes", 60))
    code, _out, err = cli(
        "visit", "book", number, "--agents", agents, "--at", start.isoformat(),
        "--minutes", minutes, *CONSENT, *env,
    )  # fmt: skip
    assert code == 0, err
    return number


def _row(cli, env, number: str) -> dict:
    code, out, _ = cli("visit", "list", "--json", *env)
    assert code == 0
    rows = json.loads(out)["visits"]
    return next(r for r in rows if r["visit_no"] == number)


def _shown(cli, env, number: str) -> dict:
    code, out, _ = cli("visit", "show", number, "--json", *env)
    assert code == 0
    return json.loads(out)


def _start(row: dict) -> dt.datetime:
    return dt.datetime.fromisoformat(row["start"])


def _blocks(env) -> int:
    from sqlalchemy import func, select

    from app.models import BlockedAttempt
    from db.store import open_database

    database = open_database(env[1], TEST_KEY)
    try:
        with database.sessions() as s:
            return s.scalar(select(func.count()).select_from(BlockedAttempt))
    finally:
        database.close()


def test_reschedule_moves_the_visit_and_says_so(cli, env):
    number = _book(cli, env, _cases(cli, env)[0])
    code, out, err = cli(
        "visit", "reschedule", number.lower(), "--agents", "agent03,agent01",
        "--start", slot(15).isoformat(), "--minutes", "90", "--reason", "借款人下午在家",
        *CONSENT, *env,
    )  # fmt: skip
    assert code == 0, err
    assert "Verdict: Allowed" in out and f"Visit {number} rescheduled to " in out
    row = _row(cli, env, number)
    assert row["status"] == "booked" and row["agents"] == ["agent03", "agent01"]
    assert _start(row) == slot(15)
    assert dt.datetime.fromisoformat(row["end"]) - _start(row) == dt.timedelta(minutes=90)


def test_the_length_stays_unless_given_and_book_s_spellings_are_taken(cli, env):
    number = _book(cli, env, _cases(cli, env)[0], minutes=90)
    code, out, err = cli(
        "visit", "reschedule", number, "--agents", "agent01,agent02",
        "--at", slot(14).isoformat(), "--reason", "改到下午", "--at-work", *CONSENT, *env,
    )  # fmt: skip
    assert code == 0, err
    row = _row(cli, env, number)
    assert _start(row) == slot(14)
    assert dt.datetime.fromisoformat(row["end"]) - _start(row) == dt.timedelta(minutes=90)
    # Kept on the visit: a later move without the flag stays at work; --not-at-work clears it.
    assert _shown(cli, env, number)["at_workplace"] is True
    move = ("visit", "reschedule", number, "--agents", "agent01,agent02", "--reason", "再改")
    code, _out, err = cli(*move, "--at", slot(15).isoformat(), *CONSENT, *env)
    assert code == 0, err
    assert _shown(cli, env, number)["at_workplace"] is True
    code, _out, err = cli(*move, "--at", slot(16).isoformat(), "--not-at-work", *CONSENT, *env)
    assert code == 0, err
    assert _shown(cli, env, number)["at_workplace"] is False


def test_a_move_into_another_visit_is_refused_with_exit_3(cli, env):
    first, second = _cases(cli, env)[:2]
    _book(cli, env, first)  # agent01 and agent02 at 10:00
    number = _book(cli, env, second, "agent03,agent01", start=slot(14))
    move = (
        "visit", "reschedule", number, "--agents", "agent03,agent01",
        "--start", slot(10, 30).isoformat(), "--reason", "借款人要求上午", *CONSENT,
    )  # fmt: skip
    blocks = _blocks(env)
    code, out, _ = cli(*move, "--check", "--json", *env)
    assert code == 3
    verdict = json.loads(out)
    assert verdict["verdict"] == "blocked" and verdict["saved"] is False
    assert [f["rule"] for f in verdict["findings"]] == ["visit_agent_conflict"]
    assert _blocks(env) == blocks  # a check records nothing
    code, out, _ = cli(*move, *env)
    assert code == 3 and "Blocked" in out
    assert "Not rescheduled: blocked by the rules (the block is recorded)." in out
    assert _blocks(env) == blocks + 1
    assert _start(_row(cli, env, number)) == slot(14)  # it keeps its time
    free = ("--start", slot(16).isoformat())
    code, out, _ = cli(*move, *free, "--check", *env)  # the later --start wins
    assert code == 0 and "Verdict: Allowed" in out
    assert _start(_row(cli, env, number)) == slot(14)  # --check saved nothing


def test_an_override_needs_a_supervisor(cli, env, monkeypatch):
    number = _book(cli, env, _cases(cli, env)[0])
    # The borrower's agreement to the new time not stated: the consent rule asks for an override.
    move = (
        "visit", "reschedule", number, "--agents", "agent01,agent02",
        "--start", slot(15).isoformat(), "--reason", "主管安排", "--consent-to-enter",
    )  # fmt: skip
    code, out, _ = cli(*move, *env)
    assert code == 3 and "Not rescheduled: a supervisor must override" in out
    assert _start(_row(cli, env, number)) == slot(10)
    monkeypatch.setenv("CASEDESK_OVERRIDE_PASSWORD", PASSWORD)
    override = ("--override-by", "supervisor", "--override-reason", "家属代为同意")
    code, out, err = cli(*move, *override, "--json", *env)
    assert code == 0, err
    result = json.loads(out)
    assert result["verdict"] == "needs_override" and result["saved"] is True
    assert (result["override_by"], result["override_reason"]) == ("supervisor", "家属代为同意")
    row = _row(cli, env, number)
    assert _start(row) == slot(15) and row["approved"] is True  # the supervisor approved it


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--reason", "  "], "needs a reason"),
        (["--reason", "同一时间", "--start", slot(10).isoformat()], "nothing to change"),
        (["--reason", "昨天", "--start", "2020-01-01T10:00+08:00"], "in the past"),
        (["--reason", "改约", "--minutes", "5"], "15 to 480 minutes"),
    ],
)
def test_bad_input_is_one_line_and_changes_nothing(cli, env, extra, message):
    number = _book(cli, env, _cases(cli, env)[0])
    args = ["visit", "reschedule", number, "--agents", "agent01,agent02"]
    code, _out, err = cli(*args, "--start", slot(15).isoformat(), *extra, *CONSENT, *env)
    assert code == 1 and message in err and err.count("\n") == 1, err
    assert _start(_row(cli, env, number)) == slot(10)


def test_only_a_booked_visit_moves(cli, env):
    case_no = _cases(cli, env)[0]
    number = _verified(cli, env, case_no)
    move = ("visit", "reschedule", number, "--agents", "agent01,agent02", "--reason", "改约")
    code, _out, err = cli(*move, "--start", slot(15).isoformat(), *CONSENT, *env)
    assert code == 1 and "is verified; only a booked visit not yet started" in err
    code, _out, err = cli(*move, "--start", slot(15).isoformat(), "--check", *CONSENT, *env)
    assert code == 1 and "only a booked visit" in err  # --check refuses it the same way


def test_in_chinese(cli, env):
    number = _book(cli, env, _cases(cli, env)[0])
    move = ("visit", "reschedule", number, "--agents", "agent01,agent02")
    code, _out, err = cli("--lang", "zh_CN", *move, "--start", slot(15).isoformat(), *env)
    assert code == 1 and "上门改约须说明原因。" in err
    when = ("--start", slot(15).isoformat(), "--reason", "借款人要求改期", *CONSENT)
    code, out, err = cli("--lang", "zh_CN", *move, *when, *env)
    assert code == 0, err
    assert f"上门 {number} 已改约至 " in out
    code, out, _ = cli("--lang", "zh_CN", "visit", "reschedule", "--help")
    assert code == 0 and "改约原因" in out and "--at-workplace" in out
