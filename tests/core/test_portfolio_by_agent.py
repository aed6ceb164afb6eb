"""The portfolio report's By-agent table credits each loan to the agent who held its case at the
period's end, from the assignment history: reassigning cases after the period (a deactivation
handing them back, an assignment) leaves a printed period's figures as they were."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from app.accounts import deactivate_user
from app.cases.assign_write import CaseRow, case_rows, write_assignments
from app.models import Case, CaseStatus, Role, User
from app.models.base import acting_at
from app.reporting import portfolio_report
from app.reporting.period import office_today
from app.reporting.portfolio_parts import AgentRow
from app.reporting.positions import Snapshots


def user(session, name: str) -> User:
    return session.scalar(select(User).where(User.username == name))


def periods(today: dt.date) -> tuple[tuple[dt.date, dt.date], tuple[dt.date, dt.date]]:
    """Two 30-day periods ending 41 and 11 days ago: the earlier one, then the later one."""
    end = today - dt.timedelta(days=11)
    earlier_end = end - dt.timedelta(days=30)
    return (earlier_end - dt.timedelta(days=29), earlier_end), (end - dt.timedelta(days=29), end)


def by_agent(session, period: tuple[dt.date, dt.date]) -> dict[str, AgentRow]:
    start, end = period
    report = portfolio_report(session, user(session, "supervisor"), end, start, end)
    return {row.agent: row for row in report.agents}


def noon(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(12), dt.UTC)


def test_reassigning_after_the_period_leaves_its_by_agent_figures(demo_db) -> None:
    with demo_db.sessions() as s:
        _, period = periods(office_today(s))
        before = by_agent(s, period)
        # The agent with the most loans in the table, whose open cases go back to the queue.
        agent = max((r for r in before.values() if r.agent), key=lambda r: r.loans)
        username = s.scalar(select(User.username).where(User.display_name == agent.agent))
        held = deactivate_user(s, user(s, "admin"), username)
        s.flush()
        assert held.cases > 0
        assert by_agent(s, period) == before


def _overdue_case(session, days: list[dt.date]) -> Case:
    """An open case held by an agent, opened before the first day, its loan overdue on each day
    and with no other case: its loan's figures go wherever the case's holder goes."""
    snapshots = Snapshots(session)
    try:
        snapshots.prepare(days)
        overdue = set.intersection(
            *(set(session.scalars(select(snapshots.at(d).c.loan_id))) for d in days)
        )
    finally:
        snapshots.close()
    cases = session.scalars(
        select(Case)
        .where(
            Case.status != CaseStatus.CLOSED,
            Case.assigned_agent_id.is_not(None),
            Case.opened_on < days[0],
        )
        .order_by(Case.id)
    ).all()
    counts: dict[int, int] = {}
    for loan_id in session.scalars(select(Case.loan_id)):
        counts[loan_id] = counts.get(loan_id, 0) + 1
    return next(c for c in cases if c.loan_id in overdue and counts[c.loan_id] == 1)


def _move(session, case: Case, to: User | None, at: dt.datetime) -> None:
    row = session.execute(case_rows().where(Case.id == case.id)).one()
    with acting_at(at):
        write_assignments(session, user(session, "supervisor"), [(CaseRow._make(row), to)])
    session.flush()
    session.expire_all()


def test_a_case_handed_over_within_the_period_counts_for_its_holder_at_the_end(demo_db) -> None:
    with demo_db.sessions() as s:
        earlier, period = periods(office_today(s))
        x = _overdue_case(s, [earlier[0] - dt.timedelta(days=1), period[0] - dt.timedelta(days=1)])
        first = s.get(User, x.assigned_agent_id)
        others = s.scalars(
            select(User)
            .where(User.role == Role.AGENT, User.active.is_(True), User.id != first.id)
            .order_by(User.id)
        ).all()
        second, third = others[0], others[1]
        was_earlier, was = by_agent(s, earlier), by_agent(s, period)
        # Handed to `second` in the middle of the period, then to `third` after it, and then
        # back to the queue today.
        _move(s, x, second, noon(period[0] + dt.timedelta(days=10)))
        _move(s, x, third, noon(period[1] + dt.timedelta(days=3)))
        _move(s, x, None, noon(office_today(s) - dt.timedelta(days=1)))
        now = by_agent(s, period)
        assert now[first.display_name].loans == was[first.display_name].loans - 1
        got = now[second.display_name].loans
        assert got == (was[second.display_name].loans if second.display_name in was else 0) + 1
        assert {
            k: r for k, r in now.items() if k not in (first.display_name, second.display_name)
        } == {k: r for k, r in was.items() if k not in (first.display_name, second.display_name)}
        # The earlier period ended before the handover: its holder then was the first agent.
        assert by_agent(s, earlier) == was_earlier
