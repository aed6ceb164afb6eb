"""Each dashboard tile's figure is what the list it opens shows, and what a hand-written query
over the same file counts (found by QA on the dashboard)."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import pytest
from sqlalchemy import text

from app import settings
from app.cases.payments import record_payment
from app.models import CaseStatus, Visit, VisitAgent, VisitStatus
from app.queries.cases import QueueFilter, queue_count
from app.queries.dashboard import dashboard
from app.queries.visits import week_calendar
from tests.core.test_agreement_payments_count import _signed_plan
from tests.core.test_agreements import DEBT, _case, _today, _user, build_office


@pytest.fixture
def office(db):
    return build_office(db)


def test_a_case_up_to_date_under_its_agreement_is_not_counted_nor_listed_as_overdue(
    office,
) -> None:
    """QA: the arrears paid under a signed plan, the case stays open at 0 days past due; the
    Overdue tile said "2 open overdue cases" and opened a queue of 3."""
    with office.session() as s:
        _signed_plan(s, "L1", DEBT, _today() + dt.timedelta(days=10))
        overdue = _case(s, "L1").amount_overdue
        record_payment(s, _user(s, "agent01"), "L1", overdue, _today(), today=_today())
        assert _case(s, "L1").dpd == 0 and _case(s, "L1").status is CaseStatus.AGREEMENT
    with office.sessions() as s:
        for name in ("supervisor", "agent01"):
            user = _user(s, name)
            d = dashboard(s, user)
            by_hand = s.execute(
                text("""SELECT COUNT(*) FROM "case" WHERE status != 'CLOSED' AND dpd > 0""")
            ).scalar()
            assert d.overdue_count == by_hand == 2
            assert queue_count(s, user, QueueFilter(overdue=True)) == d.overdue_count
            assert queue_count(s, user, QueueFilter()) == 3  # still open, with its agreement


def test_visits_today_says_how_many_are_still_ahead_and_counts_what_the_calendar_shows(
    office,
) -> None:
    """QA: a visit done this morning still counted on the tile as "booked or under way"."""
    with office.session() as s:
        zone = zoneinfo.ZoneInfo(s.scalar(text("SELECT timezone FROM office")))
        as_of, agent, case = settings.as_of(s), _user(s, "agent01"), _case(s, "L1")
        ten = dt.datetime.combine(as_of, dt.time(10), zone)
        for n, status in enumerate(
            (VisitStatus.COMPLETED, VisitStatus.NO_SHOW, VisitStatus.BOOKED, VisitStatus.CANCELLED)
        ):
            visit = Visit(
                visit_no=f"VQ-{n}",
                case_id=case.id,
                status=status,
                scheduled_start=ten + dt.timedelta(hours=n),
                scheduled_end=ten + dt.timedelta(hours=n, minutes=50),
            )
            visit.agents.append(VisitAgent(agent_id=agent.id, lead=True))
            s.add(visit)
    with office.sessions() as s:
        for name in ("supervisor", "agent01"):
            user = _user(s, name)
            d = dashboard(s, user)
            assert (d.visits_today, d.visits_today_ahead, d.visits_today_over) == (3, 1, 2)
            calendar = week_calendar(s, user, as_of)
            cells = calendar.cells.items()
            shown = {v.visit_no for (_u, day), cell in cells if day == as_of for v in cell}
            assert len(shown) == d.visits_today
