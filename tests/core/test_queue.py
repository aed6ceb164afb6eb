"""Delinquency as of a date, the queue rebuild, the priority breakdown, assignment."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from app.auth import add_user
from app.cases.assignment import assign_by_rule, assign_cases
from app.cases.delinquency import bucket_for, loan_position
from app.cases.payments import record_payment
from app.cases.rebuild import rebuild_queue
from app.errors import NotFound, PermissionDenied, ValidationError
from app.loans.schedule import add_months
from app.loans.service import book_loan, post_payment
from app.models import Borrower, Case, CaseStatus, CloseReason, LoanProduct, Segment, User
from app.office import create_office
from app.privacy import hash_key, id_hash
from app.training import record_training
from app.training.records import find_course
from tests.office_day import months_ago, office_today

# 12,000.00 over 12 months, equal principal at 0%: 1,000.00 due on the 10th of each month, the
# last one or two still to come.
DISBURSED = months_ago(11, 10)


@pytest.fixture
def office(db):
    with db.session() as s:
        _, admin = create_office(
            s, name="Office", admin_username="admin", admin_password="pw-admin"
        )
        add_user(s, admin, "supervisor", "supervisor", "pw-sup")
        for name in ("agent01", "agent02", "agent03"):
            add_user(s, admin, name, "agent", "pw-agent")
        product = s.scalar(select(LoanProduct).where(LoanProduct.code == "SUL"))
        for n in range(1, 4):
            nid = ["11010519491231002X", "440524188001010014", "110101199003071934"][n - 1]
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
                home_visit_consent=n == 1,
            )
    return db


def _users(s):
    return {u.username: u for u in s.scalars(select(User))}


def _loan(s, n):
    from app.cases.payments import find_loan

    return find_loan(s, f"L{n}")


def test_buckets():
    assert [bucket_for(d) for d in (0, 1, 30, 31, 60, 61, 90, 91, 180, 181)] == [
        "",
        "M1",
        "M1",
        "M2",
        "M2",
        "M3",
        "M3",
        "M4+",
        "M4+",
        "180+",
    ]


def _due(n: int) -> dt.date:
    """The loans' n-th instalment's due date, as their schedule makes it."""
    return add_months(DISBURSED, n)


def _day(n: int) -> dt.timedelta:
    return dt.timedelta(days=n)


def test_payment_on_the_due_date_is_on_time(office):
    with office.session() as s:
        loan = _loan(s, 1)
        post_payment(s, None, loan, 100_000, _due(1))
        assert loan_position(s, loan.id, _due(1)).dpd == 0
        assert loan_position(s, loan.id, _due(2)).dpd == 0  # due today: not late
        day_after = loan_position(s, loan.id, _due(2) + _day(1))
        assert (day_after.dpd, day_after.bucket, day_after.amount_overdue) == (1, "M1", 100_000)


def test_partial_payment_keeps_the_oldest_instalment_overdue(office):
    with office.session() as s:
        loan = _loan(s, 1)
        post_payment(s, None, loan, 150_000, _due(2) + _day(10))  # the 1st in full, half the 2nd
        as_of = _due(4) - _day(9)
        pos = loan_position(s, loan.id, as_of)
        # The 2nd (50,000 left) and the 3rd (100,000) are overdue; the 4th not yet due.
        assert pos.oldest_unpaid_due_on == _due(2)
        dpd = (as_of - _due(2)).days  # 52 for a loan disbursed on 10 January
        assert 50 <= dpd <= 53
        assert (pos.dpd, pos.bucket) == (dpd, "M2")
        assert (pos.overdue_principal, pos.overdue_interest, pos.overdue_fee) == (150_000, 0, 0)
        assert pos.outstanding == 1_200_000 - 150_000


def test_payment_after_the_as_of_date_is_ignored(office):
    paid_on = _due(3) + _day(5)
    with office.session() as s:
        loan = _loan(s, 1)
        post_payment(s, None, loan, 200_000, paid_on)
        before = loan_position(s, loan.id, paid_on - _day(1))
        after = loan_position(s, loan.id, paid_on)
    # Before: three instalments overdue, the oldest since the 1st's due date (63 days for a loan
    # disbursed on 10 January); after: only the 3rd is left, 5 days late.
    assert (before.dpd, before.amount_overdue) == ((paid_on - _day(1) - _due(1)).days, 300_000)
    assert (after.dpd, after.amount_overdue) == (5, 100_000)


def test_overpayment_cures_and_leaves_nothing_overdue(office):
    with office.session() as s:
        loan = _loan(s, 1)
        paid_on = _due(5) - _day(9)
        post_payment(s, None, loan, 1_250_000, paid_on)
        pos = loan_position(s, loan.id, paid_on + _day(1))
        assert (pos.dpd, pos.amount_overdue, pos.outstanding) == (0, 0, 0)
        assert loan.credit_balance == 50_000


def test_rebuild_opens_closes_and_reopens(office):
    with office.session() as s:
        first = rebuild_queue(s, None, DISBURSED + dt.timedelta(days=10**4))
        assert first.opened == 3  # far future: everything overdue
    # Test data reset, past the sessions' retention guard (which refuses deleting open cases).
    with office.engine.begin() as connection:
        connection.execute(Case.__table__.delete())
    # A realistic timeline, as of "today" values in 2026 (a live rebuild needs as_of >= today).
    today = office_today()
    with office.session() as s:
        rebuild_queue(s, None, today)
        case = s.scalar(select(Case).join(Case.loan).where(Case.loan.has(loan_no="L1")))
        first_no = case.case_no
        assert case.status is CaseStatus.NEW and case.dpd > 0
        assert sum(case.score_breakdown.values()) == case.score
    with office.session() as s:
        loan = _loan(s, 1)
        owed = loan_position(s, loan.id, today).amount_overdue
        post_payment(s, None, loan, owed, today)
        rebuild_queue(s, None, today)
        closed = s.scalar(select(Case).where(Case.case_no == first_no))
        assert closed.status is CaseStatus.CLOSED and closed.close_reason is CloseReason.CURED
    later = today + dt.timedelta(days=45)
    with office.session() as s:
        rebuild_queue(s, None, later)  # the next instalment falls due and is missed
        cases = s.scalars(
            select(Case).join(Case.loan).where(Case.loan.has(loan_no="L1")).order_by(Case.id)
        ).all()
        assert [c.status for c in cases][0] is CaseStatus.CLOSED
        assert len(cases) == 2 and cases[1].status is CaseStatus.NEW
        assert cases[1].case_no != first_no


def test_record_payment_updates_the_case_at_once_and_refuses_bad_input(office):
    today = office_today()
    with office.session() as s:
        rebuild_queue(s, None, today)
        sup = _users(s)["supervisor"]
        owed = loan_position(s, _loan(s, 2).id, today).amount_overdue
        record_payment(s, sup, "L2", owed, today, reference="BANK-1")
        case = s.scalar(select(Case).join(Case.loan).where(Case.loan.has(loan_no="L2")))
        assert case.status is CaseStatus.CLOSED
    for loan_no, amount, day, exc in [
        ("NOPE", 100, today, NotFound),
        ("L3", 0, today, ValidationError),
        ("L3", -5, today, ValidationError),
        ("L3", 100, today + dt.timedelta(days=1), ValidationError),
        ("L3", 100, today, ValidationError),  # duplicate reference below
    ]:
        with pytest.raises(exc), office.session() as s:
            record_payment(s, _users(s)["supervisor"], loan_no, amount, day, reference="BANK-1")


def test_assignment_gates_on_training(office):
    today = office_today()
    with office.session() as s:
        rebuild_queue(s, None, today)
        u = _users(s)
        for code in ("COMM", "NEGO", "LAW"):
            for who in ("agent01", "agent02"):
                record_training(
                    s,
                    u["admin"],
                    u[who],
                    find_course(s, code),
                    taken_on=today,
                    score=95,
                    today=today,
                )
        record_training(
            s,
            u["admin"],
            u["agent01"],
            find_course(s, "SAFE"),
            taken_on=today,
            score=95,
            today=today,
        )
        case_nos = [c.case_no for c in s.scalars(select(Case).order_by(Case.id))]
        field_stage = [c.case_no for c in s.scalars(select(Case).where(Case.dpd >= 61))]
        assert field_stage, "the fixture's loans are long overdue by now"
        with pytest.raises(PermissionDenied):
            assign_cases(s, u["agent01"], case_nos, "agent01")
        with pytest.raises(ValidationError, match="Field safety"):
            assign_cases(s, u["supervisor"], field_stage, "agent02")  # no field training
        with pytest.raises(ValidationError, match="phone work"):
            assign_cases(s, u["supervisor"], case_nos[:1], "agent03")  # never trained
        assert assign_cases(s, u["supervisor"], case_nos, "agent01").assigned == 3
        assert {c.assigned_agent_id for c in s.scalars(select(Case))} == {u["agent01"].id}


def test_round_robin_only_uses_qualified_agents(office):
    today = office_today()
    with office.session() as s:
        rebuild_queue(s, None, today)
        u = _users(s)
        for code in ("COMM", "NEGO", "LAW", "SAFE"):
            record_training(
                s,
                u["admin"],
                u["agent02"],
                find_course(s, code),
                taken_on=today,
                score=95,
                today=today,
            )
        summary = assign_by_rule(s, u["supervisor"], "round-robin")
        assert summary.assigned == 3 and not summary.skipped
        assert {c.assigned_agent_id for c in s.scalars(select(Case))} == {u["agent02"].id}
        with pytest.raises(ValidationError):
            assign_by_rule(s, u["supervisor"], "lottery")


@pytest.mark.parametrize("days_back", [0, 40, 400])
def test_the_rebuilds_lean_query_agrees_with_the_full_positions(demo_db, days_back):
    from app.cases.delinquency import overdue_positions, positions

    as_of = office_today() - dt.timedelta(days=days_back)
    with demo_db.session() as s:
        full = {
            p.loan_id: (p.dpd, p.overdue_principal, p.overdue_interest, p.overdue_fee)
            for p in positions(s, as_of)
            if p.dpd > 0
        }
        lean = {
            p.loan_id: (p.dpd, p.overdue_principal, p.overdue_interest, p.overdue_fee)
            for p in overdue_positions(s, as_of)
        }
    assert full and lean == full


def _last_rebuild(database) -> dict:  # type: ignore[no-untyped-def]
    from app.models import AuditEntry

    with database.sessions() as s:
        entry = s.scalars(
            select(AuditEntry)
            .where(AuditEntry.action == "queue.rebuild")
            .order_by(AuditEntry.id.desc())
            .limit(1)
        ).one()
        return dict(entry.changes or {})


def test_a_rebuild_writes_only_what_changed(demo_db) -> None:
    """Figures are compared as the database stores them: a second rebuild on the same day writes
    nothing, the next day rewrites the cases whose DPD moved, and a rebuild from scratch of the
    next day's figures gives what the incremental one wrote."""
    today = office_today()
    with demo_db.session() as s:
        rebuild_queue(s, None, today)
    with demo_db.session() as s:
        rebuild_queue(s, None, today)
    assert _last_rebuild(demo_db)["updated"] == 0
    tomorrow = today + dt.timedelta(days=1)
    with demo_db.session() as s:
        rebuild_queue(s, None, tomorrow)
    moved = _last_rebuild(demo_db)
    assert moved["updated"] > 0.5 * moved["open_cases"]  # every overdue case's DPD moved
    with demo_db.session() as s:
        rebuild_queue(s, None, tomorrow)
    assert _last_rebuild(demo_db)["updated"] == 0
    columns = (Case.id, Case.dpd, Case.bucket, Case.amount_overdue, Case.score)
    columns += (Case.score_breakdown, Case.next_action_on, Case.paused, Case.status)
    columns += (Case.last_contact_at, Case.computed_as_of)
    with demo_db.sessions() as s:
        written = s.execute(select(*columns).order_by(Case.id)).all()
    with demo_db.session() as s:  # forget the figures, and compute them all again
        s.execute(
            Case.__table__.update()
            .where(Case.status != CaseStatus.CLOSED)
            .values(computed_as_of=None, score=-1)
        )
    with demo_db.session() as s:
        rebuild_queue(s, None, tomorrow)
    with demo_db.sessions() as s:
        assert s.execute(select(*columns).order_by(Case.id)).all() == written
