"""QA's scenario (s45 qaB, findings 1 and 2) on build_office's L2: a two-instalment plan whose
first instalment, paid on its day, brought the loan up to date, and whose second fell due unpaid.
Dates count back from the office's today, so the queue rebuilt as of today is a live one (it
opens and closes cases); typed plan rows are kept as drafted, never moved off a holiday."""

from __future__ import annotations

import datetime as dt
import zoneinfo

from sqlalchemy import update

from app import settings
from app.agreements import PlanRow, approve, draft_plan, sign
from app.cases.payments import record_payment
from app.contacts import log_contact
from app.models import Agreement, Phone, Promise
from tests.core.test_agreements import DEBT, _case, _user
from tests.office_day import office_today
from tests.trained import train

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")
# L2 owes 12,000.00 in twelve instalments of 1,000.00, at most eleven of them due by today: the
# first row pays them all, the second is the rest.
FIRST = 1_100_000
SECOND = DEBT - FIRST


def plan_brought_current(s, *, rest_later: bool = False) -> tuple[str, dt.date]:
    """L2's plan drafted and signed 10 days ago: FIRST due 8 days ago, paid that day; SECOND due
    5 days ago, unpaid (`rest_later`: half of it, the other half due in 20 days). Nothing judged
    as of today yet. Returns the agreement's number and the missed instalment's due date."""
    t0 = office_today() - dt.timedelta(days=10)
    paid_on, missed = t0 + dt.timedelta(days=2), t0 + dt.timedelta(days=5)
    agent, sup = _user(s, "agent01"), _user(s, "supervisor")
    train(s, _user(s, "admin"), agent)  # for the contacts a test logs
    settings.put(s, sup, "queue.as_of", t0.isoformat())
    rows = [PlanRow(paid_on, FIRST), PlanRow(missed, SECOND)]
    if rest_later:
        later = office_today() + dt.timedelta(days=20)
        rows[1:] = [PlanRow(missed, SECOND // 2), PlanRow(later, SECOND - SECOND // 2)]
    number = draft_plan(s, agent, _case(s, "L2").case_no, rows=rows, today=t0).agreement_no
    s.execute(  # as if drafted that day
        update(Agreement)
        .where(Agreement.agreement_no == number)
        .values(created_at=dt.datetime.combine(t0, dt.time(1), dt.UTC))
    )
    approve(s, sup, number, today=t0)
    sign(s, agent, number, t0, today=t0)
    settings.put(s, sup, "queue.as_of", paid_on.isoformat())  # posted on its day
    record_payment(s, agent, "L2", FIRST, paid_on, today=paid_on)
    settings.put(s, sup, "queue.as_of", None)
    return number, missed


def contact_on(s, day: dt.date) -> None:
    """A letter to L2's borrower at 10:00 office time on `day` (agent01 trained above)."""
    result = log_contact(
        s,
        _user(s, "agent01"),
        _case(s, "L2").case_no,
        channel="letter",
        party="borrower",
        outcome="delivered",
        at=dt.datetime.combine(day, dt.time(10), SHANGHAI),
    )
    assert result.attempt is not None


def promise_on(s, day: dt.date, amount: int, due_on: dt.date) -> None:
    """A call to L2's borrower at 10:00 office time on `day`, connected, with a promise to pay
    `amount` on `due_on` (the borrower's mobile put on file first if none is), logged then."""
    case = _case(s, "L2")
    phones = case.loan.borrower.phones
    if not phones:
        phones.append(Phone(number="+8613812345678", is_primary=True))
        s.flush()
    result = log_contact(
        s,
        _user(s, "agent01"),
        case.case_no,
        channel="call",
        party="borrower",
        outcome="connected",
        phone_number=phones[0].number,
        at=dt.datetime.combine(day, dt.time(10), SHANGHAI),
        promise=(amount, due_on),
    )
    assert result.attempt is not None
    s.execute(  # as if logged then
        update(Promise)
        .where(Promise.case_id == case.id)
        .values(created_at=dt.datetime.combine(day, dt.time(10), SHANGHAI).astimezone(dt.UTC))
    )
