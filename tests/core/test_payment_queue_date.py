"""A payment posted while a supervisor's queue date is in the past leaves its case's figures as of
the queue date, as every other case's (found by QA: the case was rebuilt as of the payment's day,
so the case page read 180 days and 6,313.94 overdue beside parts of 5,813.50 + 600.44 of the
queue date, and the window's queue row disagreed with `casedesk queue`). A payment dated after
the queue date changes nothing as of it; one dated on or before it does.

Q1 (tests/core/ledger_office.py) falls due on the 10th of each month from six months ago; the
queue date is the last day of last month: six instalments overdue, 6,413.94 (principal 5,813.50,
interest 600.44), worked out by hand."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from app import settings
from app.cases.payments import record_payment
from app.cases.rebuild import rebuild_queue
from app.models import Case
from app.queries.case_page import case_detail
from app.queries.cases import queue_rows
from tests.core.ledger_office import build, loan, user
from tests.office_day import months_ago, office_today

FIRST_DUE = months_ago(6, 10)
QUEUE_DATE = months_ago(0, 1) - dt.timedelta(days=1)  # always before today


@pytest.fixture
def office(db):
    build(db, first_due=FIRST_DUE, q2_first_due=office_today() + dt.timedelta(days=40))
    with db.session() as s:
        rebuild_queue(s, None)  # today: Q1's case opens
        settings.put(s, user(s, "sup"), "queue.as_of", QUEUE_DATE.isoformat())
        rebuild_queue(s, None, QUEUE_DATE)  # Rebuild queue, as of the queue date
    return db


def _figures(db) -> tuple[tuple, tuple, tuple]:
    """The stored case's, the case page's and the queue row's (dpd, bucket, overdue), with the
    case page's parts."""
    with db.sessions() as s:
        case = s.scalar(select(Case).where(Case.loan_id == loan(s, "Q1").id))
        detail = case_detail(s, user(s, "sup"), case.case_no)
        row = queue_rows(s, [case.id])[case.id]
        parts = (detail.overdue_principal, detail.overdue_interest, detail.overdue_fee)
        assert detail.amount_overdue == sum(parts)  # the whole is its parts
        return (
            (case.computed_as_of, case.dpd, case.bucket, case.amount_overdue),
            (detail.as_of, detail.dpd, detail.bucket, detail.amount_overdue, *parts),
            (row.dpd, row.bucket, row.amount_overdue),
        )


def test_a_payment_dated_after_the_queue_date_changes_no_figure_as_of_it(office):
    dpd = (QUEUE_DATE - FIRST_DUE).days  # 170-odd: M4+
    expected = (
        (QUEUE_DATE, dpd, "M4+", 641_394),
        (QUEUE_DATE, dpd, "M4+", 641_394, 581_350, 60_044, 0),
        (dpd, "M4+", 641_394),
    )
    assert _figures(office) == expected
    with office.session() as s:
        record_payment(s, user(s, "sup"), "Q1", 10_000, office_today())
    assert _figures(office) == expected  # not today's days past due, nor 6,313.94
    with office.session() as s:  # dated on the queue date: it counts then
        record_payment(s, user(s, "sup"), "Q1", 10_000, QUEUE_DATE)
    assert _figures(office) == (
        (QUEUE_DATE, dpd, "M4+", 631_394),
        (QUEUE_DATE, dpd, "M4+", 631_394, 581_350, 50_044, 0),
        (dpd, "M4+", 631_394),
    )
