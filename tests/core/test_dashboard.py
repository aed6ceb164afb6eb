"""The dashboard's figures on the demo office equal hand-written SQL over the same file, for a
supervisor (the whole office) and an agent (their own cases); late check-outs follow the clock
passed in; the lists behind the tiles add up to the tiles."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import pytest
from sqlalchemy import select, text

from app import settings
from app.auth import authenticate
from app.models import (
    Case,
    CaseStatus,
    Promise,
    PromiseStatus,
    User,
    Visit,
    VisitAgent,
    VisitStatus,
)
from app.queries.dashboard import (
    DEFAULT_GRACE_MINUTES,
    dashboard,
    month_start,
    previous_month,
)
from app.queries.dashboard_lists import recovery_rows, visit_rows
from app.training import CourseStatus, office_training
from tests.office_day import office_today

UTC = dt.UTC


@pytest.fixture
def office(demo_db):
    """The demo office plus a promise due today, one broken this week, a visit today and one
    running past its end without check-out (the demo leaves these to chance)."""
    with demo_db.session() as s:
        as_of = settings.as_of(s)
        zone = zoneinfo.ZoneInfo(s.scalar(text("select timezone from office")))
        agent = s.scalar(select(User).where(User.username == "agent01"))
        mine = s.scalars(
            select(Case)
            .where(Case.assigned_agent_id == agent.id, Case.status != CaseStatus.CLOSED)
            .order_by(Case.id)
        ).all()
        assert len(mine) >= 2
        s.add(Promise(case_id=mine[0].id, amount=50_000, due_on=as_of))
        s.add(
            Promise(
                case_id=mine[1].id,
                amount=80_000,
                due_on=as_of - dt.timedelta(days=2),
                status=PromiseStatus.BROKEN,
                evaluated_on=as_of,
            )
        )
        today_ten = dt.datetime.combine(as_of, dt.time(10), zone)
        for n, (status, start) in enumerate(
            ((VisitStatus.BOOKED, today_ten), (VisitStatus.IN_PROGRESS, today_ten))
        ):
            visit = Visit(
                visit_no=f"VT-{n}",
                case_id=mine[0].id,
                status=status,
                scheduled_start=start,
                scheduled_end=start + dt.timedelta(hours=1),
                checked_in_at=start if status is VisitStatus.IN_PROGRESS else None,
            )
            visit.agents.append(VisitAgent(agent_id=agent.id, lead=True))
            s.add(visit)
    return demo_db


def _scalar(session, sql: str, **params) -> int:
    return int(session.execute(text(sql), params).scalar() or 0)


def _recovered(session, start: dt.date, end: dt.date, agent_id: int | None = None) -> int:
    own = "AND c.assigned_agent_id = :agent" if agent_id else ""
    return _scalar(
        session,
        f"""SELECT SUM(p.amount - p.credit_amount) FROM payment p
            WHERE p.paid_on BETWEEN :start AND :end
            AND EXISTS (SELECT 1 FROM "case" c WHERE c.loan_id = p.loan_id
                        AND c.opened_on <= p.paid_on
                        AND (c.closed_on IS NULL OR c.closed_on >= p.paid_on) {own})""",
        start=start.isoformat(),
        end=end.isoformat(),
        agent=agent_id,
    )


def test_supervisor_figures_equal_independent_sql(office) -> None:
    user = authenticate(office.sessions, "supervisor", "demo")
    with office.sessions() as s:
        as_of = settings.as_of(s)
        d = dashboard(s, user)
        rows = s.execute(
            text(
                """SELECT bucket, COUNT(*), SUM(amount_overdue) FROM "case"
                   WHERE status != 'CLOSED' AND bucket != '' GROUP BY bucket"""
            )
        ).all()
        expected = {b: (n, amount) for b, n, amount in rows}
        assert {b.bucket: (b.count, b.amount) for b in d.buckets if b.count} == expected
        assert d.overdue_amount > 0 and d.overdue_count == sum(n for n, _a in expected.values())
        first, (last_first, last_last) = month_start(as_of), previous_month(as_of)
        assert d.recovered_this_month == _recovered(s, first, as_of)
        assert d.recovered_last_month == _recovered(s, last_first, last_last)
        same_day = last_first.replace(day=min(as_of.day, last_last.day))
        assert d.recovered_last_month_to_date == _recovered(s, last_first, same_day)
        assert d.daily_this_month[-1] == d.recovered_this_month
        assert len(d.daily_last_month) == last_last.day
        assert d.recovered_this_month + d.recovered_last_month > 0  # the chart is not empty
        assert d.promises_due_today == _scalar(
            s,
            """SELECT COUNT(DISTINCT c.id) FROM "case" c JOIN promise p ON p.case_id = c.id
               WHERE c.status != 'CLOSED' AND p.status = 'PENDING' AND p.due_on = :day""",
            day=as_of.isoformat(),
        )
        assert d.promises_due_today >= 1
        assert d.promises_broken_this_week == _scalar(
            s,
            """SELECT COUNT(DISTINCT c.id) FROM "case" c JOIN promise p ON p.case_id = c.id
               WHERE c.status != 'CLOSED' AND p.status IN ('BROKEN', 'PARTIAL')
               AND p.due_on BETWEEN :start AND :day""",
            start=(office_today() - dt.timedelta(days=7)).isoformat(),  # broken in the 7 days
            day=(office_today() - dt.timedelta(days=1)).isoformat(),  # ending today
        )
        assert d.promises_broken_this_week >= 1
        assert d.complaints_near_deadline == _scalar(
            s,
            """SELECT COUNT(*) FROM complaint WHERE status IN ('OPEN', 'INVESTIGATING')
               AND deadline_on <= :limit""",
            limit=(as_of + dt.timedelta(days=3)).isoformat(),
        )
        agents = office_training(s, as_of)
        # An agent with a course lapsed and another expiring is on both (test_training_expiring).
        assert d.training_expiring == sum(
            any(c.status is CourseStatus.EXPIRING for c in a.courses if c.required_for != "none")
            for a in agents
        )
        assert d.training_lapsed == sum(
            a.status in (CourseStatus.LAPSED, CourseStatus.MISSING) for a in agents
        )


def test_visits_today_and_late_checkouts_follow_the_clock_given(office) -> None:
    user = authenticate(office.sessions, "supervisor", "demo")
    with office.sessions() as s:
        as_of = settings.as_of(s)
        zone = zoneinfo.ZoneInfo(s.scalar(text("select timezone from office")))
        start = dt.datetime.combine(as_of, dt.time(0), zone).astimezone(UTC)
        expected_today = _scalar(
            s,
            """SELECT COUNT(*) FROM visit WHERE status != 'CANCELLED'
               AND scheduled_start >= :start AND scheduled_start < :end""",
            start=start.replace(tzinfo=None).isoformat(" "),
            end=(start + dt.timedelta(days=1)).replace(tzinfo=None).isoformat(" "),
        )
        end_of_visit = dt.datetime.combine(as_of, dt.time(11), zone)
        grace = dt.timedelta(minutes=DEFAULT_GRACE_MINUTES)
        before = dashboard(s, user, now=end_of_visit + grace - dt.timedelta(minutes=1))
        after = dashboard(s, user, now=end_of_visit + grace + dt.timedelta(minutes=1))
        assert before.visits_today == expected_today >= 2
        assert after.visits_late_checkout == before.visits_late_checkout + 1
        late = visit_rows(s, user, "late", now=end_of_visit + grace + dt.timedelta(minutes=1))
        assert "VT-1" in [r.visit_no for r in late]
        assert "agent01" not in [r.agents for r in late]  # display names, not user names
        today = visit_rows(s, user, "today")
        assert {"VT-0", "VT-1"} <= {r.visit_no for r in today}
        assert len(today) == expected_today


def test_resolved_or_checked_out_visits_are_not_late(office) -> None:
    user = authenticate(office.sessions, "supervisor", "demo")
    later = dt.datetime.now(UTC) + dt.timedelta(days=2)
    with office.sessions() as s:
        count = dashboard(s, user, now=later).visits_late_checkout
    with office.session() as s:
        visit = s.scalar(select(Visit).where(Visit.visit_no == "VT-1"))
        visit.late_checkout_resolved_at = dt.datetime.now(UTC)
    with office.sessions() as s:
        assert dashboard(s, user, now=later).visits_late_checkout == count - 1


def test_an_agent_sees_only_their_own_cases(office) -> None:
    agent = authenticate(office.sessions, "agent01", "demo")
    supervisor = authenticate(office.sessions, "supervisor", "demo")
    with office.sessions() as s:
        as_of = settings.as_of(s)
        mine = dashboard(s, agent)
        everyone = dashboard(s, supervisor)
        assert mine.overdue_count == _scalar(
            s,
            """SELECT COUNT(*) FROM "case" WHERE status != 'CLOSED' AND bucket != ''
               AND assigned_agent_id = :agent""",
            agent=agent.id,
        )
        assert 0 < mine.overdue_count < everyone.overdue_count
        assert mine.recovered_this_month == _recovered(s, month_start(as_of), as_of, agent.id)
        assert mine.promises_due_today >= 1
        assert mine.visits_today >= 2  # agent01 is on both test visits


def test_the_recovery_list_adds_up_to_the_tile(office) -> None:
    user = authenticate(office.sessions, "supervisor", "demo")
    with office.sessions() as s:
        d = dashboard(s, user)
        rows = recovery_rows(s, user, month_start(d.as_of), d.as_of)
        assert sum(r.amount for r in rows) == d.recovered_this_month
        assert all(r.case_no.startswith("C") for r in rows)
        assert rows == sorted(rows, key=lambda r: r.paid_on, reverse=True)


def test_an_overpayment_kept_as_credit_is_not_recovered(office) -> None:
    """QA: 1,000.00 paid on a loan owing less counted whole on the dashboard, while the
    portfolio report counted what went to the debt."""
    from app.cases.delinquency import loan_position
    from app.cases.payments import record_payment

    user = authenticate(office.sessions, "supervisor", "demo")
    with office.sessions() as s:
        before = dashboard(s, user).recovered_this_month
    with office.session() as s:
        as_of = settings.as_of(s)
        case = s.scalar(
            select(Case).where(Case.status != CaseStatus.CLOSED).order_by(Case.id).limit(1)
        )
        owed = loan_position(s, case.loan_id, as_of).outstanding
        loan_no = s.scalar(text("select loan_no from loan where id = :id"), {"id": case.loan_id})
        payment = record_payment(s, user, loan_no, owed + 100_000, as_of, today=as_of)
        assert payment.credit_amount == 100_000
    with office.sessions() as s:
        d = dashboard(s, user)
        assert d.recovered_this_month == before + owed
        rows = recovery_rows(s, user, month_start(d.as_of), d.as_of)
        assert sum(r.amount for r in rows) == d.recovered_this_month
