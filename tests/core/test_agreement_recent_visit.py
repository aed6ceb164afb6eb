"""What the case page's draft starts from: the outcome of a completed visit of THIS case checked
out within the last RECENT_VISIT_DAYS office days (found by QA: a visit a year old was copied
into new terms as the borrower's reason and what they can pay). An older visit, or one of an
earlier case of the same loan, leaves the draft to start empty."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from app.agreements.from_visit import (
    RECENT_VISIT_DAYS,
    case_visit_statement,
    draft_refusal,
    visit_statement,
)
from app.errors import ValidationError
from app.models import Case, CaseStatus, User, Visit
from tests.core.test_agreement_from_visit import _completed
from tests.core.test_visits import _run
from tests.core.visit_office import SHANGHAI, build_visit_office, case_nos
from tests.office_day import office_today


@pytest.fixture
def office(db):
    build_visit_office(db)
    return db


def _checked_out(db, visit_no: str, day: dt.date, at: dt.time) -> None:
    """The visit as if checked out on the office's `day` at local time `at`."""
    with db.session() as s:
        visit = s.scalar(select(Visit).where(Visit.visit_no == visit_no))
        visit.checked_out_at = dt.datetime.combine(day, at, SHANGHAI).astimezone(dt.UTC)


def _starts_from(db, case_no: str, today: dt.date) -> str | None:
    statement = _run(db, "agent01", case_visit_statement, case_no, "en", today=today)
    return statement.visit_no if statement is not None else None


def test_a_visit_within_the_window_is_the_start_and_an_older_one_is_not(office) -> None:
    case_no = case_nos(office)[0]
    visit_no = _completed(office, case_no, default_reason="job_loss", capacity_note="月入 4000")
    today = office_today()
    assert _starts_from(office, case_no, today) == visit_no  # checked out just now
    first = today - dt.timedelta(days=RECENT_VISIT_DAYS)  # the window's first office day
    _checked_out(office, visit_no, first, dt.time(0, 0))
    assert _starts_from(office, case_no, today) == visit_no
    _checked_out(office, visit_no, first - dt.timedelta(days=1), dt.time(23, 59))
    assert _starts_from(office, case_no, today) is None
    _checked_out(office, visit_no, today - dt.timedelta(days=365), dt.time(15, 0))
    assert _starts_from(office, case_no, today) is None


def test_a_recent_visit_of_an_earlier_case_of_the_same_loan_is_not_the_start(office) -> None:
    case_no = case_nos(office)[0]
    visit_no = _completed(office, case_no, default_reason="job_loss", capacity_note="月入 4000")
    today = office_today()
    with office.session() as s:
        case = s.scalar(select(Case).where(Case.case_no == case_no))
        earlier = Case(
            case_no="C-EARLIER-1",
            loan_id=case.loan_id,
            status=CaseStatus.CLOSED,
            opened_on=today - dt.timedelta(days=90),
            closed_on=today - dt.timedelta(days=2),
            assigned_agent_id=s.scalar(select(User.id).where(User.username == "agent01")),
        )
        s.add(earlier)
        s.flush()
        s.scalar(select(Visit).where(Visit.visit_no == visit_no)).case_id = earlier.id
    assert _starts_from(office, case_no, today) is None


def test_a_visit_older_than_the_window_is_refused_as_a_drafts_start(office) -> None:
    """Chosen by its number (the Visits page, the CLI's --visit), an old visit is refused with its
    day and the window named, as the case page leaves it out (found by QA: the Visits page still
    copied a year-old statement into new terms)."""
    case_no = case_nos(office)[0]
    visit_no = _completed(office, case_no, default_reason="job_loss", capacity_note="月入 4000")
    today = office_today()
    first = today - dt.timedelta(days=RECENT_VISIT_DAYS)
    _checked_out(office, visit_no, first, dt.time(0, 0))  # the window's first moment: still taken
    assert _run(office, "agent01", visit_statement, visit_no, today=today).visit_no == visit_no
    old_day = first - dt.timedelta(days=1)
    _checked_out(office, visit_no, old_day, dt.time(23, 59))
    with pytest.raises(ValidationError) as refused:
        _run(office, "agent01", visit_statement, visit_no, today=today)
    assert refused.value.translated("en").startswith(
        f"Visit {visit_no} was on {old_day.isoformat()}, more than {RECENT_VISIT_DAYS} days ago"
    )
    assert f"距今已超过 {RECENT_VISIT_DAYS} 天" in refused.value.translated("zh_CN")
    # The Visits page's Draft agreement… is off for it, with the same words.
    refusal = draft_refusal_of(office, visit_no)
    assert refusal is not None and refusal.translated("en") == refused.value.translated("en")


def draft_refusal_of(db, visit_no: str):
    with db.session() as s:
        return draft_refusal(s, s.scalar(select(User).where(User.username == "agent01")), visit_no)
