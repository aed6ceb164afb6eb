"""`casedesk visit …`: consent stated with --borrower-agreed / --consent-to-enter (never assumed),
no no-show while a complaint pauses the case, the pause on `visit list`, `visit show` and the
sheet, and a check-out's next step refused when too long and shown by `visit show`."""

from __future__ import annotations

import datetime as dt
import io
import json

import pytest
from pypdf import PdfReader

from tests.cli.test_visit_cli import CONSENT, _cases, _come_due, _verified
from tests.conftest import TEST_KEY
from tests.core.visit_office import PASSWORD, slot, visit_office_path


@pytest.fixture
def env(monkeypatch, template_db, tmp_path):
    monkeypatch.setenv("CASEDESK_DB_KEY", TEST_KEY)
    monkeypatch.setenv("CASEDESK_USER", "agent01")
    monkeypatch.setenv("CASEDESK_PASSWORD", PASSWORD)
    return ["--db", str(visit_office_path(template_db, tmp_path))]


def _in_office(env, work):  # type: ignore[no-untyped-def]
    from db.store import open_database

    database = open_database(env[1], TEST_KEY)
    try:
        return work(database)
    finally:
        database.close()


def _booked(cli, env, *flags: str) -> tuple[str, str]:
    case_no = _cases(cli, env)[0]
    number = _verified(cli, env, case_no)
    book = ("visit", "book", number, "--agents", "agent01,agent02", "--at", slot(10).isoformat())
    code, out, err = cli(*book, *(flags or CONSENT), *env)
    assert code == 0, out + err
    return case_no, number


def test_a_booking_records_consent_only_when_stated(cli, env):
    """QA: `visit book` stored the borrower's agreement and consent to enter unless told
    otherwise, so a CLI booking was Allowed with nobody stating consent (the window's box starts
    unticked: a supervisor's override)."""
    from sqlalchemy import select

    from app.models import Visit

    code, out, _ = cli("visit", "book", "--help")
    assert code == 0 and "--borrower-agreed" in out and "--consent-to-enter" in out
    assert "--not-agreed" not in out and "--no-entry" not in out
    number = _verified(cli, env, _cases(cli, env)[0])
    book = ("visit", "book", number, "--agents", "agent01,agent02", "--at", slot(10).isoformat())
    code, out, _ = cli(*book, "--json", *env)
    verdict = json.loads(out)
    assert code == 3 and verdict["verdict"] == "needs_override" and not verdict["saved"]
    assert [f["rule"] for f in verdict["findings"]] == ["visit_consent", "visit_consent"]
    said = " ".join(f["text"] for f in verdict["findings"])
    assert "No record that the borrower agreed to this visit." in said
    assert "No record that the borrower consents to the agents entering the home." in said
    code, out, err = cli(*book, "--check", "--consent-to-enter", *env)
    assert code == 3 and "agreed to this visit" in out and "entering the home" not in out
    code, out, err = cli(*book, *CONSENT, *env)
    assert code == 0 and "Verdict: Allowed" in out, err

    def stored(database):  # type: ignore[no-untyped-def]
        with database.sessions() as s:
            visit = s.scalar(select(Visit).where(Visit.visit_no == number))
            return visit.borrower_agreed, visit.consent_to_enter

    assert _in_office(env, stored) == (True, True)


def test_no_show_is_refused_while_a_complaint_pauses_the_case(cli, env, tmp_path):
    """QA: `visit noshow` recorded a no-show and a contact line on a paused case."""
    from tests.core.test_visit_pause import lift, pause_case

    case_no, number = _booked(cli, env)
    _come_due(env, number, dt.timedelta(minutes=65))  # the slot is over
    complaint_no = _in_office(env, lambda db: pause_case(db, case_no))
    code, _, err = cli("visit", "noshow", number, "--notes", "无人应门", *env)
    assert code == 1 and err.count("\n") == 1
    assert f"Contact on case {case_no} is paused while a complaint is open" in err
    code, out, _ = cli("visit", "list", "--json", *env)
    (row,) = json.loads(out)["visits"]
    assert row["status"] == "booked" and row["paused_by"] == [complaint_no]
    code, out, _ = cli("visit", "list", *env)
    # Its slot is over with no check-in: said as the Visits list says it, the pause beside it.
    assert "booked, not checked in (contact paused)" in out
    code, out, _ = cli("visit", "show", number, *env)
    assert code == 0 and f"Contact paused: complaint {complaint_no} is open; do not go" in out
    code, out, _ = cli("--lang", "zh_CN", "visit", "show", number, *env)
    assert f"暂停联系：投诉 {complaint_no} 尚未办结" in out and "状态：已预约" in out
    target = tmp_path / "sheet.pdf"
    began = dt.datetime.now(dt.UTC) - dt.timedelta(minutes=65)  # when the visit now begins
    day = began.astimezone(slot(10).tzinfo).date().isoformat()
    code, _, err = cli(
        "--lang", "zh_CN", "visit", "sheet", "--agent", "agent01", "--date", day, "-o", target, *env
    )
    assert code == 0, err
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(target.read_bytes())).pages)
    assert f"暂停联系：投诉{complaint_no}尚未办结" in "".join(text.split())
    _in_office(env, lambda db: lift(db, complaint_no))
    code, out, err = cli("visit", "noshow", number, "--notes", "无人应门", *env)
    assert code == 0 and "recorded as a no-show" in out, err
    code, out, _ = cli("visit", "show", number, "--json", *env)
    shown = json.loads(out)
    assert shown["status"] == "no_show" and shown["paused_by"] == []
    assert shown["notes"] == "无人应门"


def test_a_too_long_next_step_is_refused_and_visit_show_gives_it(cli, env):
    """QA: `visit checkout --next-step` kept the first 200 characters without a word, and the
    next step was shown nowhere."""
    _case_no, number = _booked(cli, env)
    _come_due(env, number)
    assert cli("visit", "checkin", number, *env)[0] == 0
    checkout = ("visit", "checkout", number, "--reason", "illness", "--next-step")
    code, _, err = cli(*checkout, "x" * 201, *env)
    assert code == 1 and err.count("\n") == 1
    assert "The next step is too long: 201 characters, at most 200." in err
    code, _, err = cli("--lang", "zh_CN", *checkout, "x" * 201, *env)
    assert code == 1 and "下一步过长：201 个字符，最多 200 个。" in err
    code, out, err = cli(*checkout, "下周三前起草还款协议", "--notes", "借款人住院中", *env)
    assert code == 0, err
    code, out, _ = cli("visit", "show", number, *env)
    assert code == 0 and f"Visit {number}" in out
    assert "Next step: 下周三前起草还款协议" in out and "Reason for default: Illness" in out
    assert "Notes: 借款人住院中" in out and "Contact paused" not in out
    code, out, _ = cli("--lang", "zh_CN", "visit", "show", number, *env)
    assert "下一步：下周三前起草还款协议" in out and "逾期原因：疾病" in out
    code, out, _ = cli("visit", "show", number, "--json", *env)
    shown = json.loads(out)
    assert shown["next_step"] == "下周三前起草还款协议" and shown["default_reason"] == "illness"
    assert shown["agents"] == ["agent01", "agent02"] and shown["consent_to_enter"] is True
    code, _, err = cli("visit", "show", "V1999-000001", *env)
    assert code == 1 and "Unknown visit V1999-000001." in err
