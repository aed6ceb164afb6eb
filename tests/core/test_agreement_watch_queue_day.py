"""An agreement signed on the office's today is watched from then on, though the queue's date
is a day behind it (found by QA in the window at 00:40 in Shanghai: the queue date is this
computer's, UTC, and the Post payment dialog dates a payment by it; the 20,000.00 paid at the
counter after the signing left the plan at "Paid 0.00" until the next day)."""

from __future__ import annotations

import datetime as dt

import pytest

from app import settings
from app.agreements import approve, draft_plan, sign
from app.cases.payments import record_payment
from app.models import AgreementStatus
from tests.core.test_agreements import _agreement, _case, _today, _user, build_office


@pytest.fixture
def office(db):
    return build_office(db)


def test_a_payment_dated_the_queue_day_counts_toward_an_agreement_signed_today(office) -> None:
    """The queue's date is set a day behind the office's today, as the computer's date is from
    16:00 UTC: explicit, so that the test reads the same at any hour."""
    today = _today()
    queue_day = today - dt.timedelta(days=1)
    with office.session() as s:
        sup, agent = _user(s, "supervisor"), _user(s, "agent01")
        settings.put(s, sup, "queue.as_of", queue_day.isoformat())
        number = draft_plan(
            s, agent, _case(s, "L1").case_no, count=2, start=today + dt.timedelta(days=10)
        ).agreement_no
        approve(s, sup, number)
        sign(s, sup, number, today)
        first = _agreement(s, number).instalments[0]
        record_payment(s, agent, "L1", first.amount, queue_day, today=today)
        a = _agreement(s, number)
        assert a.status is AgreementStatus.ACTIVE
        assert [(i.status, i.paid_amount) for i in a.instalments] == [
            ("pending", first.amount),
            ("pending", 0),
        ]
        # Paid in full the same evening: completed, not left active until the next day.
        record_payment(s, agent, "L1", a.settled_amount - first.amount, queue_day, today=today)
        assert _agreement(s, number).status is AgreementStatus.COMPLETED
