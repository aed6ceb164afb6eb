"""Promises to pay: recorded with validation, judged from payments, feeding the queue."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import pytest
from sqlalchemy import func, select, update

from app import settings
from app.auth import add_user
from app.cases.payments import find_loan, record_payment
from app.cases.rebuild import rebuild_queue
from app.errors import PermissionDenied, ValidationError
from app.loans.service import book_loan, post_payment
from app.models import (
    AuditEntry,
    Borrower,
    Case,
    CaseStatus,
    LoanProduct,
    Office,
    Promise,
    PromiseStatus,
    Segment,
    User,
)
from app.office import create_office
from app.privacy import hash_key, id_hash
from app.promises import MAX_PROMISE_DAYS, create_promise, evaluate_promises, made_on
from app.queries.case_page import case_detail
from tests.office_day import months_ago, office_today

# 12,000.00 over 12 months at 0%: 1,000.00 due on the 10th of each month, the
# last one or two still to come.
DISBURSED = months_ago(11, 10)
TODAY = office_today()
MADE = TODAY - dt.timedelta(days=30)  # the promises below were made a month ago …
DUE = MADE + dt.timedelta(days=10)  # … and fell due twenty days ago


@pytest.fixture
def office(db):
    with db.session() as s:
        _, admin = create_office(
            s, name="Office", admin_username="admin", admin_password="pw-admin"
        )
        add_user(s, admin, "supervisor", "supervisor", "pw-sup")
        add_user(s, admin, "agent01", "agent", "pw-agent")
        product = s.scalar(select(LoanProduct).where(LoanProduct.code == "SUL"))
        ids = ["11010519491231002X", "440524188001010014", "110101199003071934"]
        for n, nid in enumerate(ids, start=1):
            b = Borrower(
                borrower_no=f"B{n}",
                name=f"借款人{n}",
                national_id=nid,
                national_id_hash=id_hash(hash_key(s), nid),
                segment=Segment.YOUNG,
            )
            s.add(b)
            book_loan(
                s,
                admin,
                loan_no=f"L{n}",
                borrower=b,
                product=product,
                principal=1_200_000,
                term_months=12,
                disbursed_on=DISBURSED,
                annual_rate_bp=0,
            )
        # Every loan is long overdue: three open cases. As of the office's day now, not TODAY (read
        # on import): a run that crosses the office's midnight rebuilt as of yesterday, which
        # opens no case, and every test then found none.
        rebuild_queue(s, None, office_today())
    return db


def _user(s, name: str) -> User:
    return s.scalar(select(User).where(User.username == name))


def _case(s, loan_no: str) -> Case:
    case = s.scalar(select(Case).where(Case.loan_id == find_loan(s, loan_no).id))
    s.refresh(case)
    return case


def _promise(s, loan_no: str, amount: int, due: dt.date = DUE, made: dt.date = MADE) -> Promise:
    """A promise recorded as if on `made` (its creation time moved back to that day)."""
    promise = create_promise(s, _user(s, "agent01"), _case(s, loan_no), amount, due, today=made)
    promise.created_at = dt.datetime.combine(made, dt.time(9, 30), tzinfo=dt.UTC)
    s.flush()
    return promise


@pytest.mark.parametrize(
    ("payments", "status", "paid"),
    [
        ([(DUE, 50_000)], PromiseStatus.KEPT, 50_000),  # paid on the due date itself
        ([(MADE, 30_000), (DUE, 30_000)], PromiseStatus.KEPT, 50_000),  # two parts, capped
        ([(MADE + dt.timedelta(days=3), 20_000)], PromiseStatus.PARTIAL, 20_000),
        ([], PromiseStatus.BROKEN, 0),
        ([(DUE + dt.timedelta(days=1), 50_000)], PromiseStatus.BROKEN, 0),  # a day late
        ([(MADE - dt.timedelta(days=1), 50_000)], PromiseStatus.BROKEN, 0),  # before the promise
    ],
)
def test_a_promise_is_judged_from_the_payments_in_its_window(office, payments, status, paid):
    with office.session() as s:
        promise = _promise(s, "L1", 50_000)
        _promise(s, "L2", 50_000)  # another loan's promise: L1's payments never count for it
        loan = find_loan(s, "L1")
        for day, amount in payments:
            post_payment(s, None, loan, amount, day)
        on_due = evaluate_promises(s, DUE)
        assert promise.status is PromiseStatus.PENDING  # not yet late on its due date
        assert promise.paid_amount == min(50_000, sum(a for d, a in payments if MADE <= d <= DUE))
        assert on_due.judged == 0 and on_due.pending == 2
        after = evaluate_promises(s, DUE + dt.timedelta(days=1))
        assert (promise.status, promise.paid_amount) == (status, paid)
        assert promise.evaluated_on == DUE + dt.timedelta(days=1)
        assert after.judged == 2 and after.pending == 0
        again = evaluate_promises(s, TODAY)  # idempotent: a judged promise stays judged
        assert again.judged == 0
        assert (promise.status, promise.evaluated_on) == (status, DUE + dt.timedelta(days=1))


def test_evaluation_limited_to_some_loans_leaves_the_others_pending(office):
    with office.session() as s:
        p1, p2 = _promise(s, "L1", 10_000), _promise(s, "L2", 10_000)
        summary = evaluate_promises(s, TODAY, [find_loan(s, "L2").id])
        assert (summary.broken, p1.status, p2.status) == (
            1,
            PromiseStatus.PENDING,
            PromiseStatus.BROKEN,
        )


def test_record_payment_after_the_due_date_breaks_or_keeps_the_promise(office):
    with office.session() as s:
        _promise(s, "L1", 50_000)
        _promise(s, "L2", 50_000)
        sup = _user(s, "supervisor")
        # L1: the borrower paid only today, twenty days after the due date.
        record_payment(s, sup, "L1", 50_000, TODAY, reference="LATE")
        # L2: a transfer made on the due date, posted today.
        record_payment(s, sup, "L2", 50_000, DUE, reference="ON-TIME")
        broken, kept = _case(s, "L1"), _case(s, "L2")
        assert broken.status is CaseStatus.PROMISE_BROKEN
        assert broken.score_breakdown["broken_promises"] > 0
        assert kept.status is CaseStatus.NEW  # no contact logged; the promise was kept
        assert kept.score_breakdown["broken_promises"] == 0
        statuses = dict(s.execute(select(Promise.case_id, Promise.status)).all())
        assert statuses == {broken.id: PromiseStatus.BROKEN, kept.id: PromiseStatus.KEPT}


def test_a_pending_promise_shows_on_the_case_and_its_breach_raises_priority(office):
    with office.session() as s:
        due = TODAY + dt.timedelta(days=5)
        _promise(s, "L3", 50_000, due=due, made=TODAY)
        rebuild_queue(s, None, TODAY, loan_ids=[find_loan(s, "L3").id])
        case = _case(s, "L3")
        before = case.score
        assert (case.status, case.next_action_on) == (CaseStatus.PROMISE, due)
        rebuild_queue(s, None, due + dt.timedelta(days=1))  # a day after: nothing came in
        case = _case(s, "L3")
        assert case.status is CaseStatus.PROMISE_BROKEN and case.score > before


def test_bad_promises_are_refused_and_nothing_is_saved(office):
    with office.session() as s:
        l3 = find_loan(s, "L3").id
        s.execute(update(Case).where(Case.loan_id == l3).values(status=CaseStatus.CLOSED))
    too_far = TODAY + dt.timedelta(days=MAX_PROMISE_DAYS + 1)
    for loan_no, amount, due in [
        ("L1", 0, TODAY),
        ("L1", -100, TODAY),
        ("L1", 10_000, TODAY - dt.timedelta(days=1)),
        ("L1", 10_000, too_far),
        ("L1", 10**12, TODAY),  # more than the loan owes
        ("L3", 10_000, TODAY),  # closed case
    ]:
        with pytest.raises(ValidationError), office.session() as s:
            create_promise(s, _user(s, "agent01"), _case(s, loan_no), amount, due, today=TODAY)
    with office.session() as s:
        assert s.scalar(select(func.count()).select_from(Promise)) == 0
        audited = select(func.count()).where(AuditEntry.action == "promise.create")
        assert s.scalar(audited.select_from(AuditEntry)) == 0
        user = _user(s, "agent01")
        user.active = False
        with pytest.raises(PermissionDenied):
            create_promise(s, user, _case(s, "L1"), 10_000, TODAY, today=TODAY)


def test_a_good_promise_is_saved_and_audited(office):
    with office.session() as s:
        limit = TODAY + dt.timedelta(days=MAX_PROMISE_DAYS)
        promise = create_promise(s, _user(s, "agent01"), _case(s, "L1"), 10_000, limit)
    with office.session() as s:
        saved = s.get(Promise, promise.id)
        assert (saved.status, saved.paid_amount, saved.due_on) == (PromiseStatus.PENDING, 0, limit)
        entry = s.scalar(select(AuditEntry).where(AuditEntry.action == "promise.create"))
        assert entry.changes["amount"] == 10_000


def test_demo_office_has_no_overdue_pending_promise_after_evaluation(demo_db):
    with demo_db.session() as s:
        as_of = settings.as_of(s)
        before = dict(
            s.execute(select(Promise.status, func.count()).group_by(Promise.status)).all()
        )
        summary = evaluate_promises(s, as_of)
        late = select(func.count()).where(
            Promise.status == PromiseStatus.PENDING, Promise.due_on < as_of
        )
        assert s.scalar(late.select_from(Promise)) == 0
        after = dict(s.execute(select(Promise.status, func.count()).group_by(Promise.status)).all())
        assert sum(after.values()) == sum(before.values())
        assert after.get(PromiseStatus.PENDING, 0) == summary.pending
        for status in (PromiseStatus.KEPT, PromiseStatus.PARTIAL, PromiseStatus.BROKEN):
            assert after.get(status, 0) >= before.get(status, 0)  # judged ones never change back
        assert evaluate_promises(s, as_of).judged == 0
        rebuild_queue(s, None, as_of)  # the rebuild runs the same evaluation first
        assert s.scalar(late.select_from(Promise)) == 0


def _paid(s, *promises: Promise) -> list[tuple[PromiseStatus, int]]:
    for promise in promises:
        s.refresh(promise)
    return [(promise.status, promise.paid_amount) for promise in promises]


@pytest.mark.parametrize(
    ("payment", "first", "second"),
    [
        (50_000, (PromiseStatus.KEPT, 50_000), (PromiseStatus.BROKEN, 0)),
        (70_000, (PromiseStatus.KEPT, 50_000), (PromiseStatus.PARTIAL, 20_000)),
        (20_000, (PromiseStatus.PARTIAL, 20_000), (PromiseStatus.BROKEN, 0)),
        (100_000, (PromiseStatus.KEPT, 50_000), (PromiseStatus.KEPT, 50_000)),
    ],
)
def test_one_payment_counts_once_earliest_due_promise_first(office, payment, first, second):
    with office.session() as s:
        later = _promise(s, "L1", 50_000, due=DUE + dt.timedelta(days=1))  # made first, due later
        earlier = _promise(s, "L1", 50_000, due=DUE)
        post_payment(s, None, find_loan(s, "L1"), payment, MADE + dt.timedelta(days=2))
        evaluate_promises(s, DUE)  # both still pending: the earlier-due one is paid first
        pending = [(PromiseStatus.PENDING, paid) for _, paid in (first, second)]
        assert _paid(s, earlier, later) == pending
        summary = evaluate_promises(s, DUE + dt.timedelta(days=2))
        assert _paid(s, earlier, later) == [first, second]
        assert summary.judged == 2


def test_a_payment_that_kept_a_judged_promise_never_keeps_a_later_one(office):
    with office.session() as s:
        loan = find_loan(s, "L1")
        kept = _promise(s, "L1", 50_000)
        post_payment(s, None, loan, 50_000, DUE)
        evaluate_promises(s, DUE + dt.timedelta(days=1), [loan.id])
        assert _paid(s, kept) == [(PromiseStatus.KEPT, 50_000)]
        # Made on the day of that payment: the payment is in its window, but already counted.
        later = _promise(s, "L1", 30_000, due=DUE + dt.timedelta(days=5), made=DUE)
        evaluate_promises(s, DUE + dt.timedelta(days=6), [loan.id])
        assert _paid(s, kept, later) == [(PromiseStatus.KEPT, 50_000), (PromiseStatus.BROKEN, 0)]


def test_a_payment_only_one_promise_can_take_goes_to_that_one(office):
    with office.session() as s:
        # `wide` was made first and falls due later; `narrow` was made later and falls due first.
        wide = _promise(s, "L1", 50_000, due=DUE + dt.timedelta(days=5))
        narrow = _promise(s, "L1", 50_000, due=DUE, made=MADE + dt.timedelta(days=3))
        loan = find_loan(s, "L1")
        post_payment(s, None, loan, 50_000, MADE + dt.timedelta(days=1))  # before `narrow`
        post_payment(s, None, loan, 50_000, MADE + dt.timedelta(days=4))  # in both windows
        evaluate_promises(s, DUE + dt.timedelta(days=6))
        assert _paid(s, narrow, wide) == [(PromiseStatus.KEPT, 50_000)] * 2


def test_posting_one_payment_shows_it_on_one_promise_of_the_case(office):
    with office.session() as s:
        sup = _user(s, "supervisor")
        due = TODAY + dt.timedelta(days=1)
        first = _promise(s, "L2", 100_000, due=due, made=TODAY)
        second = _promise(s, "L2", 100_000, due=due + dt.timedelta(days=1), made=TODAY)
        record_payment(s, sup, "L2", 100_000, TODAY, reference="ONCE")  # rebuilds the case
        assert _paid(s, first, second) == [
            (PromiseStatus.PENDING, 100_000),
            (PromiseStatus.PENDING, 0),
        ]
        shown = [i.detail for i in case_detail(s, sup, _case(s, "L2").case_no, "en").timeline]
        assert sorted(d for d in shown if "paid" in d) == [
            "Pending; paid 0.00",
            "Pending; paid 1,000.00",
        ]
        rebuild_queue(s, None, due + dt.timedelta(days=2))
        assert _paid(s, first, second) == [(PromiseStatus.KEPT, 100_000), (PromiseStatus.BROKEN, 0)]
        assert _case(s, "L2").status is CaseStatus.PROMISE_BROKEN


def test_judging_once_gives_what_judging_every_day_gives(office):
    """`judge_new` (the demo's judging of a history built in one go) gives each promise the
    status, amount and day of judging that evaluate_promises run on every day gives."""
    from app.promises import judge_new

    as_of = DUE + dt.timedelta(days=8)
    with office.session() as s:
        loan = find_loan(s, "L1")
        promises = [
            _promise(s, "L1", 50_000),  # kept by the payment on its due date (not the 2nd's)
            _promise(s, "L1", 30_000, due=DUE + dt.timedelta(days=5), made=DUE),  # kept later
            _promise(s, "L1", 50_000, due=DUE + dt.timedelta(days=5)),  # all taken: broken
            _promise(s, "L1", 40_000, due=DUE - dt.timedelta(days=3), made=MADE + dt.timedelta(2)),
            _promise(s, "L1", 20_000, due=as_of + dt.timedelta(days=3), made=DUE),  # pending
        ]
        payments = [
            (MADE + dt.timedelta(days=4), 30_000),
            (DUE, 50_000),
            (DUE + dt.timedelta(2), 30_000),
        ]
        for day, amount in payments:
            post_payment(s, None, loan, amount, day)
        day = MADE
        while day <= as_of:
            evaluate_promises(s, day, [loan.id])
            day += dt.timedelta(days=1)
        daily = {p.id: (p.status, p.paid_amount, p.evaluated_on) for p in promises}
        zone = zoneinfo.ZoneInfo(s.scalar(select(Office.timezone)))
        terms = [(p.id, p.amount, made_on(p.created_at, zone), p.due_on) for p in promises]
    once = {
        pid: (j.status, j.paid, j.evaluated_on)
        for pid, j in judge_new(terms, payments, as_of).items()
    }
    assert once == daily
    assert {status for status, _paid, _on in daily.values()} == {
        PromiseStatus.KEPT,
        PromiseStatus.PARTIAL,
        PromiseStatus.BROKEN,
        PromiseStatus.PENDING,
    }


def _made_at(s, loan_no: str, amount: int, at: dt.datetime, due: dt.date = DUE) -> Promise:
    """A promise recorded as if at `at` (an aware time)."""
    promise = create_promise(s, _user(s, "agent01"), _case(s, loan_no), amount, due, today=MADE)
    promise.created_at = at
    s.flush()
    return promise


@pytest.mark.parametrize(
    ("paid_on", "status"),
    [
        (MADE - dt.timedelta(days=1), PromiseStatus.BROKEN),  # the evening before: not counted
        (MADE, PromiseStatus.KEPT),  # later on the day it was made
    ],
)
def test_the_window_opens_on_the_office_local_day_the_promise_was_made(office, paid_on, status):
    """Made at 07:30 in Beijing, still the day before in UTC: a payment made the evening before
    (office time) is not in its window; one later that morning is."""
    with office.session() as s:
        assert s.scalar(select(Office.timezone)) == "Asia/Shanghai"
        early = dt.datetime.combine(MADE, dt.time(7, 30), zoneinfo.ZoneInfo("Asia/Shanghai"))
        assert early.astimezone(dt.UTC).date() == MADE - dt.timedelta(days=1)
        promise = _made_at(s, "L1", 50_000, early)
        post_payment(s, None, find_loan(s, "L1"), 50_000, paid_on)
        evaluate_promises(s, DUE + dt.timedelta(days=1))
        assert _paid(s, promise) == [(status, 50_000 if status is PromiseStatus.KEPT else 0)]


def test_in_an_office_behind_utc_a_payment_on_the_evening_it_was_promised_counts(office):
    """Made at 20:00 in New York, already the next day in UTC: a payment made that day (office
    time) is in the window, which the query's date bound must not cut off."""
    with office.session() as s:
        s.execute(update(Office).values(timezone="America/New_York"))
        evening = dt.datetime.combine(MADE, dt.time(20), zoneinfo.ZoneInfo("America/New_York"))
        assert evening.astimezone(dt.UTC).date() == MADE + dt.timedelta(days=1)
        promise = _made_at(s, "L1", 50_000, evening)
        post_payment(s, None, find_loan(s, "L1"), 50_000, MADE)
        evaluate_promises(s, DUE)
        assert _paid(s, promise) == [(PromiseStatus.PENDING, 50_000)]
        evaluate_promises(s, DUE + dt.timedelta(days=1))
        assert _paid(s, promise) == [(PromiseStatus.KEPT, 50_000)]


def test_made_on_reads_the_creation_time_as_any_query_gives_it_back():
    shanghai = zoneinfo.ZoneInfo("Asia/Shanghai")
    for stored in (
        dt.datetime(2026, 3, 9, 23, 30, tzinfo=dt.UTC),
        dt.datetime(2026, 3, 9, 23, 30),  # naive UTC (PostgreSQL's timestamp)
        "2026-03-09 23:30:00.000000",  # SQLite's text
        "2026-03-09 23:30:00",
    ):
        assert made_on(stored, shanghai) == dt.date(2026, 3, 10)
        assert made_on(stored, zoneinfo.ZoneInfo("UTC")) == dt.date(2026, 3, 9)
