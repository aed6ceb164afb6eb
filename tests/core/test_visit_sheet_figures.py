"""The daily visit sheet's figures on the demo office's past days: each visit's amount overdue
and bucket are its loan's on the sheet's day as the portfolio report's snapshots count them (a
second, independent SQL path), not the case's figures of today, which differ for some."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from app.auth import authenticate
from app.models import Case, User, Visit, VisitAgent
from app.queries.visits import SCHEDULED, day_sheet, office_zone
from app.reporting.positions import Snapshots
from app.visits.common import utc
from tests.office_day import office_today


def _past_days(s, zone) -> list[tuple[str, dt.date]]:  # type: ignore[no-untyped-def]
    """(agent, office day) of the demo's scheduled visits before today, the latest first."""
    rows = s.execute(
        select(User.username, Visit.scheduled_start)
        .join(VisitAgent, VisitAgent.visit_id == Visit.id)
        .join(User, User.id == VisitAgent.agent_id)
        .where(Visit.status.in_(SCHEDULED), Visit.scheduled_start.is_not(None))
    ).all()
    days = {(u, utc(start).astimezone(zone).date()) for u, start in rows}
    return sorted((d for d in days if d[1] < office_today()), key=lambda d: (-d[1].toordinal(), d))


def test_past_sheets_agree_with_the_portfolio_snapshots(demo_db) -> None:
    user = authenticate(demo_db.sessions, "supervisor", "demo")
    sheets, expected, today = [], [], []  # per visit: (case, day, amount overdue)
    with demo_db.sessions() as s:
        supervisor = s.get(User, user.id)
        zone = office_zone(s)
        cases = {c.case_no: c for c in s.scalars(select(Case))}
        snapshots = Snapshots(s)
        try:
            for agent, day in _past_days(s, zone)[:40]:
                sheet = day_sheet(s, supervisor, agent, day)
                then = {
                    loan_id: (int(overdue), bucket)
                    for loan_id, bucket, overdue in s.execute(select(snapshots.at(day)))
                }
                for visit in sheet.visits:
                    case = cases[visit.case_no]
                    amount, bucket = then.get(case.loan_id, (0, ""))
                    sheets.append((visit.case_no, day, visit.amount_overdue, visit))
                    expected.append((visit.case_no, day, amount, bucket))
                    today.append(case.amount_overdue)
        finally:
            snapshots.close()
    assert len(sheets) >= 10
    assert [row[:3] for row in sheets] == [row[:3] for row in expected]
    assert [v.bucket for *_, v in sheets] == [bucket for *_, bucket in expected]
    # The test has teeth: the cases' figures of today differ for some of these visits.
    assert [row[2] for row in expected] != today
