"""`casedesk visit …`: the lifecycle from the command line, the verdict and exit 3 when refused,
bad input on one line, alerts, and the visit sheet PDF."""

from __future__ import annotations

import datetime as dt
import io
import json

import pytest
from pypdf import PdfReader

from tests.conftest import TEST_KEY
from tests.core.visit_office import PASSWORD, slot, visit_office_path

# The borrower's agreement and consent to enter, stated (a booking without them is flagged).
CONSENT = ("--borrower-agreed", "--consent-to-enter")


@pytest.fixture
def env(monkeypatch, template_db, tmp_path):
    monkeypatch.setenv("CASEDESK_DB_KEY", TEST_KEY)
    monkeypatch.setenv("CASEDESK_USER", "agent01")
    monkeypatch.setenv("CASEDESK_PASSWORD", PASSWORD)
    return ["--db", str(visit_office_path(template_db, tmp_path))]


def _cases(cli, env) -> list[str]:
    code, out, _ = cli("queue", "--json", *env)
    assert code == 0
    cases = json.loads(out)["cases"]
    by_loan = sorted((c["loan_no"], c["case_no"]) for c in cases if c["loan_no"] != "L0003")
    return [case_no for _, case_no in by_loan]  # L0001, L0002, then L0004 (borrower 1 again)


def _verified(cli, env, case_no: str) -> str:
    code, out, err = cli("visit", "request", case_no, *env)
    assert code == 0, err
    number = out.split()[1]
    assert number.startswith("V")
    code, out, err = cli("visit", "verify", number, "--identity", "--address", "--phone", *env)
    assert code == 0 and "verified" in out, err
    return number


def _come_due(env, number: str, started: dt.timedelta = dt.timedelta(minutes=10)) -> None:
    """The clock reaches the booked visit (see tests.core.test_visits.come_due)."""
    from db.store import open_database
    from tests.core.test_visits import come_due

    database = open_database(env[1], TEST_KEY)
    try:
        come_due(database, number, started)
    finally:
        database.close()


def test_book_check_in_check_out(cli, env):
    case_no = _cases(cli, env)[0]
    number = _verified(cli, env, case_no)
    at = slot(10).isoformat()
    code, out, err = cli(
        "visit",
        "book",
        case_no,
        "--agents",
        "agent01,agent02",
        "--at",
        at,
        "--minutes",
        "90",
        *CONSENT,
        *env,
    )
    assert code == 0, err
    assert "Verdict: Allowed" in out
    assert (
        f"Visit {number} booked for {slot(10):%Y-%m-%d} 10:00 (office time, Asia/Shanghai)." in out
    )
    code, out, _ = cli("visit", "list", "--agent", "agent02", "--json", *env)
    (row,) = json.loads(out)["visits"]
    assert row["visit_no"] == number and row["agents"] == ["agent01", "agent02"]
    assert row["status"] == "booked"
    code, out, _ = cli("visit", "list", "--date", slot(10).date().isoformat(), *env)
    assert number in out and "10:00–11:30" in out
    _come_due(env, number)
    assert cli("visit", "checkin", number, *env)[0] == 0
    code, out, err = cli(
        "visit",
        "checkout",
        number,
        "--reason",
        "illness",
        "--travel-cost",
        "86.50",
        "--minutes-spent",
        "150",
        "--promise",
        "500.00@" + slot(10).date().isoformat(),
        *env,
    )
    assert code == 0, err
    assert "travel cost 86.50, 150 minutes" in out and "Promise" in out
    code, out, _ = cli("visit", "list", "--status", "completed", "--json", *env)
    assert [v["visit_no"] for v in json.loads(out)["visits"]] == [number]


def test_a_refused_booking_prints_every_finding_and_exits_3(cli, env):
    first, second = _cases(cli, env)[:2]
    _verified(cli, env, first)
    at = slot(10).isoformat()
    book = ("visit", "book", first, "--agents", "agent01,agent02", "--at", at, *CONSENT)
    assert cli(*book, *env)[0] == 0
    _verified(cli, env, second)
    code, out, _ = cli(
        "visit",
        "book",
        second,
        "--agents",
        "agent02,agent04",
        "--at",
        slot(21, 30).isoformat(),
        "--minutes",
        "60",
        *env,
    )
    assert code == 3
    assert "Blocked" in out and "Not booked" in out
    assert "Field training for visits —" in out and "Quiet hours —" in out
    assert "孙磊" in out and "22:00" in out  # agent04, by name
    code, out, _ = cli(
        "visit",
        "book",
        second,
        "--agents",
        "agent01,agent03",
        "--at",
        slot(10, 30).isoformat(),
        "--check",
        "--json",
        *CONSENT,
        *env,
    )
    assert code == 3
    result = json.loads(out)
    assert result["verdict"] == "blocked" and result["saved"] is False
    assert [f["rule"] for f in result["findings"]] == ["visit_agent_conflict"]


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--agents", "agent01,agent01"], "named twice"),
        (["--agents", "agent01,agent02", "--at", "2020-01-01T10:00+08:00"], "in the past"),
        (["--agents", "agent01,agent02", "--at", "tomorrow"], "Cannot read the time"),
    ],
)
def test_bad_booking_input_is_one_line(cli, env, extra, message):
    case_no = _cases(cli, env)[0]
    _verified(cli, env, case_no)
    args = ["visit", "book", case_no, "--at", slot(10).isoformat(), *extra, *env]
    code, out, err = cli(*args)
    assert code == 1 and message in err and err.count("\n") == 1
    code, out, _ = cli("visit", "list", "--status", "booked", "--json", *env)
    assert json.loads(out)["visits"] == []


def test_check_out_before_check_in_and_cancel_without_reason(cli, env):
    case_no = _cases(cli, env)[0]
    number = _verified(cli, env, case_no)
    assert (
        cli(
            "visit",
            "book",
            number,
            "--agents",
            "agent01,agent02",
            "--at",
            slot(10).isoformat(),
            *CONSENT,
            *env,
        )[0]
        == 0
    )
    code, _, err = cli("visit", "checkout", number, "--reason", "other", *env)
    assert code == 1 and "check in before checking out" in err
    # Checking a booking of a visit booked already is refused as the booking itself would be
    # (it printed a verdict and exited 0).
    again = ("--agents", "agent01,agent02", "--at", slot(10).isoformat(), *CONSENT)
    code, _, err = cli("visit", "book", number, *again, "--check", *env)
    assert code == 1 and "booked" in err
    code, _, err = cli("visit", "checkout", number, "--reason", "bored", *env)
    assert code == 1 and ("Unknown reason for default" in err or "check in" in err)
    code, _, err = cli("visit", "cancel", number, "--reason", " ", *env)
    assert code == 1 and "needs a reason" in err
    code, _, err = cli("visit", "cancel", number, "--reason", "moved", *env)
    assert code == 1 and "at least 10 characters" in err
    code, out, _ = cli("visit", "cancel", "--help")
    assert "at least 10 characters" in out
    code, out, _ = cli("visit", "cancel", number, "--reason", "借款人改约", *env)
    assert code == 0 and "cancelled" in out


def test_alerts_list_a_late_visit_and_a_supervisor_resolves_it(cli, env, monkeypatch):
    from sqlalchemy import update

    from app.models import Visit
    from db.store import open_database

    code, out, _ = cli("visit", "alerts", *env)
    assert code == 0 and "No late check-outs" in out
    case_no = _cases(cli, env)[0]
    number = _verified(cli, env, case_no)
    assert (
        cli(
            "visit",
            "book",
            number,
            "--agents",
            "agent01,agent02",
            "--at",
            slot(10).isoformat(),
            *CONSENT,
            *env,
        )[0]
        == 0
    )
    _come_due(env, number)
    assert cli("visit", "checkin", number, *env)[0] == 0
    # The clock passes the visit's end: move its expected end to an hour ago.
    database = open_database(env[1], TEST_KEY)
    with database.session() as s:
        ago = dt.datetime.now(dt.UTC) - dt.timedelta(hours=1)
        s.execute(
            update(Visit)
            .where(Visit.visit_no == number)
            .values(scheduled_start=ago - dt.timedelta(hours=1), scheduled_end=ago)
        )
    database.close()
    code, out, _ = cli("visit", "alerts", "--json", *env)
    (alert,) = json.loads(out)["alerts"]
    assert alert["visit_no"] == number and alert["minutes_late"] >= 60
    assert alert["agents"] == ["agent01", "agent02"] and len(alert["agent_names"]) == 2
    code, _, err = cli("visit", "resolve", number, "--note", "ok", *env)
    assert code == 1 and "may not resolve visit alerts" in err
    monkeypatch.setenv("CASEDESK_USER", "supervisor")
    code, out, _ = cli("visit", "alerts", *env)
    assert number in out and ", ".join(alert["agent_names"]) in out and " h" in out
    code, out, err = cli("visit", "resolve", number, "--note", "电话确认两人平安", *env)
    assert code == 0 and "resolved" in out, err
    code, out, _ = cli("visit", "alerts", *env)
    assert "No late check-outs" in out


def test_sheet_pdf_in_chinese(cli, env, tmp_path):
    case_no = _cases(cli, env)[0]
    _verified(cli, env, case_no)
    assert (
        cli(
            "visit",
            "book",
            case_no,
            "--agents",
            "agent01,agent02",
            "--at",
            slot(9).isoformat(),
            *CONSENT,
            *env,
        )[0]
        == 0
    )
    target = tmp_path / "sheet.pdf"
    day = slot(9).date().isoformat()
    code, out, err = cli(
        "--lang", "zh_CN", "visit", "sheet", "--agent", "agent01", "--date", day, "-o", target, *env
    )
    assert code == 0, err
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(target.read_bytes())).pages)
    assert "上门日程表" in text and "张伟" in text and "李强" in text
    code, _, err = cli(
        "visit", "sheet", "--agent", "agent02", "--date", day, "-o", target, "--force", *env
    )  # fmt: skip
    assert code == 1 and "only their own visit sheet" in err


def test_check_in_days_early_is_refused_with_the_booked_time(cli, env):
    """QA: `visit checkin` on a visit booked for days later was accepted that evening."""
    case_no = _cases(cli, env)[0]
    number = _verified(cli, env, case_no)
    at = slot(10).isoformat()
    book = ("visit", "book", case_no, "--agents", "agent01,agent02", "--at", at, *CONSENT)
    assert cli(*book, *env)[0] == 0
    code, _, err = cli("visit", "checkin", number, *env)
    assert code == 1 and "no earlier than 2 hours" in err
    assert slot(10).strftime("%Y-%m-%d 10:00") in err  # the booked start, office time
    code, _, err = cli("visit", "checkin", number, "--lang", "zh_CN", *env)
    assert code == 1 and "最早在开始前 2 小时签到" in err
    code, out, _ = cli("visit", "list", "--status", "booked", "--json", *env)
    assert [v["visit_no"] for v in json.loads(out)["visits"]] == [number]


def test_booking_without_agreement_or_consent_to_enter_needs_an_override(cli, env):
    """QA: `visit book … --no-entry --not-agreed` said Allowed and booked the visit. Consent is
    now stated with --borrower-agreed and --consent-to-enter; the old flags state the default."""
    case_no = _cases(cli, env)[0]
    number = _verified(cli, env, case_no)
    at = slot(10).isoformat()
    agents = ("--agents", "agent01,agent02", "--at", at)
    code, out, _ = cli("visit", "book", number, *agents, "--no-entry", "--not-agreed", *env)
    assert code == 3 and "Not booked" in out
    assert "Consent to a visit — No record that the borrower agreed to this visit." in out
    assert "consents to the agents entering the home" in out
    code, out, _ = cli("visit", "book", number, *agents, "--borrower-agreed", "--json", *env)
    verdict = json.loads(out)
    assert code == 3 and verdict["verdict"] == "needs_override"
    assert {f["rule"] for f in verdict["findings"]} == {"visit_consent"}
    code, out, err = cli("visit", "book", number, *agents, *CONSENT, *env)
    assert code == 0 and "Verdict: Allowed" in out, err


def test_a_holiday_is_named_in_the_readers_language(cli, env):
    """QA: "2027-01-01 是 CN 的法定节假日（New Year's Day）" in the Chinese CLI."""
    case_no = _cases(cli, env)[0]
    number = _verified(cli, env, case_no)
    day = dt.date(dt.date.today().year + 1, 1, 1)  # next New Year's Day
    new_year = dt.datetime.combine(day, dt.time(10), slot(10).tzinfo).isoformat()
    book = ("visit", "book", number, "--agents", "agent01,agent02", "--at", new_year, "--check")
    book += CONSENT
    code, out, _ = cli(*book, "--lang", "zh_CN", *env)
    assert code == 3 and f"{day} 是中国的法定节假日（元旦）" in out, out
    assert "CN 的" not in out and "New Year" not in out
    code, out, _ = cli(*book, *env)
    assert f"{day} is a public holiday in China (New Year's Day)." in out


def test_refusals_name_times_in_the_office_zone_not_utc(cli, env):
    """QA: "A check-out cannot be before the check-in (2026-03-01T02:05+00:00)" — the check-in
    in UTC. The visit steps' refusals that name a time give it as the office reads it (Shanghai
    here), whatever zone the time was typed in, as the visit list does."""
    shanghai = slot(10).tzinfo
    case_no = _cases(cli, env)[0]
    number = _verified(cli, env, case_no)
    code, _, err = cli(
        "visit", "book", number, "--agents", "agent01,agent02", "--at", "2020-01-01T02:00Z", *env
    )
    assert code == 1 and "cannot be booked in the past: 2020-01-01 10:00." in err, err
    at = slot(10).isoformat()
    book = ("visit", "book", number, "--agents", "agent01,agent02", "--at", at, *CONSENT)
    code, _, err = cli(*book, *env)
    assert code == 0, err
    _come_due(env, number)
    later = dt.datetime.now(dt.UTC) + dt.timedelta(days=1)
    code, _, err = cli("visit", "checkin", number, "--at", later.isoformat(), *env)
    assert code == 1 and "+00:00" not in err, err
    assert f"in the future: {later.astimezone(shanghai):%Y-%m-%d %H:%M}." in err
    checked_in = dt.datetime.now(dt.UTC)  # after the booking, within the slot
    code, _, err = cli("visit", "checkin", number, "--at", checked_in.isoformat(), *env)
    assert code == 0, err
    before = (checked_in - dt.timedelta(hours=1)).isoformat()
    for lang, said in (
        ("en", "A check-out cannot be before the check-in ({time})."),
        ("zh_CN", "签退时间不能早于签到时间（{time}）。"),
    ):
        code, _, err = cli(
            "--lang", lang, "visit", "checkout", number, "--reason", "other", "--at", before, *env
        )
        assert code == 1 and "+00:00" not in err, err
        assert said.format(time=f"{checked_in.astimezone(shanghai):%Y-%m-%d %H:%M}") in err, err


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_the_visit_list_lines_up_by_display_width(cli, demo_path, monkeypatch, lang):
    """`visit list` in columns a terminal keeps straight: the borrowers' Chinese names (two or
    three characters, two columns each) and the Chinese status do not push the columns after
    them out of line, and each column is as wide as its widest cell, then two spaces."""
    import re

    from app.i18n import listed
    from tests.cli.test_columns import columns

    monkeypatch.setenv("CASEDESK_DB_KEY", TEST_KEY)
    monkeypatch.setenv("CASEDESK_USER", "supervisor")
    monkeypatch.setenv("CASEDESK_PASSWORD", "demo")
    db = ["--lang", lang, "--db", str(demo_path)]
    code, out, err = cli("visit", "list", "--json", *db)
    assert code == 0, err
    visits = json.loads(out)["visits"]
    assert len({columns(v["borrower"]) for v in visits}) > 1  # names of different widths
    code, out, err = cli("visit", "list", *db)
    assert code == 0, err
    lines = out.splitlines()
    assert len(lines) == len(visits) > 2
    # A line's cells: runs of text apart by two spaces or more (a cell holds single spaces only).
    cells = [list(re.finditer(r"\S+(?: \S+)*", line)) for line in lines]
    for line, found, visit in zip(lines, cells, visits, strict=True):
        texts = [m.group() for m in found]
        assert len(texts) == 6 and not line.endswith(" "), line
        assert texts[0] == visit["visit_no"] and texts[4] == visit["borrower"]
        assert texts[5] == listed(visit["agent_names"], lang)  # display names, as `visit show`
    for i in range(1, 6):
        at = {columns(line[: found[i].start()]) for line, found in zip(lines, cells, strict=True)}
        assert len(at) == 1, (i, lines)  # the column starts at one terminal column in every line
        before = {
            columns(line[: found[i - 1].start()]) for line, found in zip(lines, cells, strict=True)
        }
        widest = max(columns(found[i - 1].group()) for found in cells)
        assert at == {before.pop() + widest + 2}, (i, lines)  # no wider than its widest cell
    statuses = [found[3].group() for found in cells]
    assert all(s.isascii() for s in statuses) == (lang == "en"), statuses  # 已完成 in Chinese


def test_book_a_visit_that_has_agents_on_it_and_time_spent_has_a_ceiling(cli, env):
    """QA: booking a visit with agents already on it failed on the one-row-per-agent constraint;
    a check-out took 100,000 minutes spent."""
    from sqlalchemy import select

    from app.models import User, Visit, VisitAgent
    from db.store import open_database

    case_no = _cases(cli, env)[0]
    number = _verified(cli, env, case_no)
    database = open_database(env[1], TEST_KEY)
    try:
        with database.session() as s:  # a team already on the visit: agent01 leading agent02
            visit = s.scalar(select(Visit).where(Visit.visit_no == number))
            for n, name in enumerate(("agent01", "agent02")):
                agent_id = s.scalar(select(User.id).where(User.username == name))
                s.add(VisitAgent(visit_id=visit.id, agent_id=agent_id, lead=n == 0))
    finally:
        database.close()
    at = slot(10).isoformat()
    book = ("visit", "book", number, "--agents", "agent03,agent01", "--at", at, *CONSENT)
    code, out, err = cli(*book, *env)
    assert code == 0 and f"Visit {number} booked for {slot(10):%Y-%m-%d} 10:00 " in out, err
    code, out, _ = cli("visit", "list", "--json", *env)
    (row,) = [v for v in json.loads(out)["visits"] if v["visit_no"] == number]
    assert row["agents"] == ["agent03", "agent01"]  # the lead first
    _come_due(env, number)
    assert cli("visit", "checkin", number, *env)[0] == 0
    checkout = ("visit", "checkout", number, "--reason", "job_loss", "--minutes-spent")
    code, _, err = cli(*checkout, "100000", *env)
    assert code == 1 and err.count("\n") == 1
    assert "at most 1,440 minutes (24 hours), not 100,000" in err
    code, _, err = cli("--lang", "zh_CN", *checkout, "100000", *env)
    assert code == 1 and "一次上门的用时最多 1,440 分钟（24 小时）" in err
    code, out, err = cli(*checkout, "1440", *env)
    assert code == 0 and "1,440 minutes" in out, err


def test_an_override_without_a_password_is_not_tried(cli, env, monkeypatch):
    """As for contacts: with no terminal and no CASEDESK_OVERRIDE_PASSWORD, `visit book` tried the
    supervisor's password empty and counted a failed login (five lock them out)."""
    from sqlalchemy import select

    from app.models import User, Visit
    from db.store import open_database

    case_no = _cases(cli, env)[0]
    number = _verified(cli, env, case_no)
    monkeypatch.delenv("CASEDESK_OVERRIDE_PASSWORD", raising=False)
    monkeypatch.setattr("sys.stdin", io.StringIO(""))  # no terminal to ask
    book = ("visit", "book", number, "--agents", "agent01,agent02", "--at", slot(10).isoformat())
    override = (
        "--borrower-agreed",
        "--override-reason",
        "家属代为同意",
        "--override-by",
        "supervisor",
    )
    for _ in range(6):
        code, _out, err = cli(*book, *override, *env)
        assert code == 1 and "No password for supervisor" in err, err
    database = open_database(env[1], TEST_KEY)
    try:
        with database.sessions() as s:
            supervisor = s.scalar(select(User).where(User.username == "supervisor"))
            assert (supervisor.failed_logins, supervisor.locked_until) == (0, None)
            boss = supervisor.display_name
            assert s.scalar(select(Visit.status).where(Visit.visit_no == number)) == "verified"
    finally:
        database.close()
    monkeypatch.setenv("CASEDESK_OVERRIDE_PASSWORD", PASSWORD)
    code, out, err = cli(*book, *override, *env)
    assert code == 0 and "Verdict: Needs a supervisor's override" in out, err
    # Booked, and whose override let it through: not the verdict alone.
    booked = f"Visit {number} booked for {slot(10):%Y-%m-%d} 10:00 (office time, Asia/Shanghai)."
    # named as the Compliance log names them, with the login (QA s45 #5)
    assert f"{booked}\nSaved on {boss} (supervisor)'s override: 家属代为同意\n" in out


@pytest.mark.parametrize("required", [True, False], ids=["approval", "none"])
def test_a_booking_that_waits_for_approval_says_so(cli, env, required):
    """Found by the month-start walk: with the office's visit approval on, `visit book` said only
    "booked", where the window says "Booked, awaiting approval"."""
    from sqlalchemy import select

    from app import settings
    from app.models import User
    from db.store import open_database

    database = open_database(env[1], TEST_KEY)
    try:
        with database.session() as s:
            admin = s.scalar(select(User).where(User.username == "admin"))
            settings.put(s, admin, "visit.approval_required", int(required))
    finally:
        database.close()
    case_no = _cases(cli, env)[0]
    number = _verified(cli, env, case_no)
    at = slot(10).isoformat()
    code, out, err = cli(
        "visit", "book", case_no, "--agents", "agent01,agent02", "--at", at, *CONSENT, *env
    )
    assert code == 0, err
    waits = (
        "It waits for a supervisor's approval before the team goes "
        f"(casedesk visit approve {number})."
    )
    assert f"Visit {number} booked for" in out
    assert (waits in out) is required
