"""An agreement never ends before it was signed (found by QA): a payment the bank dated the day
before the signing, posted after it, completed a settlement signed on 12-05 "on 2026-12-04".
It ends on the later of its signing day and the day the last payment it needed came — the same
day in the list and detail, the case's story, the audit entry, the loan's closing day and the
portfolio report's count of agreements completed in a period."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select, update

from app.agreements import approve, draft_settlement, list_agreements, sign
from app.agreements.outcome import ended_on
from app.cases.payments import find_loan, record_payment
from app.models import Agreement, AgreementStatus, AuditEntry, LoanStatus
from app.queries.case_page import case_detail
from app.reporting.period import Period
from app.reporting.portfolio_agreements import agreement_figures
from tests.core.test_agreements import _agreement, _case, _user, build_office
from tests.office_day import office_today

ZONE = "Asia/Shanghai"


def test_a_payment_dated_before_the_signing_ends_it_on_the_signing_day(db) -> None:
    office = build_office(db)
    today = office_today()
    yesterday = today - dt.timedelta(days=1)
    with office.session() as s:
        agent, sup = _user(s, "agent01"), _user(s, "supervisor")
        case_no = _case(s, "L1").case_no
        number = draft_settlement(s, agent, case_no, 900_000, today=today).agreement_no
        approve(s, sup, number, today=today)
        sign(s, agent, number, today, today=today)
        # Paid the day before the signing, by the bank's date; posted after the signing.
        record_payment(s, agent, "L1", 900_000, yesterday, today=today)
        agreement = _agreement(s, number)
        assert agreement.status is AgreementStatus.COMPLETED
        assert ended_on(s, [agreement.id]) == {agreement.id: today}
        (row,) = [r for r in list_agreements(s, sup) if r.agreement_no == number]
        assert (row.signed_on, row.ended_on) == (today, today)

        entry = s.scalar(
            select(AuditEntry).where(
                AuditEntry.entity_id == number, AuditEntry.action == "agreement.completed"
            )
        )
        assert entry is not None and entry.changes["on"] == today.isoformat()
        loan = find_loan(s, "L1")
        s.refresh(loan)
        assert loan.status is LoanStatus.SETTLED and loan.closed_on == today

        items = case_detail(s, sup, case_no, "en").timeline
        (line,) = [i for i in items if i.kind == "agreement" and number in i.title]
        assert line.detail.endswith(f" · Completed on {today}: the agreed amount is paid.")

        def completed(start: dt.date, end: dt.date) -> int:
            return agreement_figures(s, Period(start, end, ZONE)).completed

        assert completed(yesterday, yesterday) == 0  # not yet signed: not yet ended
        assert completed(today, today) == 1
        assert completed(yesterday, today) == 1
        assert completed(today - dt.timedelta(days=30), yesterday) == 0


def test_a_payment_after_the_signing_still_ends_it_on_its_own_day(db) -> None:
    """The signing day is only a floor: paid later, it ends the day it was paid."""
    office = build_office(db)
    today = office_today()
    before = today - dt.timedelta(days=3)
    with office.session() as s:
        agent, sup = _user(s, "agent01"), _user(s, "supervisor")
        number = draft_settlement(s, agent, _case(s, "L2").case_no, 900_000, today=before)
        s.execute(  # drafted that day, as the office's clock had it then
            update(Agreement)
            .where(Agreement.id == number.id)
            .values(created_at=dt.datetime.combine(before, dt.time(1), dt.UTC))
        )
        approve(s, sup, number.agreement_no, today=before)
        sign(s, agent, number.agreement_no, before, today=before)
        paid_on = before + dt.timedelta(days=1)
        record_payment(s, agent, "L2", 900_000, paid_on, today=today)
        agreement = _agreement(s, number.agreement_no)
        assert agreement.status is AgreementStatus.COMPLETED
        assert ended_on(s, [agreement.id]) == {agreement.id: paid_on}
        assert agreement_figures(s, Period(paid_on, paid_on, ZONE)).completed == 1
        assert agreement_figures(s, Period(before, before, ZONE)).completed == 0
