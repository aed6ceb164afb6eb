"""The dashboard's "Promises broken in the last 7 days" counts the office's seven days ending
today, whatever the queue date: a promise breaks when its due day ends unpaid, so one due 7 days
ago (broken 6 days ago) counts, one due 8 days ago does not, one due today is not broken yet; a
promise paid in part counts as not kept. The tile's list holds the same cases. QA: the tile
counted due dates in the queue date's 7 days (the queue date itself among them), leaving out the
promise due 7 days ago, and a queue date set in the past moved the whole window."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from app import settings
from app.models import Case, Loan, Promise, PromiseStatus, User
from app.queries.cases import QueueFilter, queue_ids
from app.queries.dashboard import dashboard
from tests.core.visit_office import build_visit_office, login
from tests.office_day import office_today


@pytest.fixture
def office(db):
    """The visit office's four cases, each with one promise at a week's edge."""
    build_visit_office(db)
    today = office_today()
    edges = [
        (7, PromiseStatus.BROKEN),  # due 7 days ago: broken 6 days ago, in the window
        (8, PromiseStatus.BROKEN),  # due 8 days ago: broken a week ago, out
        (1, PromiseStatus.PARTIAL),  # due yesterday, paid in part: broken today, in
        (0, PromiseStatus.PENDING),  # due today: not broken yet
    ]
    with db.session() as s:
        cases = s.scalars(select(Case).join(Loan, Loan.id == Case.loan_id).order_by(Loan.loan_no))
        ids = []
        for case, (days, status) in zip(cases, edges, strict=True):
            due = today - dt.timedelta(days=days)
            s.add(Promise(case_id=case.id, amount=50_000, due_on=due, status=status))
            ids.append(case.id)
    return db, ids


def _broken(db) -> tuple[int, list[int]]:
    """(the tile's figure, the cases of the list it opens), as the supervisor sees them."""
    with db.session() as s:
        boss = s.get(User, login(db, "supervisor").id)
        d = dashboard(s, boss)
        flt = QueueFilter(promise_broken_from=d.broken_due_from, promise_broken_to=d.broken_due_to)
        return d.promises_broken_this_week, sorted(queue_ids(s, boss, flt))


def test_the_seven_days_end_today(office) -> None:
    db, ids = office
    count, listed = _broken(db)
    assert count == 2 and listed == sorted([ids[0], ids[2]])


def test_a_past_queue_date_does_not_move_the_seven_days(office) -> None:
    db, ids = office
    with db.session() as s:
        admin = s.get(User, login(db, "admin").id)
        settings.put(s, admin, "queue.as_of", (office_today() - dt.timedelta(days=3)).isoformat())
    count, listed = _broken(db)
    assert count == 2 and listed == sorted([ids[0], ids[2]])
