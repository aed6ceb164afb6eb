"""Records retention reviewed: a loan collected again in a later case keeps its earlier case's
records with the later one's; the count and the listing agree with the guard at the office's
midnight (a contact at 00:30 Shanghai time is that day's, not the UTC day's)."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import pytest
from sqlalchemy import exists, select, update
from sqlalchemy.orm import aliased

from app.models import Agreement, Case, CaseStatus, Complaint, ContactAttempt, Promise, Visit
from app.retention import add_years, first_kept_day, past_retention, retention_rule
from app.retention_guard import RecordRetained, refuse_retained
from tests.office_day import office_today

ZONE = zoneinfo.ZoneInfo("Asia/Shanghai")


def _closed_with_contacts(s, n: int = 0) -> Case:  # type: ignore[no-untyped-def]
    """The demo's n-th closed case with contacts that is its loan's only case."""
    other = aliased(Case)
    query = (
        select(Case)
        .where(Case.status == CaseStatus.CLOSED)
        .where(Case.id.in_(select(ContactAttempt.case_id)))
        .where(~exists().where(other.loan_id == Case.loan_id, other.id != Case.id))
        .order_by(Case.id)
        .offset(n)
        .limit(1)
    )
    case = s.scalar(query)
    assert case is not None
    return case


def _date_back(s, case: Case, day: dt.date, at: dt.datetime) -> None:  # type: ignore[no-untyped-def]
    """Test data: the case opened, worked and closed no later than `day` (its activity at `at`)."""
    case.opened_on, case.closed_on = min(case.opened_on, day), day
    for model, column in (
        (ContactAttempt, "at"),
        (Promise, "created_at"),
        (Visit, "created_at"),
        (Agreement, "created_at"),
    ):
        s.execute(update(model).where(model.case_id == case.id).values({column: at}))
    s.execute(update(Visit).where(Visit.case_id == case.id).values(checked_out_at=None))
    s.execute(update(Agreement).where(Agreement.case_id == case.id).values(signed_on=None))
    s.execute(
        update(Complaint).where(Complaint.case_id == case.id).values(received_on=day, closed_on=day)
    )
    s.flush()


def test_the_first_kept_day_matches_add_years() -> None:
    for today in (dt.date(2026, 3, 1), dt.date(2028, 2, 29), dt.date(2026, 2, 28)):
        for years in (1, 2, 4, 6):
            start = first_kept_day(today, years)
            assert add_years(start, years) >= today > add_years(start - dt.timedelta(days=1), years)


def test_a_loan_collected_again_keeps_its_earlier_cases_records(demo_db) -> None:
    """A closed case past its period whose loan opened a new case (cured, then overdue again; or
    reinstated after a write-off) is neither listed nor deletable while the new case is open;
    once that one closes, both are kept from the loan's last activity."""
    today = office_today()
    with demo_db.session() as s:
        old = _closed_with_contacts(s)
        long_ago = add_years(today, -5)
        noon = dt.datetime.combine(long_ago, dt.time(12), ZONE)
        _date_back(s, old, long_ago, noon)
        assert old.case_no in [c.case_no for c in past_retention(s).cases]
        new = Case(case_no="C2099-999999", loan_id=old.loan_id, opened_on=today)
        s.add(new)
        s.flush()
        found = past_retention(s)
        assert old.case_no not in [c.case_no for c in found.cases]
        assert found.count == len(found.cases)
        contact = s.scalar(select(ContactAttempt.id).where(ContactAttempt.case_id == old.id))
        with pytest.raises(RecordRetained, match=f"whose loan is collected in case {new.case_no}"):
            refuse_retained(s, ContactAttempt, [contact])
        new.status, new.closed_on = CaseStatus.CLOSED, today
        s.flush()
        rule = retention_rule(s)
        assert rule is not None
        with pytest.raises(RecordRetained, match=add_years(today, rule.years).isoformat()):
            refuse_retained(s, ContactAttempt, [contact])
        assert old.case_no not in [c.case_no for c in past_retention(s).cases]


def test_the_count_turns_at_the_offices_midnight(demo_db) -> None:
    """Two closed cases last worked 15 minutes before and after the office's midnight that ends
    their period: the earlier is past, the later is kept, in the count, the listing and the
    guard (in UTC both fall on the same day)."""
    today = office_today()
    with demo_db.session() as s:
        rule = retention_rule(s)
        assert rule is not None
        start = first_kept_day(today, rule.years)
        midnight = dt.datetime.combine(start, dt.time(0), ZONE)
        before, after = _closed_with_contacts(s, 0), _closed_with_contacts(s, 1)
        day_before = start - dt.timedelta(days=1)
        _date_back(s, before, day_before, midnight - dt.timedelta(minutes=15))
        _date_back(s, after, day_before, midnight + dt.timedelta(minutes=15))
        assert (midnight - dt.timedelta(minutes=15)).astimezone(dt.UTC).date() == (
            (midnight + dt.timedelta(minutes=15)).astimezone(dt.UTC).date()
        )
        found = past_retention(s)
        listed = {c.case_no: c for c in found.cases}
        assert before.case_no in listed and after.case_no not in listed
        assert listed[before.case_no].last_activity == day_before
        assert found.count == len(found.cases) == past_retention(s, listed=False).count
        contact = s.scalar(select(ContactAttempt.id).where(ContactAttempt.case_id == after.id))
        with pytest.raises(RecordRetained, match=add_years(start, rule.years).isoformat()):
            refuse_retained(s, ContactAttempt, [contact])
