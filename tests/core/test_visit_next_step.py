"""A check-out's next step: refused when longer than its column holds (it was cut to 200
characters without a word), kept whole otherwise, and shown where people read a visit: its
detail (`visit show`, the Visits page) and the case's timeline."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from app.errors import ValidationError
from app.models import ContactAttempt, User, Visit, VisitStatus
from app.queries.case_page import case_detail
from app.visits import check_in, check_out
from app.visits.common import MAX_NEXT_STEP
from app.visits.detail import booking_lines, outcome_lines, visit_detail
from tests.core.test_visits import come_due
from tests.core.visit_office import SHANGHAI, book, build_visit_office, case_nos, login
from tests.core.visit_office import verified_visit as _verified


@pytest.fixture
def office(db):
    build_visit_office(db)
    return db


def _run(db, who: str, fn, *args, **kwargs):  # type: ignore[no-untyped-def]
    user = login(db, who)
    with db.session(write_lock=True) as s:
        return fn(s, s.get(User, user.id), *args, **kwargs)


def _checked_in(db) -> str:
    visit_no = _verified(db, case_nos(db)[0])
    assert book(db, visit_no).saved
    come_due(db, visit_no)
    _run(db, "agent02", check_in, visit_no)
    return visit_no


def test_the_limit_is_the_columns_length():
    assert Visit.__table__.c.next_step.type.length == MAX_NEXT_STEP == 200


def test_a_too_long_next_step_is_refused_not_cut(office):
    """QA: `check_out` kept the first 200 characters of the next step without a word, where the
    notes are refused when too long."""
    visit_no = _checked_in(office)
    step = "跟进还款协议，" * 28 + "再电话确认"  # 201 characters
    assert len(step) == MAX_NEXT_STEP + 1
    with pytest.raises(ValidationError) as refused:
        _run(office, "agent02", check_out, visit_no, default_reason="illness", next_step=step)
    assert str(refused.value) == "The next step is too long: 201 characters, at most 200."
    assert refused.value.translated("zh_CN") == "下一步过长：201 个字符，最多 200 个。"
    with office.sessions() as s:  # nothing written: still under way, no contact line
        visit = s.scalar(select(Visit).where(Visit.visit_no == visit_no))
        assert visit.status is VisitStatus.IN_PROGRESS and visit.next_step == ""
        assert s.scalar(select(ContactAttempt.id)) is None
    whole = "  " + step[:MAX_NEXT_STEP] + "  "  # the spaces around are trimmed, not counted
    _run(office, "agent02", check_out, visit_no, default_reason="illness", next_step=whole)
    with office.sessions() as s:
        saved = s.scalar(select(Visit.next_step).where(Visit.visit_no == visit_no))
    assert saved == step[:MAX_NEXT_STEP]


def test_the_next_step_shows_in_the_visits_detail_and_the_case_timeline(office):
    visit_no = _checked_in(office)
    _run(
        office,
        "agent02",
        check_out,
        visit_no,
        default_reason="business_failure",
        capacity_note="经营恢复中",
        proposal="分 6 期",
        notes="借款人在家，态度配合",
        next_step="下周三前起草还款协议",
        travel_cost=8650,
        hours_minutes=150,
    )
    user = login(office, "agent01")
    with office.sessions() as s:
        detail = visit_detail(s, s.get(User, user.id), visit_no)
        story = case_detail(s, s.get(User, user.id), case_nos(office)[0]).timeline
    assert detail.next_step == "下周三前起草还款协议"
    assert dict(outcome_lines(detail)) == {
        "Reason for default": "Business failure",
        "Capacity to pay": "经营恢复中",
        "Proposal": "分 6 期",
        "Notes": "借款人在家，态度配合",
        "Next step": "下周三前起草还款协议",
        "Travel cost": "86.50",
        "Time spent": "2 h 30 min",
    }
    assert dict(outcome_lines(detail, "zh_CN"))["下一步"] == "下周三前起草还款协议"
    lines = dict(booking_lines(detail, SHANGHAI))
    assert lines["Status"] == "Completed" and lines["Agents"] == "王芳, 李强"
    assert lines["Consent to enter"] == "yes" and "Checked out" in lines
    (item,) = [i for i in story if i.kind == "visit"]
    assert "next step: 下周三前起草还款协议" in item.detail
    with office.sessions() as s:
        zh = case_detail(s, s.get(User, user.id), case_nos(office)[0], "zh_CN").timeline
    (item,) = [i for i in zh if i.kind == "visit"]
    assert "下一步：下周三前起草还款协议" in item.detail


def test_a_visit_not_yet_done_has_no_outcome_lines(office):
    visit_no = _verified(office, case_nos(office)[0])
    assert book(office, visit_no).saved
    with office.sessions() as s:
        detail = visit_detail(s, s.get(User, login(office, "agent01").id), visit_no)
    assert outcome_lines(detail) == []
    steps = dict(booking_lines(detail, dt.UTC, steps_only=True))
    assert steps == {
        "Borrower agreed the time": "yes",
        "Consent to enter": "yes",
        "At the place of work": "no",
    }


def test_a_requested_visits_address_is_refused_when_too_long_not_cut(office) -> None:
    """Found by QA: an address typed for a visit was cut to its column's 300 characters."""
    from app.visits import request_visit
    from app.visits.lifecycle import MAX_ADDRESS

    case_no = case_nos(office)[0]
    long = "上海市徐汇区漕溪北路" + "甲" * MAX_ADDRESS
    with office.sessions() as s:
        before = s.scalar(select(func.count()).select_from(Visit))
    with pytest.raises(ValidationError, match=r"address is too long: 310 characters, at most 300"):
        _run(office, "agent01", request_visit, case_no, address=long)
    with office.sessions() as s:
        assert s.scalar(select(func.count()).select_from(Visit)) == before  # nothing saved
    fits = long[:MAX_ADDRESS]
    visit = _run(office, "agent01", request_visit, case_no, address=fits)
    with office.sessions() as s:
        assert s.scalar(select(Visit.address).where(Visit.visit_no == visit.visit_no)) == fits
