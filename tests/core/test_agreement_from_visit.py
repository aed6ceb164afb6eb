"""Drafting a repayment agreement from a visit's outcome through the core: the borrower's stated
reason and capacity come from the completed visit (in the user's language), the draft names the
visit, and a visit with no outcome yet, or another agent's, is refused with nothing saved."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from app.agreements import draft_plan
from app.agreements.from_visit import visit_statement
from app.errors import PermissionDenied, ValidationError
from app.models import Agreement, User, Visit
from app.visits import check_in, check_out
from tests.core.test_visits import _run, come_due
from tests.core.visit_office import book, build_visit_office, case_nos, login, verified_visit


@pytest.fixture
def office(db):
    build_visit_office(db)
    return db


def _completed(db, case_no: str, **outcome) -> str:
    visit_no = verified_visit(db, case_no)
    assert book(db, visit_no).saved
    come_due(db, visit_no)  # a check-in is taken only around the booked slot
    _run(db, "agent02", check_in, visit_no)
    _run(db, "agent01", check_out, visit_no, **outcome)
    return visit_no


def test_a_completed_visit_gives_the_drafts_reason_and_capacity(office) -> None:
    case_no = case_nos(office)[0]
    visit_no = _completed(
        office,
        case_no,
        default_reason="job_loss",
        capacity_note="月收入约 4000 元",
        proposal="分 6 期偿还",
    )
    english = _run(office, "agent01", visit_statement, visit_no.lower(), "en")
    assert (english.visit_no, english.case_no) == (visit_no, case_no)
    assert english.reason == "Job loss"
    assert english.capacity == "月收入约 4000 元\nProposed at the visit: 分 6 期偿还"
    chinese = _run(office, "agent01", visit_statement, visit_no, "zh_CN")
    assert chinese.capacity.endswith("上门时提出的方案：分 6 期偿还")
    assert chinese.reason and chinese.reason != "Job loss"

    agreement = _run(
        office,
        "agent01",
        draft_plan,
        english.case_no,
        count=3,
        start=dt.date.today() + dt.timedelta(days=7),
        stated_reason=english.reason,
        stated_capacity=english.capacity,
        visit_no=english.visit_no,
    )
    with office.sessions() as s:
        saved = s.scalar(select(Agreement).where(Agreement.agreement_no == agreement.agreement_no))
        visit = s.scalar(select(Visit).where(Visit.visit_no == visit_no))
        assert saved.visit_id == visit.id
        assert (saved.stated_reason, saved.stated_capacity) == (english.reason, english.capacity)


def test_a_visit_without_an_outcome_or_not_yours_is_refused(office) -> None:
    case_no = case_nos(office)[0]
    visit_no = verified_visit(office, case_no)
    with pytest.raises(ValidationError, match="completed visit"):
        _run(office, "agent01", visit_statement, visit_no)
    assert book(office, visit_no).saved
    come_due(office, visit_no)
    _run(office, "agent02", check_in, visit_no)
    with pytest.raises(ValidationError, match="is in progress"):
        _run(office, "agent01", visit_statement, visit_no)
    _run(office, "agent01", check_out, visit_no, default_reason="illness")
    # Only the reason was recorded: the capacity is left for the agent to write.
    statement = _run(office, "agent01", visit_statement, visit_no, "en")
    assert (statement.reason, statement.capacity) == ("Illness", "")
    # agent03 is neither on the case nor on the visit.
    with pytest.raises(PermissionDenied):
        _run(office, "agent03", visit_statement, visit_no)
    with office.sessions() as s:
        assert s.scalar(select(func.count()).select_from(Agreement)) == 0
        assert s.get(User, login(office, "agent01").id) is not None
