"""The demo builder's promises and diary: no payment counted toward two promises, promises
judged as the core judges them, a visit moved off a public holiday."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select, update

from app.demo import build_demo
from app.models import Case, Payment, PromiseStatus
from db.store import Database


def _promises_and_payments(database: Database) -> tuple[dt.date, dict[int, list[Any]], Any]:
    """The build date, each loan's promises (id, made on (the office's day), due, amount,
    status, paid) and each loan's payments (date, amount)."""
    from app.models import AuditEntry, Office, Promise
    from app.promises import made_on

    with database.session() as s:
        build = s.scalar(select(AuditEntry.changes).where(AuditEntry.action == "demo.build"))
        assert build is not None
        zone = ZoneInfo(s.scalar(select(Office.timezone)))
        promises: dict[int, list[Any]] = defaultdict(list)
        for loan_id, *row in s.execute(
            select(
                Case.loan_id,
                Promise.id,
                Promise.created_at,
                Promise.due_on,
                Promise.amount,
                Promise.status,
                Promise.paid_amount,
            ).join(Case, Case.id == Promise.case_id)
        ):
            promise_id, created, due, amount, status, paid = row
            made = made_on(created, zone)
            promises[loan_id].append((promise_id, made, due, amount, status, paid))
        payments: dict[int, list[tuple[dt.date, int]]] = defaultdict(list)
        for loan_id, day, amount in s.execute(
            select(Payment.loan_id, Payment.paid_on, Payment.amount).where(
                Payment.loan_id.in_(list(promises))
            )
        ):
            payments[loan_id].append((day, amount))
    return dt.date.fromisoformat(str(build["as_of"])), promises, payments


def _check_promises(database: Database) -> int:
    """No payment counts twice, and every promise is judged as the core judges it; returns how
    many loans have promises whose windows overlap.

    Counted once: for every stretch of days, what the promises made and due within it were
    credited is at most what the loan was paid in it (a promise's window as the core reads it,
    from the office-local day it was made to its due date). Judged as the core does: the status and
    amount paid app.promises.evaluate_promises gives, run as of the build date on promises
    never judged."""
    from app.models import Promise, PromiseStatus
    from app.promises import evaluate_promises

    as_of, promises, payments = _promises_and_payments(database)
    overlapping, twice = 0, []
    for loan_id, made in promises.items():
        credited = [(since, due, paid) for _id, since, due, _amount, _status, paid in made]
        overlapping += any(
            a[0] <= b[1] and b[0] <= a[1] for n, a in enumerate(credited) for b in credited[:n]
        )
        for start in {since for since, _due, _paid in credited}:
            for end in {due for _since, due, _paid in credited if due >= start}:
                owed = sum(paid for since, due, paid in credited if start <= since and due <= end)
                paid_in = sum(a for day, a in payments[loan_id] if start <= day <= end)
                if owed > paid_in:
                    twice.append((loan_id, start, end, owed, paid_in))
    assert twice == []
    built = {row[0]: (row[4], row[5]) for made in promises.values() for row in made}
    with database.session() as s:
        s.execute(update(Promise).values(status=PromiseStatus.PENDING, paid_amount=0))
        evaluate_promises(s, as_of)
        judged = {
            promise_id: (status, paid)
            for promise_id, status, paid in s.execute(
                select(Promise.id, Promise.status, Promise.paid_amount)
            )
        }
        s.rollback()
    assert {pid: (v, judged[pid]) for pid, v in built.items() if judged[pid] != v} == {}
    return overlapping


def test_the_demo_counts_a_payment_toward_one_promise_only(demo_db: Database) -> None:
    """The small demo the tests use (built as of today): no payment counts toward two promises,
    and its promises are judged as the core judges them."""
    _check_promises(demo_db)


def test_the_demo_shares_a_payment_between_overlapping_promises(db: Database) -> None:
    """The same small demo built on a day when two of its loans have promises sharing a payment
    (the demo's own rule once credited it to both, and three days' grace beyond the due date)."""
    from tests.conftest import DEMO_LOANS, DEMO_SEED

    build_demo(db, loans=DEMO_LOANS, seed=DEMO_SEED, as_of=dt.date(2026, 9, 1))
    assert _check_promises(db) >= 2


@pytest.mark.parametrize(
    ("paid_on", "status"),
    [(dt.date(2026, 3, 9), PromiseStatus.BROKEN), (dt.date(2026, 3, 10), PromiseStatus.KEPT)],
)
def test_the_demo_opens_a_promise_window_on_the_office_day_it_was_made(
    paid_on: dt.date, status: PromiseStatus
) -> None:
    """A promise the demo makes at 07:30 in Shanghai (23:30 the day before in UTC) is judged as
    the core judges it: a payment from the evening before is not in its window."""
    import random
    from types import SimpleNamespace

    from app.demo.activity import ActivityBuilder
    from app.demo.context import Context

    made = dt.datetime(2026, 3, 10, 7, 30, tzinfo=ZoneInfo("Asia/Shanghai")).astimezone(dt.UTC)
    builder = ActivityBuilder(Context(random.Random(1), dt.date(2026, 4, 1), writer=None))  # type: ignore[arg-type]
    promise = {"id": 1, "amount": 50_000, "created_at": made, "due_on": dt.date(2026, 3, 15)}
    work = SimpleNamespace(facts=SimpleNamespace(payments=[(paid_on, 50_000)]))
    builder.judge(work, [promise])  # type: ignore[arg-type]
    assert (promise["status"], promise["paid_amount"]) == (
        status,
        50_000 if status is PromiseStatus.KEPT else 0,
    )


def test_the_diary_moves_a_visit_off_a_public_holiday() -> None:
    """A visit wished for National Day goes to the nearest day the holiday calendar (the one the
    rule public_holidays reads) leaves free: 2026-10-04, a Sunday between the days off, when
    looking later, and 2026-09-30 when looking back."""
    import random

    from app.demo.agenda import Agenda

    agenda = Agenda(random.Random(1), [1, 2, 3])
    later = agenda.find(dt.date(2026, 10, 1), 1, 1)
    earlier = agenda.find(dt.date(2026, 10, 1), 1, -1)
    assert later is not None and later.day == dt.date(2026, 10, 4)
    assert earlier is not None and earlier.day == dt.date(2026, 9, 30)
