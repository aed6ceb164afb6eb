"""A promise logged after the fact stands at its conversation's time: its window of payments opens
on the office-local day of the call (or of the visit's check-out), not on the day it was typed in.
A payment before that day still does not count."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from app.cases.payments import find_loan
from app.loans.service import post_payment
from app.models import Case, Loan, Promise, PromiseStatus, User, Visit
from app.promises import evaluate_promises
from app.visits import check_in, check_out
from tests.core.test_contacts import SHANGHAI, _log
from tests.core.test_contacts import office as office  # the fixture: one borrower, one case
from tests.core.visit_office import book, build_visit_office, case_nos, login, verified_visit


def _office_today() -> dt.date:
    return dt.datetime.now(SHANGHAI).date()


def _judge(db, loan_no: str, pays: list[tuple[dt.date, int]], as_of: dt.date) -> Promise:
    """Post the payments on the loan, judge the promises as of `as_of`; the (one) promise."""
    with db.session() as s:
        loan = find_loan(s, loan_no)
        for day, amount in pays:
            post_payment(s, None, loan, amount, day)
        evaluate_promises(s, as_of)
        promise = s.scalar(
            select(Promise).join(Case, Case.id == Promise.case_id).where(Case.loan_id == loan.id)
        )
        s.expunge(promise)
        return promise


def test_a_promise_logged_days_after_the_call_counts_payments_from_the_call(office):
    call_day = _office_today() - dt.timedelta(days=3)  # typed in today, three days later
    call = dt.datetime.combine(call_day, dt.time(15), SHANGHAI)
    due = _office_today() + dt.timedelta(days=2)
    verdict, saved = _log(office, at=call, promise=(60_000, due))
    assert saved, verdict
    promise = _judge(
        office,
        "L1",
        [
            (call_day - dt.timedelta(days=1), 20_000),  # before the call: not for the promise
            (call_day + dt.timedelta(days=1), 50_000),  # after the call, before it was typed
        ],
        due + dt.timedelta(days=1),
    )
    assert (promise.status, promise.paid_amount) == (PromiseStatus.PARTIAL, 50_000)


def test_a_promise_made_at_a_visit_checked_out_late_counts_from_the_check_out(db):
    build_visit_office(db)
    visit_no = verified_visit(db, case_nos(db)[0])
    assert book(db, visit_no).saved
    visit_day = _office_today() - dt.timedelta(days=4)
    start = dt.datetime.combine(visit_day, dt.time(10), SHANGHAI)
    with db.session() as s:  # the visit was booked before it and took place four days ago
        visit = s.scalar(select(Visit).where(Visit.visit_no == visit_no))
        visit.booked_at = start - dt.timedelta(days=2)
        visit.scheduled_start = start
        visit.scheduled_end = start + dt.timedelta(minutes=90)
    user = login(db, "agent01")
    due = _office_today() + dt.timedelta(days=3)
    with db.session(write_lock=True) as s:
        actor = s.get(User, user.id)
        check_in(s, actor, visit_no, at=start + dt.timedelta(minutes=5))
        _visit, made = check_out(  # recorded only now, with the time it ended
            s,
            actor,
            visit_no,
            default_reason="job_loss",
            promise=(80_000, due),
            at=start + dt.timedelta(minutes=80),
        )
        assert made is not None
        loan_no = s.scalar(
            select(Loan.loan_no).join(Case, Case.loan_id == Loan.id).where(Case.id == made.case_id)
        )
        made_case = s.get(Case, made.case_id).case_no
    promise = _judge(
        db,
        loan_no,
        [
            (visit_day - dt.timedelta(days=1), 30_000),  # before the visit: not counted
            (visit_day + dt.timedelta(days=2), 80_000),  # after the visit, before it was typed
        ],
        due + dt.timedelta(days=1),
    )
    assert (promise.status, promise.paid_amount) == (PromiseStatus.KEPT, 80_000)
    # The case's story places the promise where its window opens: at the check-out, not the
    # moment it was typed in.
    from app.queries.case_page import case_detail

    with db.session() as s:
        detail = case_detail(
            s, s.scalar(select(User).where(User.username == "supervisor")), made_case
        )
    promised = next(item for item in detail.timeline if item.kind == "promise")
    assert promised.at == start + dt.timedelta(minutes=80)
