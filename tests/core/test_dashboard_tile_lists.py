"""Each dashboard tile's figure is what the list it opens shows, and what a hand-written query
over the same file counts (found by QA on the dashboard)."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import text

from app.cases.payments import record_payment
from app.models import CaseStatus
from app.queries.cases import QueueFilter, queue_count
from app.queries.dashboard import dashboard
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
